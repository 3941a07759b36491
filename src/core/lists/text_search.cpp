#include "core/lists/text_search.hpp"

#include "core/util/text.hpp"

namespace crm::lists {
namespace {

// Trigram indexes find substrings of at least this many characters.
constexpr std::size_t kMinTrigramChars = 3;
// A company search compares phones only once it holds enough digits to mean one, not the "3"
// of "3M".
constexpr std::size_t kMinCompanyPhoneDigits = 3;
// An FTS5 phrase reads the index entries of each of its trigrams: a term of 1,600 characters
// whose trigrams are all common (a phone's "1555" again and again) took 2.9 s of CPU over 1M
// contacts, and any signed-in user can send one request after another. The phrase stops after
// this many characters, which finds a superset of the matches, and those rows are checked
// against the whole term with the scan's own condition: a long term costs what this one does.
constexpr std::size_t kMaxPhraseChars = 16;

std::size_t utf8_chars(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The first `chars` characters of UTF-8 text (all of it when shorter).
std::string_view utf8_prefix(std::string_view s, std::size_t chars) {
  std::size_t at = 0;
  for (std::size_t n = 0; at < s.size(); ++at) {
    if ((static_cast<unsigned char>(s[at]) & 0xC0) != 0x80 && n++ == chars) break;
  }
  return s.substr(0, at);
}

bool reads_as_phone(std::string_view term) {
  bool any_digit = false;
  for (char c : term) {
    if (c >= '0' && c <= '9')
      any_digit = true;
    else if (c != ' ' && c != '(' && c != ')' && c != '-' && c != '+' && c != '.')
      return false;
  }
  return any_digit;
}

// An FTS5 phrase: the text in double quotes, inner quotes doubled.
std::string fts_phrase(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Whether every substring to find is long enough for the SQLite trigram index.
bool fts_usable(sql::Connection& conn, std::string_view term, const std::string* digits) {
  return conn.dialect() == sql::Dialect::kSqlite && utf8_chars(term) >= kMinTrigramChars &&
         (!digits || digits->size() >= kMinTrigramChars);
}

// The scan's conditions: a contact's name or email contains `term`, or with `by_phone` its phone
// digits contain `digits`.
std::string contact_scan_condition(std::string_view term, const std::string& digits, bool by_phone,
                                   std::vector<sql::Value>& params) {
  std::string sql =
      "(lower(ct.full_name) LIKE ? ESCAPE '\\' OR ct.email_normalized LIKE ? ESCAPE '\\'";
  params.emplace_back(text::contains_pattern(term));
  params.emplace_back(text::contains_pattern(term));
  if (by_phone) {
    sql += " OR ct.phone_digits LIKE ? ESCAPE '\\'";
    params.emplace_back(text::contains_pattern(digits));
  }
  return sql + ")";
}

std::string company_scan_condition(std::string_view term, const std::string& digits, bool phone,
                                   std::vector<sql::Value>& params) {
  std::string sql = "(lower(c.name) LIKE ? ESCAPE '\\'";
  params.emplace_back(text::contains_pattern(term));
  if (phone) {
    sql += " OR c.phone_digits LIKE ? ESCAPE '\\'";
    params.emplace_back(text::contains_pattern(digits));
  }
  return sql + ")";
}

// The condition that a row of `alias` matches `term` in `text_columns` (an FTS5 column filter)
// or, with `phone`, `digits` in its phone digits: through the FTS5 table `fts_table` when every
// substring suits the trigram index, else `scan`'s condition. Each phrase stops after
// kMaxPhraseChars; the rows found for a longer term are checked whole by `scan`'s condition.
using ScanCondition = std::string (*)(std::string_view term, const std::string& digits, bool phone,
                                      std::vector<sql::Value>& params);
std::string match_condition(sql::Connection& conn, std::string_view alias,
                            std::string_view fts_table, std::string_view text_columns,
                            ScanCondition scan, std::string_view term, const std::string& digits,
                            bool phone, std::vector<sql::Value>& params) {
  if (!fts_usable(conn, term, phone ? &digits : nullptr)) return scan(term, digits, phone, params);
  const std::string_view term_phrase = utf8_prefix(term, kMaxPhraseChars);
  const std::string_view digits_phrase = utf8_prefix(digits, kMaxPhraseChars);
  // A term of digits alone is the same text to find in every column (name, email and phone
  // digits alike): one phrase without a column filter, instead of an OR of column-filtered
  // phrases that reads each trigram's entries once per branch (a six-digit term over 1M
  // companies: 0.45 ms -> 0.15 ms).
  std::string match;
  if (phone && digits == term) {
    match = fts_phrase(term_phrase);
  } else {
    match = std::string(text_columns) + " : " + fts_phrase(term_phrase);
    if (phone) match += " OR phone_digits : " + fts_phrase(digits_phrase);
  }
  params.emplace_back(std::move(match));
  const std::string table(fts_table);
  std::string sql = std::string(alias) + ".rowid IN (SELECT rowid FROM " + table + " WHERE " +
                    table + " MATCH ?)";
  if (term_phrase.size() < term.size() || (phone && digits_phrase.size() < digits.size()))
    sql += " AND " + scan(term, digits, phone, params);
  return sql;
}

}  // namespace

std::string contact_match_condition(sql::Connection& conn, std::string_view term,
                                    std::vector<sql::Value>& params) {
  return match_condition(conn, "ct", "contacts_search", "{full_name email_normalized}",
                         contact_scan_condition, term, text::digits(term), reads_as_phone(term),
                         params);
}

std::string company_match_condition(sql::Connection& conn, std::string_view term, bool by_phone,
                                    std::vector<sql::Value>& params) {
  const std::string digits = text::digits(term);
  return match_condition(conn, "c", "companies_search", "name", company_scan_condition, term,
                         digits, by_phone && digits.size() >= kMinCompanyPhoneDigits, params);
}

}  // namespace crm::lists
