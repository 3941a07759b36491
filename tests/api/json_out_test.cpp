// The direct JSON writers (json_out.hpp, codecs/direct_codecs.hpp) against the DOM codecs run
// through write_json: byte for byte the same text, on hand-made records with every optional
// set and unset and awkward strings, and on the pages GET /api/leads and GET /api/users/me
// answer.
#include <doctest/doctest.h>

#include <boost/json/serialize.hpp>

#include "adapters/rest/codecs/codecs.hpp"
#include "adapters/rest/codecs/direct_codecs.hpp"
#include "adapters/rest/handler_kit.hpp"
#include "adapters/rest/json_out.hpp"
#include "adapters/rest/json_writer.hpp"
#include "support/api_fixture.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;
namespace codec = crm::rest::codec;
namespace direct = crm::rest::direct;

namespace {

// The lead list item and /me as the handlers built them with the DOM codecs.
json::object dom_list_item(const LeadListItem& item) {
  json::object out = codec::lead(item.lead);
  out["contact"] = codec::contact(item.contact);
  out["company"] =
      item.company ? json::value(codec::company_summary(*item.company)) : json::value(nullptr);
  out["tags"] = rest::to_array(item.tags, codec::tag_summary);
  out["score"] = item.score ? json::value(codec::lead_score(*item.score)) : json::value(nullptr);
  out["nextTask"] =
      item.next_task ? json::value(codec::task(*item.next_task)) : json::value(nullptr);
  return out;
}

std::string dom_lead_page(const Page<LeadListItem>& page) {
  return rest::write_json(json::object{{"data", rest::to_array(page.items, dom_list_item)},
                                       {"pagination", rest::pagination(page.info)}});
}

std::string dom_me(const User& user, const std::optional<UserSummary>& inviter) {
  json::object out = codec::user(user);
  out["invitedBy"] = inviter ? json::value(codec::user_summary(*inviter)) : json::value(nullptr);
  return rest::write_json(json::object{{"data", std::move(out)}});
}

// Every byte value, escapes, multi-byte UTF-8 and bytes that are not UTF-8 at all.
std::vector<std::string> awkward_strings() {
  std::string every_byte;
  for (int c = 1; c < 256; ++c) every_byte += static_cast<char>(c);
  return {"",
          "plain",
          "quote \" backslash \\ slash /",
          "tab\tnewline\nreturn\rformfeed\fbackspace\b",
          std::string("nul \0 inside", 12),
          "\x01\x1f\x7f",
          "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
          "\xff\xfe not utf-8",
          "<script>alert('x')</script>",
          every_byte};
}

Lead lead_with(bool all_set, const std::string& text) {
  Lead l;
  l.id = "lead-" + text;
  l.contact_id = "contact-1";
  l.stage = LeadStage::kProposalSent;
  l.created_at = kStartTime;
  l.updated_at = kStartTime + 1;
  if (all_set) {
    l.company_id = text;
    l.owner_id = "owner";
    l.stage_changed_at = kStartTime + 999;
    l.source = text;
    l.source_campaign = text;
    l.estimated_units = -12;
    l.estimated_revenue = 1999;  // 19.99
    l.lost_reason = text;
    l.won_at = 0;
    l.is_dnc = true;
  }
  return l;
}

Contact contact_with(bool all_set, const std::string& text) {
  Contact c;
  c.id = "contact-1";
  c.first_name = text;
  c.last_name = "Last";
  c.full_name = text + " Last";
  c.created_at = kStartTime;
  c.updated_at = kStartTime;
  if (all_set) {
    c.company_id = "company";
    c.email = text;
    c.email_normalized = text;
    c.phone = text;
    c.phone_e164 = "+12125550100";
    c.title = text;
    c.source = text;
    c.is_sms_eligible = true;
    c.notes = text;
    c.email_status = "VALID";
    c.email_verified_at = kStartTime - 86'400'000LL * 365 * 60;  // before 1970
    c.phone_type = "MOBILE";
    c.phone_verified_at = 253402300799999;  // 9999-12-31T23:59:59.999Z
  }
  return c;
}

LeadListItem item_with(bool all_set, const std::string& text) {
  LeadListItem item{lead_with(all_set, text),
                    contact_with(all_set, text),
                    std::nullopt,
                    {},
                    std::nullopt,
                    std::nullopt};
  if (all_set) {
    item.company = CompanySummary{"company", text, CompanyStatus::kCustomer, text, "rep"};
    item.tags = {{"t1", "icp-retail", text, "ICP", text, kStartTime},
                 {"t2", "won", "Won", "OUTCOME", std::nullopt, kStartTime + 5}};
    item.score = LeadScore{40, 7, 47};
    Task t;
    t.id = "task";
    t.lead_id = "lead";
    t.company_id = "company";
    t.assigned_to_id = "rep";
    t.created_by_id = "admin";
    t.sequence_run_id = "run";
    t.title = text;
    t.description = text;
    t.due_at = kStartTime + kDayMs;
    t.duration_min = 45;
    t.is_completed = false;
    t.completed_at = kStartTime;
    t.created_at = kStartTime;
    t.updated_at = kStartTime;
    item.next_task = t;
  }
  return item;
}

}  // namespace

TEST_CASE("json_out: strings are escaped as Boost.JSON escapes them") {
  for (const auto& s : awkward_strings()) {
    CAPTURE(s);
    std::string out;
    rest::append_json_string(out, s);
    CHECK(out == json::serialize(json::value(json::string_view(s.data(), s.size()))));
  }
}

TEST_CASE("json_out: each ASCII byte at each place of a string spanning 8-byte words") {
  // append_json_string skips plain bytes 8 at a time: an escaped byte must be found wherever
  // it falls in a word, and next to UTF-8 bytes (>= 0x80, copied).
  for (int c = 0; c < 0x80; ++c)
    for (std::size_t at = 0; at < 19; ++at) {
      if (at == 8 || at == 9) continue;  // keep é whole (valid UTF-8 for the DOM side)
      std::string s = "abcdefgh\xc3\xa9ijklmnopq\xe2\x82\xac";  // 22 bytes: 2 words + 6
      s[at] = static_cast<char>(c);
      CAPTURE(c);
      CAPTURE(at);
      std::string out;
      rest::append_json_string(out, s);
      CHECK(out == json::serialize(json::value(json::string_view(s.data(), s.size()))));
    }
}

TEST_CASE("json_out: appends after what the string holds, growing it as the text needs") {
  std::string out = "prefix:";
  {
    rest::JsonOut json(out);
    json.begin_array().string(std::string_view("x\n")).integer(-12).end_array();
  }
  CHECK(out == "prefix:[\"x\\n\",-12]");
  // Every byte escaped to six: the text outgrows the room taken for the plain string.
  const std::string controls(1000, '\x01');
  std::string escaped;
  rest::append_json_string(escaped, controls);
  CHECK(escaped.size() == 2 + 6 * controls.size());
  CHECK(escaped == json::serialize(json::value(json::string_view(controls))));
  // finish() cuts the text; writing on grows it again.
  std::string body;
  body.reserve(4096);
  rest::JsonOut json(body);
  json.begin_object().string("a", std::string_view("b"));
  json.finish();
  CHECK(body == "{\"a\":\"b\"");
  json.end_object().finish();
  CHECK(body == "{\"a\":\"b\"}");
}

TEST_CASE("json_out: times are format_iso's text, money and integers as the codecs write them") {
  std::vector<TimeMs> times = {0,
                               1,
                               -1,
                               -86'400'000,
                               kStartTime,
                               951'782'400'000,  // 2000-02-29
                               253'402'300'799'999,
                               253'402'300'800'000,  // year 10000
                               -62'167'219'200'000,  // 0000-01-01
                               -62'167'219'200'001};
  for (TimeMs t = -5'000'000'000'000; t < 5'000'000'000'000; t += 37'123'456'789)
    times.push_back(t);
  for (const TimeMs t : times) {
    CAPTURE(t);
    std::string out;
    rest::append_iso(out, t);
    CHECK(out == "\"" + format_iso(t) + "\"");
  }
  for (const Cents c : {Cents{0}, Cents{1}, Cents{-1}, Cents{5}, Cents{10}, Cents{99}, Cents{100},
                        Cents{-100}, Cents{123456789}, Cents{1999}, Cents{-250},
                        Cents{9'007'199'254'740'993}, Cents{INT64_MAX}, Cents{INT64_MIN}}) {
    CAPTURE(c);
    std::string out;
    rest::JsonOut(out).money(c);
    CHECK(out == rest::write_json(rest::money(c)));
  }
  for (const std::int64_t v : {std::int64_t{0}, std::int64_t{-7}, INT64_MAX, INT64_MIN}) {
    std::string out;
    rest::JsonOut(out).integer(v);
    CHECK(out == rest::write_json(json::value(v)));
  }
}

TEST_CASE("json_out: a lead list page and /me match the DOM codecs byte for byte") {
  for (const auto& text : awkward_strings()) {
    CAPTURE(text);
    Page<LeadListItem> page;
    page.items = {item_with(true, text), item_with(false, text)};
    page.info = PageInfo{3, 2, 5, 3};
    CHECK(direct::lead_page(page) == dom_lead_page(page));

    User u;
    u.id = "user";
    u.email = text;
    u.first_name = text;
    u.last_name = text;
    u.created_at = kStartTime;
    u.updated_at = kStartTime + 1;
    CHECK(direct::me(Principal{u, std::nullopt}) == dom_me(u, std::nullopt));
    u.phone = text;
    u.role = Role::kAdmin;
    u.is_active = false;
    u.last_login_at = kStartTime;
    u.invited_by_id = "inviter";
    u.invited_at = kStartTime - 1;
    const UserSummary inviter{"inviter", text, text, text};
    CHECK(direct::me(Principal{u, inviter}) == dom_me(u, inviter));
  }
  CHECK(direct::lead_page(Page<LeadListItem>{}) == dom_lead_page(Page<LeadListItem>{}));
}

TEST_CASE(
    "json_out: GET /api/leads and GET /api/users/me answer what the DOM codecs make of the "
    "same records") {
  ApiFixture f;
  const std::string admin = f.admin_token();
  std::string contacts;
  for (int i = 0; i < 12; ++i) {
    contacts += std::string(i ? "," : "") + R"({"firstName":"Fïrst \")" + std::to_string(i) +
                R"(\"","lastName":"L\\ast","email":"p)" + std::to_string(i) +
                R"(@example.com","company":"Biz )" + std::to_string(i) +
                R"( <&>","title":"Owner"})";
    f.clock->advance(1);
  }
  const auto imported = f.call("POST", "/api/import", admin, R"({"contacts":[)" + contacts + "]}");
  REQUIRE(imported.status == 200);
  const auto leads = f.sql("SELECT id, company_id FROM leads ORDER BY id");
  REQUIRE(leads.rows.size() == 12);
  int n = 0;
  for (const auto& r : leads.rows) {
    if (++n % 3 == 0) continue;  // some leads without tags or tasks
    f.sql("INSERT INTO lead_tags (id, lead_id, tag_id, applied_at) VALUES (?, ?, ?, ?)",
          "lt" + std::to_string(n), r.text("id"), std::string("systag-icp-retail"), kStartTime + n);
    f.sql(
        "INSERT INTO tasks (id, lead_id, company_id, title, description, due_at, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        "task" + std::to_string(n), r.text("id"), r.opt_text("company_id"),
        "Call \"back\"\n\t" + std::to_string(n), std::string("\x01 notes \xe2\x82\xac"),
        n % 2 ? std::optional<TimeMs>(kStartTime + n * kDayMs) : std::nullopt, kStartTime,
        kStartTime);
  }

  for (const std::string target : {"/api/leads?limit=50", "/api/leads?limit=5&page=2"}) {
    CAPTURE(target);
    const auto answer = f.call("GET", target, admin);
    REQUIRE(answer.status == 200);
    LeadQuery q;
    q.page = parse_page_request(target.ends_with("page=2") ? "2" : "1",
                                target.find("limit=5&") != std::string::npos ? "5" : "50");
    const User me = f.engine->auth().authenticate(admin);
    CHECK(answer.raw.body == dom_lead_page(f.engine->leads().list(me.actor(), q)));
  }

  auto [rep, rep_id] = f.make_user("rep@example.com");
  const auto answer = f.call("GET", "/api/users/me", rep);
  REQUIRE(answer.status == 200);
  const auto stored = f.engine->users().get_with_inviter(rep_id);
  CHECK(answer.raw.body == dom_me(stored.user, stored.invited_by));
}
