// /api/tags: the catalog (DOMAIN.md §7, §13; edit and delete Admin-only).
#include <doctest/doctest.h>

#include "automation_helpers.hpp"

using namespace crm;
using namespace crm::test;
using namespace crm::test::automation;
namespace json = boost::json;

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("tags: tiers") {
  ApiFixture f;
  const auto [rep, rep_id] = f.make_user("rep@example.com");
  CHECK(f.call("GET", "/api/tags").status == 401);
  CHECK(f.call("POST", "/api/tags", "", json::value{{"slug", "x"}, {"name", "X"}}).status == 401);
  CHECK(f.call("POST", "/api/tags", rep, json::value{{"slug", "x"}, {"name", "X"}}).status == 403);
  CHECK(f.call("PATCH", "/api/tags/systag-won", rep, json::value{{"name", "Y"}}).status == 403);
  CHECK(f.call("DELETE", "/api/tags/systag-won", rep).status == 403);
  CHECK(f.call("GET", "/api/tags", rep).status == 200);
}

TEST_CASE("tags: the seeded system tags, listed by category and activity") {
  ApiFixture f;
  const auto [rep, rep_id] = f.make_user("rep@example.com");
  auto r = f.call("GET", "/api/tags", rep);
  REQUIRE(r.status == 200);
  const auto all = slugs_of(r.data());
  for (const char* s :
       {"icp-retail", "no-answer", "left-voicemail", "gatekeeper", "spoke-interested",
        "spoke-not-interested", "spoke-callback", "spoke-send-info", "won", "dnc"})
    CHECK(contains(all, s));
  const auto& first = r.data().as_array()[0];
  CHECK(first.at("isSystem") == true);
  CHECK(first.at("category") == "ICP");
  CHECK(first.as_object().contains("sortOrder"));

  r = f.call("GET", "/api/tags?category=PRECALL", rep);
  CHECK(slugs_of(r.data()) ==
        std::vector<std::string>{"no-answer", "left-voicemail", "gatekeeper"});
  CHECK(f.call("GET", "/api/tags?category=HOT", rep).status == 400);
  CHECK(f.call("GET", "/api/tags?active=maybe", rep).status == 400);

  REQUIRE(f.call("PATCH", "/api/tags/systag-gatekeeper", f.admin_token(),
                 json::value{{"isActive", false}})
              .status == 200);
  CHECK_FALSE(contains(slugs_of(f.call("GET", "/api/tags", rep).data()), "gatekeeper"));
  CHECK(slugs_of(f.call("GET", "/api/tags?active=false", rep).data()) ==
        std::vector<std::string>{"gatekeeper"});
  CHECK(contains(slugs_of(f.call("GET", "/api/tags?active=all", rep).data()), "gatekeeper"));
}

TEST_CASE("tags: create a custom tag") {
  ApiFixture f;
  const auto admin = f.admin_token();
  auto r = f.call("POST", "/api/tags", admin,
                  json::value{{"slug", "trade-show-2026"},
                              {"name", " Trade show "},
                              {"color", "#123456"},
                              {"description", "Met at the show"},
                              {"category", "OUTCOME"}});
  REQUIRE(r.status == 201);
  const auto& t = r.data().as_object();
  CHECK(t.at("slug") == "trade-show-2026");
  CHECK(t.at("name") == "Trade show");
  CHECK(t.at("category") == "CUSTOM");  // forced
  CHECK(t.at("isSystem") == false);
  CHECK(t.at("isActive") == true);
  CHECK(t.at("color") == "#123456");
  CHECK(t.at("description") == "Met at the show");
  CHECK(t.at("createdAt") == format_iso(kStartTime).c_str());

  CHECK(f.call("POST", "/api/tags", admin,
               json::value{{"slug", "trade-show-2026"}, {"name", "Again"}})
            .status == 409);
  CHECK(f.call("POST", "/api/tags", admin, json::value{{"slug", "won"}, {"name", "Dup"}}).status ==
        409);
  for (const char* bad : {"Trade Show", "a_b", "ünïcode", ""}) {
    CAPTURE(bad);
    const auto res = f.call("POST", "/api/tags", admin, json::value{{"slug", bad}, {"name", "X"}});
    CHECK(res.status == 400);
  }
  CHECK(
      f.call("POST", "/api/tags", admin, json::value{{"slug", std::string(65, 'a')}, {"name", "X"}})
          .status == 400);
  CHECK(f.call("POST", "/api/tags", admin, json::value{{"slug", "no-name"}}).status == 400);
  CHECK(f.call("POST", "/api/tags", admin, json::value{{"slug", "ok"}, {"name", "a\nb"}}).status ==
        400);
  CHECK(f.call("POST", "/api/tags", admin,
               json::value{{"slug", "ok"}, {"name", "X"}, {"sortOrder", "1"}})
            .status == 400);
}

TEST_CASE("tags: update (admin), slug and category fixed") {
  ApiFixture f;
  const auto admin = f.admin_token();
  auto r = f.call("PATCH", "/api/tags/systag-won", admin,
                  json::value{{"name", "Closed won"},
                              {"color", nullptr},
                              {"sortOrder", 99},
                              {"description", "Signed"}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("name") == "Closed won");
  CHECK(r.data().at("color").is_null());
  CHECK(r.data().at("sortOrder") == 99);
  CHECK(r.data().at("description") == "Signed");
  CHECK(r.data().at("slug") == "won");
  CHECK(
      f.call("PATCH", "/api/tags/systag-won", admin, json::value{{"slug", "closed-won"}}).status ==
      400);
  CHECK(f.call("PATCH", "/api/tags/systag-won", admin, json::value{{"name", ""}}).status == 400);
  CHECK(f.call("PATCH", "/api/tags/nope", admin, json::value{{"name", "X"}}).status == 404);
}

TEST_CASE("tags: delete: system tags 403, tags in use 409, history and sequence go along") {
  ApiFixture f;
  const auto admin = f.admin_token();
  CHECK(f.call("DELETE", "/api/tags/systag-no-answer", admin).status == 403);
  CHECK(f.call("DELETE", "/api/tags/nope", admin).status == 404);

  const std::string id(
      f.call("POST", "/api/tags", admin, json::value{{"slug", "temp"}, {"name", "Temp"}})
          .data()
          .at("id")
          .as_string());
  set_steps(f, "temp", json::array{task_step("Call")}, {{"isActive", true}});
  const auto l = reachable_lead(f, admin, "t@x.com");
  REQUIRE(apply_tag(f, admin, l.lead, "temp").status == 201);
  auto r = f.call("DELETE", "/api/tags/" + id, admin);
  CHECK(r.status == 409);
  CHECK(r.error() == "Tag is in use on a lead");

  REQUIRE(f.call("DELETE", "/api/leads/" + l.lead + "/tags?tagSlug=temp", admin).status == 200);
  r = f.call("DELETE", "/api/tags/" + id, admin);
  REQUIRE(r.status == 200);
  CHECK(r.body.at("success") == true);
  CHECK(count(f, "SELECT COUNT(*) AS n FROM tags WHERE id = ?", id) == 0);
  CHECK(count(f, "SELECT COUNT(*) AS n FROM lead_tags WHERE tag_id = ?", id) == 0);
  CHECK(count(f, "SELECT COUNT(*) AS n FROM sequences WHERE tag_slug = ?", "temp") == 0);
  CHECK(activities(f, l.lead, "tag_applied") == 1);  // the timeline keeps the history
}
