#pragma once
// Helpers of the sales-automation API tests: leads made through the API (so they have an owner,
// a contact and a company as in real use), the rows a test reads back, a MessageSender that
// records what it is asked to send.

#include <doctest/doctest.h>

#include <mutex>
#include <string>
#include <vector>

#include "support/api_fixture.hpp"

namespace crm::test::automation {

namespace json = boost::json;

struct LeadRefs {
  std::string lead;
  std::string contact;
  std::optional<std::string> company;
};

// POST /api/companies as `token`; returns the id.
// The "slug" of every item of a JSON list (tags, templates).
inline std::vector<std::string> slugs_of(const json::value& list) {
  std::vector<std::string> out;
  for (const auto& t : list.as_array()) out.emplace_back(t.at("slug").as_string());
  return out;
}

inline std::string company(ApiFixture& f, const std::string& token, json::object body) {
  auto r = f.call("POST", "/api/companies", token, json::value(std::move(body)));
  REQUIRE(r.status == 201);
  return std::string(r.data().at("id").as_string());
}

// A contact (with `contact` fields) and a lead on it, made through the API as `token`.
inline LeadRefs lead(ApiFixture& f, const std::string& token, json::object contact,
                     const std::optional<std::string>& company_id = std::nullopt) {
  if (company_id) contact["companyId"] = *company_id;
  auto c = f.call("POST", "/api/contacts", token, json::value(std::move(contact)));
  REQUIRE(c.status == 201);
  const std::string contact_id(c.data().at("id").as_string());
  auto l = f.call("POST", "/api/leads", token, json::value{{"contactId", contact_id}});
  REQUIRE(l.status == 201);
  return {std::string(l.data().at("id").as_string()), contact_id, company_id};
}

// A lead whose contact has an email, a mobile phone that may get SMS, a New York number.
inline LeadRefs reachable_lead(ApiFixture& f, const std::string& token, const std::string& email,
                               const std::optional<std::string>& company_id = std::nullopt) {
  return lead(f, token,
              json::object{{"firstName", "Dana"},
                           {"lastName", "Diaz"},
                           {"email", email},
                           {"phone", "+1 212 555 0100"},
                           {"isSmsEligible", true}},
              company_id);
}

inline ApiResult apply_tag(ApiFixture& f, const std::string& token, const std::string& lead_id,
                           const std::string& slug) {
  return f.call("POST", "/api/leads/" + lead_id + "/tags", token, json::value{{"tagSlug", slug}});
}

inline std::int64_t count(ApiFixture& f, const std::string& sql, const std::string& arg) {
  return f.sql(sql, arg).first().integer("n");
}

inline std::int64_t activities(ApiFixture& f, const std::string& lead_id, const std::string& type) {
  return f.sql("SELECT COUNT(*) AS n FROM activities WHERE lead_id = ? AND type = ?", lead_id, type)
      .first()
      .integer("n");
}

// The data of the newest activity of `type` on the lead.
inline json::object last_activity(ApiFixture& f, const std::string& lead_id,
                                  const std::string& type) {
  const auto res = f.sql(
      "SELECT data FROM activities WHERE lead_id = ? AND type = ? ORDER BY created_at DESC, id "
      "DESC LIMIT 1",
      lead_id, type);
  REQUIRE_FALSE(res.empty());
  return json::parse(res.first().text("data")).as_object();
}

inline sql::Row run_row(ApiFixture& f, const std::string& run_id) {
  const auto res = f.sql(
      "SELECT status, current_step, next_run_at, end_reason, cancel_reason, last_error, "
      "step_attempts, ended_at, generation FROM sequence_runs WHERE id = ?",
      run_id);
  REQUIRE_FALSE(res.empty());
  return res.first();
}

// Replaces a sequence's steps (as the admin), REQUIRing success.
inline void set_steps(ApiFixture& f, const std::string& slug, json::array steps,
                      json::object extra = {}) {
  extra["steps"] = std::move(steps);
  auto r =
      f.call("PATCH", "/api/sequences/" + slug, f.admin_token(), json::value(std::move(extra)));
  INFO(r.raw.body);
  REQUIRE(r.status == 200);
}

inline json::object task_step(const std::string& title, std::int64_t delay = 0) {
  return {{"delayMinutes", delay},
          {"action", "CREATE_TASK"},
          {"task", json::object{{"title", title}, {"taskType", "CALL"}}}};
}

// A MessageSender that records every message and answers `outcome`. Thread-safe.
class RecordingSender : public MessageSender {
 public:
  explicit RecordingSender(SendOutcome outcome = SendOutcome::sent("provider-1"))
      : outcome_(std::move(outcome)) {}
  SendOutcome send(const OutgoingMessage& m) override {
    std::lock_guard lock(mu_);
    sent_.push_back(m);
    return outcome_;
  }
  std::vector<OutgoingMessage> sent() {
    std::lock_guard lock(mu_);
    return sent_;
  }
  void answer(SendOutcome outcome) {
    std::lock_guard lock(mu_);
    outcome_ = std::move(outcome);
  }

 private:
  std::mutex mu_;
  SendOutcome outcome_;
  std::vector<OutgoingMessage> sent_;
};

}  // namespace crm::test::automation
