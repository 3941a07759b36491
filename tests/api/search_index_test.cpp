// The search indexes (SQLite FTS5 trigram, PostgreSQL pg_trgm) find exactly what a
// case-insensitive substring scan finds, on a generated data set, for every kind of term.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>

#include "core/lists/text_search.hpp"
#include "core/util/text.hpp"
#include "support/api_fixture.hpp"

using namespace crm;
using namespace crm::test;

namespace {

struct Person {
  std::string id, full_name, email, phone_digits;
};
struct Firm {
  std::string id, name, phone_digits;
};

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

bool reads_as_phone(const std::string& term) {
  bool digit = false;
  for (char c : term) {
    if (c >= '0' && c <= '9')
      digit = true;
    else if (std::string(" ()-+.").find(c) == std::string::npos)
      return false;
  }
  return digit;
}

// Today's semantics, spelled out: what a full scan with lower(x) LIKE '%term%' returns.
std::set<std::string> scan_contacts(const std::vector<Person>& people, const std::string& term) {
  std::set<std::string> out;
  const std::string t = text::lower(term), digits = text::digits(term);
  for (const auto& p : people)
    if (contains(text::lower(p.full_name), t) || contains(p.email, t) ||
        (reads_as_phone(term) && contains(p.phone_digits, digits)))
      out.insert(p.id);
  return out;
}

std::set<std::string> scan_companies(const std::vector<Firm>& firms, const std::string& term) {
  std::set<std::string> out;
  const std::string t = text::lower(term), digits = text::digits(term);
  for (const auto& f : firms)
    if (contains(text::lower(f.name), t) ||
        (digits.size() >= 3 && contains(f.phone_digits, digits)))
      out.insert(f.id);
  return out;
}

std::set<std::string> matched_ids(sql::Connection& conn, const std::string& sql,
                                  const std::vector<sql::Value>& params) {
  std::set<std::string> out;
  for (const auto& r : conn.run(sql, params).rows) out.insert(r.text("id"));
  return out;
}

}  // namespace

TEST_CASE("search index: the same matches as a substring scan on a generated data set") {
  ApiFixture f;
  std::mt19937 rng(20261129);
  const std::vector<std::string> first = {"Ava", "Ben",    "Cleo", "Dana",
                                          "Eve", "O'Neil", "Zoë",  "Mc\"Q\""};
  const std::vector<std::string> last = {"Baker",      "Plumb",     "SALON",
                                         "autoRepair", "100% Pure", "under_score"};
  std::vector<Person> people;
  std::vector<Firm> firms;
  for (int i = 0; i < 240; ++i) {
    const std::string n = std::to_string(i);
    Person p{"ct" + n, first[rng() % first.size()] + " " + last[rng() % last.size()] + " " + n, "",
             ""};
    p.email = "p" + n + "." + text::lower(last[i % last.size()].substr(0, 4)) + "@mail" +
              std::to_string(i % 7) + ".example";
    std::erase_if(p.email, [](char c) { return c == ' ' || c == '%'; });
    p.phone_digits = "1555" + std::to_string(1000000 + (rng() % 9000000));
    people.push_back(p);
    f.sql(
        "INSERT INTO contacts (id, first_name, last_name, full_name, email, email_normalized, "
        "phone, phone_digits, "
        "created_at, updated_at) VALUES (?, '', '', ?, ?, ?, ?, ?, 1, 1)",
        p.id, p.full_name, p.email, p.email, "+" + p.phone_digits, p.phone_digits);
    Firm c{"co" + n, last[rng() % last.size()] + " & " + first[rng() % first.size()] + " LLC " + n,
           p.phone_digits};
    firms.push_back(c);
    f.sql(
        "INSERT INTO companies (id, name, phone, phone_digits, created_at, updated_at) VALUES (?, "
        "?, ?, ?, 1, 1)",
        c.id, c.name, "+" + c.phone_digits, c.phone_digits);
  }
  // Updates reach the index too.
  people[0].full_name = "Renamed Person";
  f.sql("UPDATE contacts SET full_name = ? WHERE id = ?", people[0].full_name, people[0].id);

  std::vector<std::string> terms = {
      "cleo",          "CLEO",      "baker",  "zoë", "o'neil", "mc\"q", "100%",
      "% pure",        "under_s",   "_",      "%",   "ll",     "llc 1", "renamed",
      "nobody-at-all", "(555) 1",   "555-12", "+1",  "mail3",  "@mail", ".example",
      "1555",          "ava baker", "a",      "555", "12",     "123",   "0 1"};
  for (int i = 0; i < 60; ++i) {  // random substrings of names, emails and phones
    const auto& p = people[rng() % people.size()];
    const std::string& source = i % 3 == 0 ? p.full_name : i % 3 == 1 ? p.email : p.phone_digits;
    const std::size_t len = 1 + rng() % 7, at = rng() % source.size();
    const std::string term = source.substr(at, len);
    // Whole characters only: a term cut inside a UTF-8 sequence is not text.
    if (std::all_of(term.begin(), term.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
      terms.push_back(term);
  }

  // Terms longer than what the index is asked for (16 characters): what it finds is checked
  // against the whole term, so a longer term that only starts like a value finds nothing.
  for (int i = 0; i < 12; ++i) {
    const auto& p = people[rng() % people.size()];
    for (const std::string& term :
         {p.email, p.email + "x", p.full_name, p.full_name + " jr", p.phone_digits + "000000",
          "(" + p.phone_digits.substr(0, 4) + ") " + p.phone_digits.substr(4) + "-0000"})
      terms.push_back(term);
  }
  for (const auto& p : people)  // a cut that must fall on whole UTF-8 characters
    if (p.full_name.starts_with("Zoë")) terms.push_back("zoë" + p.full_name.substr(4));

  auto tx = f.engine->database().read();
  auto& conn = tx->connection();
  for (const auto& raw : terms) {
    const std::string term = text::trim(raw);
    if (term.empty()) continue;
    INFO("term: [" << term << "]");
    std::vector<sql::Value> params;
    const std::string contacts =
        "SELECT ct.id FROM contacts ct WHERE " + lists::contact_match_condition(conn, term, params);
    CHECK(matched_ids(conn, contacts, params) == scan_contacts(people, term));
    params.clear();
    const std::string companies = "SELECT c.id FROM companies c WHERE " +
                                  lists::company_match_condition(conn, term, true, params);
    CHECK(matched_ids(conn, companies, params) == scan_companies(firms, term));
  }
}
