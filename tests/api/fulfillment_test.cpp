// GET/PATCH /api/fulfillment: pick, ship, deliver, cancel through the order, device and SIM
// state machines (DOMAIN.md §12).
#include "billing_helpers.hpp"

using namespace crm;
using namespace crm::test;
using namespace crm::test::billing;

namespace {

struct Order {
  std::string company, invoice, order;
};

// A sent invoice (with its PENDING order) of a company assigned to `rep_id`.
Order sent_order(ApiFixture& f, const std::optional<std::string>& rep_id = std::nullopt) {
  Order o;
  o.company = company(f, "Acme", rep_id);
  contact(f, o.company, "ship-" + o.company + "@acme.test");
  o.invoice = id_of(create_invoice(f, f.admin_token(), simple_body(o.company)));
  REQUIRE(patch_invoice(f, f.admin_token(), o.invoice, {{"action", "send"}}).status == 200);
  o.order =
      f.sql("SELECT id FROM fulfillment_orders WHERE invoice_id = ?", o.invoice).first().text("id");
  return o;
}

std::string device(ApiFixture& f, const std::string& serial,
                   const std::string& status = "IN_STOCK") {
  const std::string id = new_id(f);
  f.sql(
      "INSERT INTO devices (id, serial_number, status, created_at, updated_at) VALUES (?, ?, ?, 0, "
      "0)",
      id, serial, status);
  return id;
}

std::string sim(ApiFixture& f, const std::string& iccid, const std::string& status = "AVAILABLE") {
  const std::string id = new_id(f);
  f.sql("INSERT INTO sims (id, iccid, status, created_at, updated_at) VALUES (?, ?, ?, 0, 0)", id,
        iccid, status);
  return id;
}

ApiResult act(ApiFixture& f, const std::string& token, json::object body) {
  return f.call("PATCH", "/api/fulfillment", token, json::value(std::move(body)));
}

std::string status_of(ApiFixture& f, const std::string& table, const std::string& id) {
  return f.sql("SELECT status FROM " + table + " WHERE id = ?", id).first().text("status");
}

}  // namespace

TEST_CASE("fulfillment: tiers") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  CHECK(f.call("GET", "/api/fulfillment").status == 401);
  CHECK(act(f, "", {{"orderId", "x"}, {"action", "deliver"}}).status == 401);
  CHECK(act(f, rep_token, {{"orderId", "x"}, {"action", "deliver"}}).status == 403);
  CHECK(f.call("GET", "/api/fulfillment", rep_token).status == 200);
}

TEST_CASE("fulfillment: pick, ship, deliver") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const Order o = sent_order(f);
  const auto d1 = device(f, "SN-1");
  const auto d2 = device(f, "SN-2");
  const auto s1 = sim(f, "8901260123456789012");

  auto picked =
      act(f, admin,
          {{"orderId", o.order},
           {"action", "pick"},
           {"deviceIds", json::array{d1, d2}},
           {"simAssignments", json::array{json::object{{"deviceId", d1}, {"simId", s1}}}}});
  INFO(picked.raw.body);
  REQUIRE(picked.status == 200);
  CHECK(picked.data().at("status") == "PICKING");
  CHECK(picked.data().at("pickedAt") == json::value(format_iso(f.clock->now_ms())));
  const auto& items = picked.data().at("items").as_array();
  REQUIRE(items.size() == 2);
  CHECK(status_of(f, "devices", d1) == "ASSIGNED");
  CHECK(status_of(f, "sims", s1) == "ASSIGNED");
  CHECK(f.sql("SELECT device_id FROM sims WHERE id = ?", s1).first().text("device_id") == d1);
  CHECK(f.sql("SELECT invoice_id FROM devices WHERE id = ?", d2).first().text("invoice_id") ==
        o.invoice);
  CHECK(activity_data(f, "fulfillment_picked").at("iccids").as_array().size() == 1);

  // Shipping needs a tracking number.
  CHECK(act(f, admin, {{"orderId", o.order}, {"action", "ship"}}).status == 400);
  CHECK(status_of(f, "fulfillment_orders", o.order) == "PICKING");

  auto shipped = act(
      f, admin,
      {{"orderId", o.order}, {"action", "ship"}, {"trackingNumber", "1Z999"}, {"carrier", "UPS"}});
  REQUIRE(shipped.status == 200);
  CHECK(shipped.data().at("status") == "SHIPPED");
  CHECK(shipped.data().at("trackingNumber") == "1Z999");
  CHECK(status_of(f, "devices", d1) == "SHIPPED");
  CHECK(status_of(f, "devices", d2) == "SHIPPED");
  const auto shipped_act = activity_data(f, "device_shipped");
  CHECK(shipped_act.at("trackingNumber") == "1Z999");
  CHECK(shipped_act.at("serialNumbers").as_array().size() == 2);
  CHECK(job_payload(f, "email.shipped").at("to") ==
        json::value("ship-" + o.company + "@acme.test"));
  CHECK(job_payload(f, "slack.order-shipped").at("orderId") == json::value(o.order));

  // Illegal: cancel or pick after shipping; ship twice.
  CHECK(act(f, admin, {{"orderId", o.order}, {"action", "cancel"}}).status == 400);
  CHECK(act(f, admin, {{"orderId", o.order}, {"action", "pick"}, {"deviceIds", json::array{d1}}})
            .status == 400);
  CHECK(act(f, admin, {{"orderId", o.order}, {"action", "ship"}, {"trackingNumber", "X"}}).status ==
        400);
  CHECK(jobs_of_kind(f, "email.shipped") == 1);

  auto delivered = act(f, admin, {{"orderId", o.order}, {"action", "deliver"}});
  REQUIRE(delivered.status == 200);
  CHECK(delivered.data().at("status") == "DELIVERED");
  CHECK(delivered.data().at("deliveredAt").is_string());
  CHECK(act(f, admin, {{"orderId", o.order}, {"action", "deliver"}}).status == 400);

  auto list = f.call("GET", "/api/fulfillment?status=DELIVERED", admin);
  REQUIRE(list.data().as_array().size() == 1);
  CHECK(list.data().as_array()[0].at("company").at("name") == "Acme");
  CHECK(list.data().as_array()[0].at("invoice").at("id") == json::value(o.invoice));
  CHECK(list.data().as_array()[0].at("items").as_array().size() == 2);
  CHECK(f.call("GET", "/api/fulfillment?status=PENDING", admin).data().as_array().empty());
  CHECK(f.call("GET", "/api/fulfillment?status=LOST", admin).status == 400);
}

TEST_CASE("fulfillment: pick refuses unavailable devices and SIMs with 409, changing nothing") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const Order o = sent_order(f);
  const Order other = sent_order(f);
  const auto free_dev = device(f, "SN-FREE");
  const auto retired = device(f, "SN-OLD", "RETIRED");
  const auto busy_sim = sim(f, "89012601234567890123", "ACTIVE");

  auto r = act(
      f, admin,
      {{"orderId", o.order}, {"action", "pick"}, {"deviceIds", json::array{free_dev, retired}}});
  CHECK(r.status == 409);
  CHECK(r.error().find("SN-OLD") != std::string::npos);
  CHECK(status_of(f, "devices", free_dev) == "IN_STOCK");
  CHECK(status_of(f, "fulfillment_orders", o.order) == "PENDING");

  r = act(f, admin,
          {{"orderId", o.order},
           {"action", "pick"},
           {"deviceIds", json::array{free_dev}},
           {"simAssignments",
            json::array{json::object{{"deviceId", free_dev}, {"iccid", "89012601234567890123"}}}}});
  CHECK(r.status == 409);
  CHECK(r.error().find("89012601234567890123") != std::string::npos);
  CHECK(status_of(f, "devices", free_dev) == "IN_STOCK");
  CHECK(status_of(f, "sims", busy_sim) == "ACTIVE");

  // A device assigned to another invoice is not available either.
  REQUIRE(act(f, admin,
              {{"orderId", other.order}, {"action", "pick"}, {"deviceIds", json::array{free_dev}}})
              .status == 200);
  r = act(f, admin,
          {{"orderId", o.order}, {"action", "pick"}, {"deviceIds", json::array{free_dev}}});
  CHECK(r.status == 409);
  CHECK(r.error().find("SN-FREE") != std::string::npos);

  // Validation.
  CHECK(act(f, admin, {{"action", "pick"}}).status == 400);
  CHECK(act(f, admin, {{"orderId", o.order}}).status == 400);
  CHECK(act(f, admin, {{"orderId", o.order}, {"action", "teleport"}}).status == 400);
  CHECK(act(f, admin, {{"orderId", o.order}, {"action", "pick"}}).status == 400);
  CHECK(
      act(f, admin, {{"orderId", o.order}, {"action", "pick"}, {"deviceIds", json::array{"nope"}}})
          .status == 400);
  CHECK(act(f, admin, {{"orderId", "nope"}, {"action", "deliver"}}).status == 404);
  // Delivering an order that never shipped is illegal.
  CHECK(act(f, admin, {{"orderId", o.order}, {"action", "deliver"}}).status == 400);
  // A SIM for a device that is not on the order.
  const auto stray = device(f, "SN-STRAY");
  const auto s = sim(f, "8901260123456789099");
  CHECK(act(f, admin,
            {{"orderId", o.order},
             {"action", "pick"},
             {"simAssignments", json::array{json::object{{"deviceId", stray}, {"simId", s}}}}})
            .status == 400);
}

TEST_CASE("fulfillment: cancel returns devices to stock and SIMs to available") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const Order o = sent_order(f);
  const auto d = device(f, "SN-1");
  const auto s = sim(f, "8901260123456789012");
  REQUIRE(act(f, admin,
              {{"orderId", o.order},
               {"action", "pick"},
               {"deviceIds", json::array{d}},
               {"simAssignments", json::array{json::object{{"deviceId", d}, {"simId", s}}}}})
              .status == 200);
  auto r = act(f, admin, {{"orderId", o.order}, {"action", "cancel"}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("status") == "CANCELED");
  CHECK(status_of(f, "devices", d) == "IN_STOCK");
  CHECK(status_of(f, "sims", s) == "AVAILABLE");
  CHECK(f.sql("SELECT device_id FROM sims WHERE id = ?", s).first().is_null("device_id"));
  CHECK(act(f, admin, {{"orderId", o.order}, {"action", "cancel"}}).status == 400);
  // The device can go to another order now.
  const Order next = sent_order(f);
  CHECK(act(f, admin, {{"orderId", next.order}, {"action", "pick"}, {"deviceIds", json::array{d}}})
            .status == 200);
}

TEST_CASE("fulfillment: the list follows company visibility") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  auto [other_token, other_id] = f.make_user("other@example.com");
  const Order mine = sent_order(f, rep_id);
  sent_order(f, other_id);
  auto r = f.call("GET", "/api/fulfillment", rep_token);
  REQUIRE(r.data().as_array().size() == 1);
  CHECK(r.data().as_array()[0].at("id") == json::value(mine.order));
  CHECK(f.call("GET", "/api/fulfillment", f.admin_token()).data().as_array().size() == 2);
}
