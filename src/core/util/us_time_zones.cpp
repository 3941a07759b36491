#include "core/util/us_time_zones.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace crm::us_zones {
namespace {

struct StateZone {
  std::string_view code;
  std::string_view name;  // lower case
  std::string_view zone;
};

// US states, DC and territories. Split states take the zone of most of their people.
constexpr StateZone kStates[] = {
    {"AL", "alabama", "America/Chicago"},
    {"AK", "alaska", "America/Anchorage"},
    {"AZ", "arizona", "America/Phoenix"},
    {"AR", "arkansas", "America/Chicago"},
    {"CA", "california", "America/Los_Angeles"},
    {"CO", "colorado", "America/Denver"},
    {"CT", "connecticut", "America/New_York"},
    {"DE", "delaware", "America/New_York"},
    {"DC", "district of columbia", "America/New_York"},
    {"FL", "florida", "America/New_York"},
    {"GA", "georgia", "America/New_York"},
    {"HI", "hawaii", "Pacific/Honolulu"},
    {"ID", "idaho", "America/Boise"},
    {"IL", "illinois", "America/Chicago"},
    {"IN", "indiana", "America/Indiana/Indianapolis"},
    {"IA", "iowa", "America/Chicago"},
    {"KS", "kansas", "America/Chicago"},
    {"KY", "kentucky", "America/New_York"},
    {"LA", "louisiana", "America/Chicago"},
    {"ME", "maine", "America/New_York"},
    {"MD", "maryland", "America/New_York"},
    {"MA", "massachusetts", "America/New_York"},
    {"MI", "michigan", "America/Detroit"},
    {"MN", "minnesota", "America/Chicago"},
    {"MS", "mississippi", "America/Chicago"},
    {"MO", "missouri", "America/Chicago"},
    {"MT", "montana", "America/Denver"},
    {"NE", "nebraska", "America/Chicago"},
    {"NV", "nevada", "America/Los_Angeles"},
    {"NH", "new hampshire", "America/New_York"},
    {"NJ", "new jersey", "America/New_York"},
    {"NM", "new mexico", "America/Denver"},
    {"NY", "new york", "America/New_York"},
    {"NC", "north carolina", "America/New_York"},
    {"ND", "north dakota", "America/Chicago"},
    {"OH", "ohio", "America/New_York"},
    {"OK", "oklahoma", "America/Chicago"},
    {"OR", "oregon", "America/Los_Angeles"},
    {"PA", "pennsylvania", "America/New_York"},
    {"RI", "rhode island", "America/New_York"},
    {"SC", "south carolina", "America/New_York"},
    {"SD", "south dakota", "America/Chicago"},
    {"TN", "tennessee", "America/Chicago"},
    {"TX", "texas", "America/Chicago"},
    {"UT", "utah", "America/Denver"},
    {"VT", "vermont", "America/New_York"},
    {"VA", "virginia", "America/New_York"},
    {"WA", "washington", "America/Los_Angeles"},
    {"WV", "west virginia", "America/New_York"},
    {"WI", "wisconsin", "America/Chicago"},
    {"WY", "wyoming", "America/Denver"},
    {"PR", "puerto rico", "America/Puerto_Rico"},
    {"VI", "virgin islands", "America/St_Thomas"},
    {"GU", "guam", "Pacific/Guam"},
    {"AS", "american samoa", "Pacific/Pago_Pago"},
    {"MP", "northern mariana islands", "Pacific/Saipan"},
};

constexpr StateZone kProvinces[] = {
    {"AB", "alberta", "America/Edmonton"},
    {"BC", "british columbia", "America/Vancouver"},
    {"MB", "manitoba", "America/Winnipeg"},
    {"NB", "new brunswick", "America/Moncton"},
    {"NL", "newfoundland and labrador", "America/St_Johns"},
    {"NS", "nova scotia", "America/Halifax"},
    {"NT", "northwest territories", "America/Edmonton"},
    {"NU", "nunavut", "America/Iqaluit"},
    {"ON", "ontario", "America/Toronto"},
    {"PE", "prince edward island", "America/Halifax"},
    {"QC", "quebec", "America/Toronto"},
    {"SK", "saskatchewan", "America/Regina"},
    {"YT", "yukon", "America/Whitehorse"},
};

struct AreaZone {
  int code;
  std::string_view zone;
};

// North American area codes (+1 NPA) to the zone of most of their exchanges. Derived from the
// time-zone map of libphonenumber (Apache-2.0, resources/timezones/map_data.txt, 2018 data),
// taking per area code the zone of most exchanges, with corrections where that map only lists
// candidate zones (208/986 Idaho, 423 East Tennessee, 605/701 the Dakotas, 709/879
// Newfoundland, 775 Nevada, 867 the northern territories, 907 Alaska, 219 northwest Indiana,
// 270 western Kentucky). Sorted by code.
constexpr AreaZone kAreaCodes[] = {
    {201, "America/New_York"},      {202, "America/New_York"},    {203, "America/New_York"},
    {204, "America/Winnipeg"},      {205, "America/Chicago"},     {206, "America/Los_Angeles"},
    {207, "America/New_York"},      {208, "America/Boise"},       {209, "America/Los_Angeles"},
    {210, "America/Chicago"},       {212, "America/New_York"},    {213, "America/Los_Angeles"},
    {214, "America/Chicago"},       {215, "America/New_York"},    {216, "America/New_York"},
    {217, "America/Chicago"},       {218, "America/Chicago"},     {219, "America/Chicago"},
    {220, "America/New_York"},      {223, "America/New_York"},    {224, "America/Chicago"},
    {225, "America/Chicago"},       {226, "America/Toronto"},     {227, "America/New_York"},
    {228, "America/Chicago"},       {229, "America/New_York"},    {231, "America/New_York"},
    {234, "America/New_York"},      {235, "America/Chicago"},     {236, "America/Vancouver"},
    {239, "America/New_York"},      {240, "America/New_York"},    {242, "America/Nassau"},
    {246, "America/Barbados"},      {248, "America/New_York"},    {249, "America/Toronto"},
    {250, "America/Vancouver"},     {251, "America/Chicago"},     {252, "America/New_York"},
    {253, "America/Los_Angeles"},   {254, "America/Chicago"},     {256, "America/Chicago"},
    {257, "America/Vancouver"},     {260, "America/New_York"},    {262, "America/Chicago"},
    {263, "America/Toronto"},       {264, "America/Anguilla"},    {267, "America/New_York"},
    {268, "America/Antigua"},       {269, "America/New_York"},    {270, "America/Chicago"},
    {272, "America/New_York"},      {274, "America/Chicago"},     {276, "America/New_York"},
    {279, "America/Los_Angeles"},   {281, "America/Chicago"},     {283, "America/New_York"},
    {284, "America/Tortola"},       {289, "America/Toronto"},     {301, "America/New_York"},
    {302, "America/New_York"},      {303, "America/Denver"},      {304, "America/New_York"},
    {305, "America/New_York"},      {306, "America/Regina"},      {307, "America/Denver"},
    {308, "America/Chicago"},       {309, "America/Chicago"},     {310, "America/Los_Angeles"},
    {312, "America/Chicago"},       {313, "America/New_York"},    {314, "America/Chicago"},
    {315, "America/New_York"},      {316, "America/Chicago"},     {317, "America/New_York"},
    {318, "America/Chicago"},       {319, "America/Chicago"},     {320, "America/Chicago"},
    {321, "America/New_York"},      {323, "America/Los_Angeles"}, {324, "America/New_York"},
    {325, "America/Chicago"},       {326, "America/New_York"},    {327, "America/Chicago"},
    {329, "America/New_York"},      {330, "America/New_York"},    {331, "America/Chicago"},
    {332, "America/New_York"},      {334, "America/Chicago"},     {336, "America/New_York"},
    {337, "America/Chicago"},       {339, "America/New_York"},    {340, "America/St_Thomas"},
    {341, "America/Los_Angeles"},   {343, "America/Toronto"},     {345, "America/Cayman"},
    {346, "America/Chicago"},       {347, "America/New_York"},    {350, "America/Los_Angeles"},
    {351, "America/New_York"},      {352, "America/New_York"},    {353, "America/Chicago"},
    {354, "America/Toronto"},       {360, "America/Los_Angeles"}, {361, "America/Chicago"},
    {363, "America/New_York"},      {364, "America/New_York"},    {365, "America/Toronto"},
    {367, "America/Toronto"},       {368, "America/Edmonton"},    {369, "America/Los_Angeles"},
    {380, "America/New_York"},      {382, "America/Toronto"},     {385, "America/Denver"},
    {386, "America/New_York"},      {401, "America/New_York"},    {402, "America/Chicago"},
    {403, "America/Edmonton"},      {404, "America/New_York"},    {405, "America/Chicago"},
    {406, "America/Denver"},        {407, "America/New_York"},    {408, "America/Los_Angeles"},
    {409, "America/Chicago"},       {410, "America/New_York"},    {412, "America/New_York"},
    {413, "America/New_York"},      {414, "America/Chicago"},     {415, "America/Los_Angeles"},
    {416, "America/Toronto"},       {417, "America/Chicago"},     {418, "America/Toronto"},
    {419, "America/New_York"},      {423, "America/New_York"},    {424, "America/Los_Angeles"},
    {425, "America/Los_Angeles"},   {428, "America/Halifax"},     {430, "America/Chicago"},
    {431, "America/Winnipeg"},      {432, "America/Chicago"},     {434, "America/New_York"},
    {435, "America/Denver"},        {437, "America/Toronto"},     {438, "America/Toronto"},
    {440, "America/New_York"},      {441, "Atlantic/Bermuda"},    {442, "America/Los_Angeles"},
    {443, "America/New_York"},      {445, "America/New_York"},    {447, "America/Chicago"},
    {448, "America/New_York"},      {450, "America/Toronto"},     {458, "America/Los_Angeles"},
    {463, "America/New_York"},      {464, "America/Chicago"},     {468, "America/Toronto"},
    {469, "America/Chicago"},       {470, "America/New_York"},    {472, "America/New_York"},
    {473, "America/Grenada"},       {474, "America/Winnipeg"},    {475, "America/New_York"},
    {478, "America/New_York"},      {479, "America/Chicago"},     {480, "America/Phoenix"},
    {484, "America/New_York"},      {501, "America/Chicago"},     {502, "America/New_York"},
    {503, "America/Los_Angeles"},   {504, "America/Chicago"},     {505, "America/Denver"},
    {506, "America/Halifax"},       {507, "America/Chicago"},     {508, "America/New_York"},
    {509, "America/Los_Angeles"},   {510, "America/Los_Angeles"}, {512, "America/Chicago"},
    {513, "America/New_York"},      {514, "America/Toronto"},     {515, "America/Chicago"},
    {516, "America/New_York"},      {517, "America/New_York"},    {518, "America/New_York"},
    {519, "America/Toronto"},       {520, "America/Phoenix"},     {530, "America/Los_Angeles"},
    {531, "America/Chicago"},       {534, "America/Chicago"},     {539, "America/Chicago"},
    {540, "America/New_York"},      {541, "America/Los_Angeles"}, {548, "America/Toronto"},
    {551, "America/New_York"},      {557, "America/Chicago"},     {559, "America/Los_Angeles"},
    {561, "America/New_York"},      {562, "America/Los_Angeles"}, {563, "America/Chicago"},
    {564, "America/Los_Angeles"},   {567, "America/New_York"},    {570, "America/New_York"},
    {571, "America/New_York"},      {572, "America/Chicago"},     {573, "America/Chicago"},
    {574, "America/New_York"},      {575, "America/Denver"},      {579, "America/Toronto"},
    {580, "America/Chicago"},       {581, "America/Toronto"},     {582, "America/New_York"},
    {584, "America/Winnipeg"},      {585, "America/New_York"},    {586, "America/New_York"},
    {587, "America/Edmonton"},      {601, "America/Chicago"},     {602, "America/Phoenix"},
    {603, "America/New_York"},      {604, "America/Vancouver"},   {605, "America/Chicago"},
    {606, "America/New_York"},      {607, "America/New_York"},    {608, "America/Chicago"},
    {609, "America/New_York"},      {610, "America/New_York"},    {612, "America/Chicago"},
    {613, "America/Toronto"},       {614, "America/New_York"},    {615, "America/Chicago"},
    {616, "America/New_York"},      {617, "America/New_York"},    {618, "America/Chicago"},
    {619, "America/Los_Angeles"},   {620, "America/Chicago"},     {623, "America/Phoenix"},
    {626, "America/Los_Angeles"},   {628, "America/Los_Angeles"}, {629, "America/Chicago"},
    {630, "America/Chicago"},       {631, "America/New_York"},    {636, "America/Chicago"},
    {639, "America/Regina"},        {640, "America/New_York"},    {641, "America/Chicago"},
    {645, "America/New_York"},      {646, "America/New_York"},    {647, "America/Toronto"},
    {649, "America/Grand_Turk"},    {650, "America/Los_Angeles"}, {651, "America/Chicago"},
    {656, "America/New_York"},      {657, "America/Los_Angeles"}, {658, "America/Jamaica"},
    {659, "America/Chicago"},       {660, "America/Chicago"},     {661, "America/Los_Angeles"},
    {662, "America/Chicago"},       {664, "America/Montserrat"},  {667, "America/New_York"},
    {669, "America/Los_Angeles"},   {670, "Pacific/Saipan"},      {671, "Pacific/Guam"},
    {672, "America/Vancouver"},     {678, "America/New_York"},    {680, "America/New_York"},
    {681, "America/New_York"},      {682, "America/Chicago"},     {683, "America/Toronto"},
    {684, "Pacific/Pago_Pago"},     {686, "America/New_York"},    {689, "America/Chicago"},
    {701, "America/Chicago"},       {702, "America/Los_Angeles"}, {703, "America/New_York"},
    {704, "America/New_York"},      {705, "America/Toronto"},     {706, "America/New_York"},
    {707, "America/Los_Angeles"},   {708, "America/Chicago"},     {709, "America/St_Johns"},
    {712, "America/Chicago"},       {713, "America/Chicago"},     {714, "America/Los_Angeles"},
    {715, "America/Chicago"},       {716, "America/New_York"},    {717, "America/New_York"},
    {718, "America/New_York"},      {719, "America/Denver"},      {720, "America/Denver"},
    {721, "America/Lower_Princes"}, {724, "America/New_York"},    {725, "America/Los_Angeles"},
    {726, "America/Chicago"},       {727, "America/New_York"},    {728, "America/New_York"},
    {730, "America/Chicago"},       {731, "America/Chicago"},     {732, "America/New_York"},
    {734, "America/New_York"},      {737, "America/Chicago"},     {738, "America/Los_Angeles"},
    {740, "America/New_York"},      {742, "America/Toronto"},     {743, "America/New_York"},
    {747, "America/Los_Angeles"},   {748, "America/Denver"},      {753, "America/Toronto"},
    {754, "America/New_York"},      {757, "America/New_York"},    {758, "America/St_Lucia"},
    {760, "America/Los_Angeles"},   {762, "America/New_York"},    {763, "America/Chicago"},
    {765, "America/New_York"},      {767, "America/Dominica"},    {769, "America/Chicago"},
    {770, "America/New_York"},      {771, "America/New_York"},    {772, "America/New_York"},
    {773, "America/Chicago"},       {774, "America/New_York"},    {775, "America/Los_Angeles"},
    {778, "America/Vancouver"},     {779, "America/Chicago"},     {780, "America/Edmonton"},
    {781, "America/New_York"},      {782, "America/Halifax"},     {784, "America/St_Vincent"},
    {785, "America/Chicago"},       {786, "America/New_York"},    {787, "America/Puerto_Rico"},
    {801, "America/Denver"},        {802, "America/New_York"},    {803, "America/New_York"},
    {804, "America/New_York"},      {805, "America/Los_Angeles"}, {806, "America/Chicago"},
    {807, "America/Toronto"},       {808, "Pacific/Honolulu"},    {809, "America/Santo_Domingo"},
    {810, "America/New_York"},      {812, "America/New_York"},    {813, "America/New_York"},
    {814, "America/New_York"},      {815, "America/Chicago"},     {816, "America/Chicago"},
    {817, "America/Chicago"},       {818, "America/Los_Angeles"}, {819, "America/Toronto"},
    {820, "America/Los_Angeles"},   {821, "America/New_York"},    {825, "America/Edmonton"},
    {826, "America/New_York"},      {828, "America/New_York"},    {829, "America/Santo_Domingo"},
    {830, "America/Chicago"},       {831, "America/Los_Angeles"}, {832, "America/Chicago"},
    {835, "America/New_York"},      {838, "America/New_York"},    {839, "America/New_York"},
    {840, "America/Los_Angeles"},   {843, "America/New_York"},    {845, "America/New_York"},
    {847, "America/Chicago"},       {848, "America/New_York"},    {849, "America/Santo_Domingo"},
    {850, "America/New_York"},      {854, "America/New_York"},    {856, "America/New_York"},
    {857, "America/New_York"},      {858, "America/Los_Angeles"}, {859, "America/New_York"},
    {860, "America/New_York"},      {862, "America/New_York"},    {863, "America/New_York"},
    {864, "America/New_York"},      {865, "America/New_York"},    {867, "America/Edmonton"},
    {868, "America/Port_of_Spain"}, {869, "America/St_Kitts"},    {870, "America/Chicago"},
    {872, "America/Chicago"},       {873, "America/Toronto"},     {876, "America/Jamaica"},
    {878, "America/New_York"},      {879, "America/St_Johns"},    {901, "America/Chicago"},
    {902, "America/Halifax"},       {903, "America/Chicago"},     {904, "America/New_York"},
    {905, "America/Toronto"},       {906, "America/New_York"},    {907, "America/Anchorage"},
    {908, "America/New_York"},      {909, "America/Los_Angeles"}, {910, "America/New_York"},
    {912, "America/New_York"},      {913, "America/Chicago"},     {914, "America/New_York"},
    {915, "America/Denver"},        {916, "America/Los_Angeles"}, {917, "America/New_York"},
    {918, "America/Chicago"},       {919, "America/New_York"},    {920, "America/Chicago"},
    {925, "America/Los_Angeles"},   {928, "America/Phoenix"},     {929, "America/New_York"},
    {930, "America/New_York"},      {931, "America/Chicago"},     {934, "America/New_York"},
    {936, "America/Chicago"},       {937, "America/New_York"},    {938, "America/Chicago"},
    {939, "America/Puerto_Rico"},   {940, "America/Chicago"},     {941, "America/New_York"},
    {942, "America/Toronto"},       {943, "America/New_York"},    {945, "America/Chicago"},
    {947, "America/New_York"},      {948, "America/New_York"},    {949, "America/Los_Angeles"},
    {951, "America/Los_Angeles"},   {952, "America/Chicago"},     {954, "America/New_York"},
    {956, "America/Chicago"},       {959, "America/New_York"},    {970, "America/Denver"},
    {971, "America/Los_Angeles"},   {972, "America/Chicago"},     {973, "America/New_York"},
    {975, "America/Chicago"},       {978, "America/New_York"},    {979, "America/Chicago"},
    {980, "America/New_York"},      {983, "America/Denver"},      {984, "America/New_York"},
    {985, "America/Chicago"},       {986, "America/Boise"},       {989, "America/New_York"},
};

// Area codes of the states whose solicitation hours end at 20:00.
constexpr int kFloridaAreaCodes[] = {239, 305, 321, 324, 352, 386, 407, 448, 561, 645, 656, 689,
                                     727, 728, 754, 772, 786, 813, 850, 863, 904, 941, 954};
constexpr int kOklahomaAreaCodes[] = {405, 539, 572, 580, 918};

std::string normalize(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out;
  for (char c : s) {
    if (c == '.') continue;  // "D.C."
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

template <std::size_t N>
const StateZone* lookup(const StateZone (&table)[N], std::string_view raw) {
  const std::string s = normalize(raw);
  if (s.empty()) return nullptr;
  for (const auto& entry : table) {
    if (s == entry.name) return &entry;
    if (s.size() == 2 && std::toupper(static_cast<unsigned char>(s[0])) == entry.code[0] &&
        std::toupper(static_cast<unsigned char>(s[1])) == entry.code[1])
      return &entry;
  }
  return nullptr;
}

bool is_canada(std::string_view country) {
  const std::string c = normalize(country);
  return c == "ca" || c == "can" || c == "canada";
}

// The area code of a "+1NPA..." number, else 0.
int area_code(std::string_view e164) {
  if (e164.size() < 5 || e164.substr(0, 2) != "+1") return 0;
  int code = 0;
  for (char c : e164.substr(2, 3)) {
    if (c < '0' || c > '9') return 0;
    code = code * 10 + (c - '0');
  }
  return code;
}

template <std::size_t N>
bool contains(const int (&codes)[N], int code) {
  return std::find(std::begin(codes), std::end(codes), code) != std::end(codes);
}

}  // namespace

std::optional<std::string> state_code(std::string_view state) {
  if (const auto* e = lookup(kStates, state)) return std::string(e->code);
  return std::nullopt;
}

std::optional<std::string_view> zone_of_state(std::string_view state, std::string_view country) {
  const StateZone* e = is_canada(country) ? lookup(kProvinces, state) : lookup(kStates, state);
  if (!e) return std::nullopt;
  return e->zone;
}

std::optional<std::string_view> zone_of_phone(std::string_view e164) {
  const int code = area_code(e164);
  const auto it = std::lower_bound(std::begin(kAreaCodes), std::end(kAreaCodes), code,
                                   [](const AreaZone& a, int c) { return a.code < c; });
  if (it == std::end(kAreaCodes) || it->code != code) return std::nullopt;
  return it->zone;
}

std::optional<std::string> curfew_state_of_phone(std::string_view e164) {
  const int code = area_code(e164);
  if (contains(kFloridaAreaCodes, code)) return "FL";
  if (contains(kOklahomaAreaCodes, code)) return "OK";
  return std::nullopt;
}

bool ends_at_8pm(std::string_view state_code) { return state_code == "FL" || state_code == "OK"; }

}  // namespace crm::us_zones
