// /api/devices, /api/sims, /api/products (DOMAIN.md §3, §12).
#include "billing_helpers.hpp"

using namespace crm;
using namespace crm::test;
using namespace crm::test::billing;

namespace {

std::vector<std::string> serials(const ApiResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.data().as_array()) out.push_back(text_of(d, "serialNumber"));
  return out;
}

void product(ApiFixture& f, const std::string& id, const std::string& name, const std::string& sku,
             bool active) {
  f.sql(
      "INSERT INTO products (id, name, sku, unit_price, is_active, created_at, updated_at) VALUES "
      "(?, ?, ?, 4999, ?, 0, 0)",
      id, name, sku, active);
}

}  // namespace

TEST_CASE("devices: tiers") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  CHECK(f.call("GET", "/api/devices").status == 401);
  CHECK(f.call("POST", "/api/devices", "", json::value{{"serialNumber", "X"}}).status == 401);
  CHECK(f.call("POST", "/api/devices", rep_token, json::value{{"serialNumber", "X"}}).status ==
        403);
  CHECK(f.call("GET", "/api/devices", rep_token).status == 200);
  CHECK(f.call("GET", "/api/sims").status == 401);
  CHECK(f.call("POST", "/api/sims", rep_token, json::value{{"iccid", "8901260123456789012"}})
            .status == 403);
}

TEST_CASE("devices: single create, duplicate 409, validation") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const auto co = company(f, "Acme");
  auto r = f.call("POST", "/api/devices", admin,
                  json::value{{"serialNumber", " SN-1 "}, {"model", "A920"}, {"companyId", co}});
  INFO(r.raw.body);
  REQUIRE(r.status == 201);
  CHECK(r.data().at("serialNumber") == "SN-1");
  CHECK(r.data().at("status") == "IN_STOCK");
  CHECK(r.data().at("companyId") == json::value(co));
  auto dup = f.call("POST", "/api/devices", admin, json::value{{"serialNumber", "SN-1"}});
  CHECK(dup.status == 409);
  CHECK(dup.error().find("SN-1") != std::string::npos);
  CHECK(f.call("POST", "/api/devices", admin, json::value{{"serialNumber", " "}}).status == 400);
  CHECK(f.call("POST", "/api/devices", admin,
               json::value{{"serialNumber", "SN-2"}, {"status", "LOST"}})
            .status == 400);
  CHECK(f.call("POST", "/api/devices", admin,
               json::value{{"serialNumber", "SN-2"}, {"companyId", "nope"}})
            .status == 400);
  CHECK(f.sql("SELECT COUNT(*) AS n FROM devices").first().integer("n") == 1);
}

TEST_CASE("devices: bulk create reports every row; duplicates are skipped, not fatal") {
  ApiFixture f;
  const auto admin = f.admin_token();
  REQUIRE(f.call("POST", "/api/devices", admin, json::value{{"serialNumber", "SN-OLD"}}).status ==
          201);
  auto r =
      f.call("POST", "/api/devices", admin,
             json::value{
                 {"devices",
                  json::array{json::object{{"serialNumber", "SN-A"}},
                              json::object{{"serialNumber", "SN-OLD"}},
                              json::object{{"serialNumber", "SN-A"}},
                              json::object{{"serialNumber", ""}}, json::object{{"serialNumber", 5}},
                              json::object{{"serialNumber", "SN-B"}, {"model", "X"}}}}});
  INFO(r.raw.body);
  REQUIRE(r.status == 201);
  const auto& d = r.data();
  CHECK(d.at("created") == 2);
  CHECK(d.at("duplicates") == 2);
  CHECK(d.at("invalid") == 2);
  const auto& rows = d.at("rows").as_array();
  REQUIRE(rows.size() == 6);
  const char* expected[] = {"created", "duplicate", "duplicate", "invalid", "invalid", "created"};
  for (std::size_t k = 0; k < rows.size(); ++k) {
    CHECK(rows[k].at("index") == k);
    CHECK(rows[k].at("result") == expected[k]);
  }
  CHECK(rows[1].at("key") == "SN-OLD");
  CHECK(rows[3].at("error").as_string().find("serialNumber") != json::string::npos);
  CHECK(rows[5].at("id").is_string());
  CHECK(f.sql("SELECT COUNT(*) AS n FROM devices").first().integer("n") == 3);
  CHECK(f.call("POST", "/api/devices", admin, json::value{{"devices", json::array{}}}).status ==
        400);
  CHECK(f.call("POST", "/api/devices", admin, json::value{{"devices", "x"}}).status == 400);
}

TEST_CASE("devices: list with company and SIM, filters, status counts over the filtered set") {
  ApiFixture f;
  const auto admin = f.admin_token();
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  auto [other_token, other_id] = f.make_user("other@example.com");
  const auto mine = company(f, "Mine", rep_id);
  const auto theirs = company(f, "Theirs", other_id);
  const auto add = [&](const std::string& serial, const std::string& status,
                       const std::optional<std::string>& co) {
    const std::string id = new_id(f);
    f.clock->advance(kSecondMs);
    f.sql(
        "INSERT INTO devices (id, serial_number, model, status, company_id, created_at, "
        "updated_at) "
        "VALUES (?, ?, 'A920', ?, ?, ?, ?)",
        id, serial, status, co, f.clock->now_ms(), f.clock->now_ms());
    return id;
  };
  const auto stock = add("SN-STOCK", "IN_STOCK", std::nullopt);
  add("SN-MINE-1", "ACTIVE", mine);
  add("SN-MINE-2", "SHIPPED", mine);
  add("SN-THEIRS", "ACTIVE", theirs);
  f.sql(
      "INSERT INTO sims (id, iccid, status, device_id, created_at, updated_at) VALUES ('s1', "
      "'8901260123456789012', 'ASSIGNED', ?, 0, 0)",
      stock);

  auto all = f.call("GET", "/api/devices", admin);
  REQUIRE(all.status == 200);
  CHECK(serials(all) ==
        std::vector<std::string>{"SN-THEIRS", "SN-MINE-2", "SN-MINE-1", "SN-STOCK"});
  CHECK(all.body.at("counts").at("ACTIVE") == 2);
  CHECK(all.body.at("counts").at("RETIRED") == 0);
  CHECK(all.data().as_array()[3].at("sim").at("iccid") == "8901260123456789012");
  CHECK(all.data().as_array()[0].at("company").at("name") == "Theirs");

  // A rep sees stock and their companies' devices; counts cover exactly that.
  auto rep = f.call("GET", "/api/devices", rep_token);
  CHECK(serials(rep) == std::vector<std::string>{"SN-MINE-2", "SN-MINE-1", "SN-STOCK"});
  CHECK(rep.body.at("counts").at("ACTIVE") == 1);
  CHECK(rep.body.at("pagination").at("total") == 3);

  // The status filter narrows the page, the counts keep every status of the other filters.
  auto active = f.call("GET", "/api/devices?status=ACTIVE", admin);
  CHECK(serials(active) == std::vector<std::string>{"SN-THEIRS", "SN-MINE-1"});
  CHECK(active.body.at("counts").at("SHIPPED") == 1);
  CHECK(active.body.at("pagination").at("total") == 2);
  auto of_mine = f.call("GET", "/api/devices?companyId=" + mine, admin);
  CHECK(of_mine.body.at("pagination").at("total") == 2);
  CHECK(of_mine.body.at("counts").at("IN_STOCK") == 0);
  auto search = f.call("GET", "/api/devices?search=mine-2", admin);
  CHECK(serials(search) == std::vector<std::string>{"SN-MINE-2"});
  CHECK(f.call("GET", "/api/devices?status=BROKEN", admin).status == 400);
}

TEST_CASE("sims: create validates the ICCID, bulk dedups, list has device and counts") {
  ApiFixture f;
  const auto admin = f.admin_token();
  auto r = f.call("POST", "/api/sims", admin,
                  json::value{{"iccid", "8901 2601 2345 6789 012"},
                              {"carrier", "Verizon"},
                              {"phoneNumber", "(555) 201-0000"}});
  INFO(r.raw.body);
  REQUIRE(r.status == 201);
  CHECK(r.data().at("iccid") == "8901260123456789012");
  CHECK(r.data().at("status") == "AVAILABLE");
  CHECK(r.data().at("phoneNumber") == "+15552010000");
  CHECK(f.call("POST", "/api/sims", admin, json::value{{"iccid", "8901260123456789012"}}).status ==
        409);
  CHECK(f.call("POST", "/api/sims", admin, json::value{{"iccid", "12345"}}).status == 400);
  CHECK(f.call("POST", "/api/sims", admin, json::value{{"iccid", "890126012345678901X"}}).status ==
        400);
  CHECK(
      f.call("POST", "/api/sims", admin, json::value{{"iccid", "123456789012345678901"}}).status ==
      400);  // 21 digits

  auto bulk =
      f.call("POST", "/api/sims", admin,
             json::value{{"sims", json::array{json::object{{"iccid", "89012601234567890123"}},
                                              json::object{{"iccid", "8901260123456789012"}},
                                              json::object{{"iccid", "bad"}}}}});
  REQUIRE(bulk.status == 201);
  CHECK(bulk.data().at("created") == 1);
  CHECK(bulk.data().at("duplicates") == 1);
  CHECK(bulk.data().at("invalid") == 1);

  auto list = f.call("GET", "/api/sims", admin);
  REQUIRE(list.status == 200);
  CHECK(list.data().as_array().size() == 2);
  CHECK(list.body.at("counts").at("AVAILABLE") == 2);
  CHECK(list.body.at("counts").at("DEACTIVATED") == 0);
  CHECK(list.data().as_array()[0].at("device").is_null());
  CHECK(f.call("GET", "/api/sims?search=67890123", admin).data().as_array().size() == 1);
  CHECK(f.call("GET", "/api/sims?status=ACTIVE", admin).data().as_array().empty());
}

TEST_CASE("sims: a SIM in a device of an invisible company is hidden from a rep") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  auto [other_token, other_id] = f.make_user("other@example.com");
  const auto theirs = company(f, "Theirs", other_id);
  f.sql(
      "INSERT INTO devices (id, serial_number, status, company_id, created_at, updated_at) VALUES "
      "('d1', 'SN-1', 'ACTIVE', ?, 0, 0)",
      theirs);
  f.sql(
      "INSERT INTO sims (id, iccid, status, device_id, created_at, updated_at) VALUES ('s1', "
      "'8901260123456789012', 'ACTIVE', 'd1', 0, 0), ('s2', '8901260123456789013', 'AVAILABLE', "
      "NULL, 1, 1)");
  auto rep = f.call("GET", "/api/sims", rep_token);
  REQUIRE(rep.data().as_array().size() == 1);
  CHECK(rep.data().as_array()[0].at("id") == "s2");
  CHECK(rep.body.at("counts").at("ACTIVE") == 0);
  auto admin = f.call("GET", "/api/sims", f.admin_token());
  CHECK(admin.data().as_array().size() == 2);
  CHECK(admin.data().as_array()[1].at("device").at("serialNumber") == "SN-1");
}

TEST_CASE("products: list with search and active filter; PATCH toggles active") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  product(f, "p1", "Card Terminal", "TERM-1", true);
  product(f, "p2", "Receipt Paper", "PAPER", true);
  product(f, "p3", "Old Terminal", "TERM-0", false);
  CHECK(f.call("GET", "/api/products").status == 401);
  auto r = f.call("GET", "/api/products", rep_token);
  REQUIRE(r.status == 200);
  REQUIRE(r.data().as_array().size() == 2);  // active by default, by name
  CHECK(r.data().as_array()[0].at("name") == "Card Terminal");
  CHECK(number(r.data().as_array()[0].at("unitPrice")) == doctest::Approx(49.99));
  CHECK(f.call("GET", "/api/products?active=all", rep_token).data().as_array().size() == 3);
  CHECK(f.call("GET", "/api/products?active=false", rep_token).data().as_array().size() == 1);
  CHECK(f.call("GET", "/api/products?active=all&search=term", rep_token).data().as_array().size() ==
        2);
  CHECK(f.call("GET", "/api/products?search=paper", rep_token).data().as_array().size() == 1);
  CHECK(f.call("GET", "/api/products?active=maybe", rep_token).status == 400);

  auto off = f.call("PATCH", "/api/products/p1", rep_token, json::value{{"active", false}});
  REQUIRE(off.status == 200);
  CHECK(off.data().at("isActive") == false);
  CHECK(f.sql("SELECT is_active FROM products WHERE id = 'p1'").first().integer("is_active") == 0);
  CHECK(f.call("PATCH", "/api/products/p1", rep_token, json::value{{"active", "no"}}).status ==
        400);
  CHECK(f.call("PATCH", "/api/products/p1", rep_token, json::value(json::object{})).status == 400);
  CHECK(f.call("PATCH", "/api/products/nope", rep_token, json::value{{"active", true}}).status ==
        404);
  CHECK(f.call("PATCH", "/api/products/p1", "", json::value{{"active", true}}).status == 401);
}

TEST_CASE("products: created through the library; SKUs are unique") {
  ApiFixture f;
  f.admin_token();
  auto& inventory = f.engine->inventory();
  const Actor admin{f.admin_id(), Role::kAdmin};
  const Product p = inventory.create_product(
      admin, {"Terminal", std::string("T1"), std::nullopt, 19999, true, std::nullopt});
  CHECK(p.unit_price == 19999);
  CHECK_THROWS_AS(inventory.create_product(
                      admin, {"Other", std::string("T1"), std::nullopt, 1, true, std::nullopt}),
                  Error);
  CHECK_THROWS_AS(
      inventory.create_product(Actor{"x", Role::kRep},
                               {"Rep", std::nullopt, std::nullopt, 1, true, std::nullopt}),
      Error);
}
