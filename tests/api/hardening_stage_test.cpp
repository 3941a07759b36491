// Issue #9, defect 10: lostReason belongs to LOST leads, on PATCH /api/leads/[id] and /stage.
#include <doctest/doctest.h>

#include "support/api_fixture.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

struct StageWorld {
  ApiFixture f;
  std::string admin = f.admin_token();
  std::string lead = [this] {
    auto c = f.call("POST", "/api/contacts", admin, json::value{{"email", "l@example.com"}});
    auto r = f.call("POST", "/api/leads", admin,
                    json::value{{"contactId", c.data().at("id")}, {"stage", "NEGOTIATING"}});
    REQUIRE(r.status == 201);
    return std::string(r.data().at("id").as_string());
  }();

  ApiResult patch(const json::value& body) {
    return f.call("PATCH", "/api/leads/" + lead, admin, body);
  }
  ApiResult move(const json::value& body) {
    return f.call("PATCH", "/api/leads/" + lead + "/stage", admin, body);
  }
  json::value stored() {
    const auto row = f.sql("SELECT stage, lost_reason FROM leads WHERE id = ?", lead).first();
    return {{"stage", row.text("stage")},
            {"lostReason", row.opt_text("lost_reason") ? json::value(*row.opt_text("lost_reason"))
                                                       : json::value(nullptr)}};
  }
};

constexpr const char* kOnlyOnLost = "lostReason is only allowed when the stage is LOST";

}  // namespace

TEST_CASE("lostReason: refused on a WON lead and on a lead that is not LOST") {
  StageWorld w;
  auto r = w.patch(json::value{{"stage", "WON"}, {"lostReason", "too expensive"}});
  CHECK(r.status == 400);
  CHECK(r.error() == kOnlyOnLost);
  CHECK(w.patch(json::value{{"lostReason", "too expensive"}}).error() == kOnlyOnLost);
  r = w.move(json::value{{"stage", "WON"}, {"lostReason", "too expensive"}});
  CHECK(r.status == 400);
  CHECK(r.error() == kOnlyOnLost);
  CHECK(w.stored() == json::value{{"stage", "NEGOTIATING"}, {"lostReason", nullptr}});
  // Nothing else of the refused request happened either.
  CHECK(w.f.sql("SELECT COUNT(*) AS n FROM activities WHERE type = 'stage_changed'")
            .first()
            .integer("n") == 0);

  REQUIRE(w.patch(json::value{{"stage", "WON"}}).status == 200);
  CHECK(w.patch(json::value{{"lostReason", "late"}}).error() == kOnlyOnLost);
  // Clearing is always fine; `reason` on /stage is what a move logs, for any stage.
  CHECK(w.patch(json::value{{"lostReason", nullptr}}).status == 200);
  CHECK(w.move(json::value{{"stage", "NEGOTIATING"}, {"reason", "reopened"}}).status == 200);
  CHECK(w.stored() == json::value{{"stage", "NEGOTIATING"}, {"lostReason", nullptr}});
}

TEST_CASE("lostReason: stored when the lead is or moves to LOST") {
  StageWorld w;
  auto r = w.move(json::value{{"stage", "LOST"}, {"lostReason", "budget"}});
  REQUIRE(r.status == 200);
  CHECK(w.stored() == json::value{{"stage", "LOST"}, {"lostReason", "budget"}});
  CHECK(w.patch(json::value{{"lostReason", "went with a competitor"}}).status == 200);
  CHECK(w.stored() == json::value{{"stage", "LOST"}, {"lostReason", "went with a competitor"}});
  // Leaving LOST clears it; coming back with one sets it again, through PATCH this time.
  REQUIRE(w.move(json::value{{"stage", "QUALIFIED"}}).status == 200);
  CHECK(w.stored() == json::value{{"stage", "QUALIFIED"}, {"lostReason", nullptr}});
  REQUIRE(w.patch(json::value{{"stage", "LOST"}, {"lostReason", "no reply"}}).status == 200);
  CHECK(w.stored() == json::value{{"stage", "LOST"}, {"lostReason", "no reply"}});
  r = w.move(json::value{{"stage", "LOST"}, {"reason", "duplicate"}});  // same stage: no-op
  CHECK(w.stored() == json::value{{"stage", "LOST"}, {"lostReason", "no reply"}});
}

TEST_CASE("enums: an unknown value is quoted back only when short and printable") {
  StageWorld w;
  CHECK(w.move(json::value{{"stage", "DONE"}}).error() == "Invalid stage: DONE");
  CHECK(w.move(json::value{{"stage", std::string(100000, 'X')}}).error() == "Invalid stage");
  CHECK(w.move(json::value{{"stage", "WON\u202e"}}).error() == "Invalid stage");
  CHECK(w.move(json::value{{"stage", std::string("WON\0", 4)}}).error() == "Invalid stage");
}
