// InventoryService: devices and SIM cards (lists with status counts, single and bulk creates)
// and products.
#include <algorithm>
#include <set>

#include "core/fulfillment/inventory_rows.hpp"
#include "core/records/record_rows.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "core/util/text.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/fulfillment.hpp"

namespace crm {
namespace {

using visibility::require_admin;

struct Filter {
  std::string where;  // every filter but the status
  std::vector<sql::Value> params;
};

void add_search(Filter& f, const std::optional<std::string>& search,
                std::initializer_list<std::string_view> columns) {
  if (!search) return;
  const std::string term = text::trim(*search);
  if (term.empty()) return;
  std::string any;
  for (auto column : columns) {
    any += (any.empty() ? "" : " OR ") + ("lower(" + std::string(column) + ") LIKE ? ESCAPE '\\'");
    f.params.emplace_back(text::contains_pattern(term));
  }
  f.where += " AND (" + any + ")";
}

// Counts per status over `from` + the filter (not the status): every status, zeros included.
template <class Status, std::size_t N>
std::map<std::string, std::int64_t> status_counts(sql::Connection& conn, const std::string& from,
                                                  const std::string& status_column, const Filter& f,
                                                  const Status (&all)[N]) {
  std::map<std::string, std::int64_t> counts;
  for (Status s : all) counts[std::string(to_string(s))] = 0;
  const auto res = conn.run("SELECT " + status_column + " AS status, COUNT(*) AS n " + from +
                                f.where + " GROUP BY " + status_column,
                            f.params);
  for (const auto& row : res.rows) counts[row.text("status")] = row.integer("n");
  return counts;
}

// How one inventory list is queried: `from` (the tables the filters need, enough for counting),
// `page_joins` (what only the page's rows need), `select`, the status column and the order.
struct ListSql {
  std::string from;
  std::string page_joins;
  std::string select;
  std::string status_column;
  std::string order_by;
};

// One page of the list (+ the status filter), with its total.
template <class Item, class Map>
Page<Item> page_of(sql::Connection& conn, const ListSql& list, Filter f,
                   std::optional<std::string_view> status, const PageRequest& page, Map map) {
  if (status) {
    f.where += " AND " + list.status_column + " = ?";
    f.params.emplace_back(std::string(*status));
  }
  Page<Item> out;
  const auto total =
      conn.run("SELECT COUNT(*) AS n " + list.from + f.where, f.params).first().integer("n");
  out.info = make_page_info(page, total);
  f.params.emplace_back(std::int64_t{page.limit});
  f.params.emplace_back(page.offset());
  for (const auto& row : conn.run(list.select + " " + list.from + list.page_joins + f.where +
                                      " ORDER BY " + list.order_by + " LIMIT ? OFFSET ?",
                                  f.params)
                             .rows)
    out.items.push_back(map(row));
  return out;
}

// A bulk create: each row validated (invalid), checked against the rows before it
// (duplicate), then inserted with ON CONFLICT DO NOTHING on its unique key (duplicate when the
// key exists), all in one transaction.
std::string raw_key(const DeviceInput& in) { return in.serial_number; }
std::string raw_key(const SimInput& in) { return in.iccid; }

// `key_of(conn, input)` validates a row (kInvalidArgument: the row is reported invalid) and
// returns its unique key; `insert(conn, input, key)` returns the new id, or nullopt when the key
// exists.
template <class Input, class KeyOf, class Insert>
BulkReport bulk_create(detail::Runtime& rt, const std::vector<Input>& inputs, KeyOf key_of,
                       Insert insert) {
  return rt.db->write([&](sql::Transaction& tx) {
    BulkReport report;
    std::set<std::string> seen;
    for (std::size_t k = 0; k < inputs.size(); ++k) {
      BulkRowResult r;
      r.index = k;
      r.key = raw_key(inputs[k]);
      try {
        r.key = key_of(tx.connection(), inputs[k]);
      } catch (const Error& e) {
        if (e.code() != ErrorCode::kInvalidArgument) throw;
        r.outcome = BulkOutcome::kInvalid;
        r.error = e.what();
        ++report.invalid;
        report.rows.push_back(std::move(r));
        continue;
      }
      if (!seen.insert(r.key).second) {
        r.outcome = BulkOutcome::kDuplicate;
        ++report.duplicates;
      } else if (auto id = insert(tx.connection(), inputs[k], r.key)) {
        r.id = *id;
        ++report.created;
      } else {
        r.outcome = BulkOutcome::kDuplicate;
        ++report.duplicates;
      }
      report.rows.push_back(std::move(r));
    }
    return report;
  });
}

// The id a one-record bulk create gave its record; an invalid record is `400`, an existing key
// `409` "A <what> already exists".
std::string created_id(const BulkReport& report, std::string_view what) {
  const auto& row = report.rows.front();
  if (row.outcome == BulkOutcome::kInvalid) throw Error::invalid(*row.error);
  if (row.outcome == BulkOutcome::kDuplicate)
    throw Error::conflict("A " + std::string(what) + " " + row.key + " already exists");
  return *row.id;
}

std::string serial_of(const DeviceInput& in) {
  return validate::required("serialNumber", in.serial_number);
}

// Digits only (spaces and dashes dropped), 19-20 of them.
std::string iccid_of(const SimInput& in) {
  std::string digits;
  for (char c : in.iccid) {
    if (c >= '0' && c <= '9')
      digits += c;
    else if (c != ' ' && c != '-')
      throw Error::invalid("iccid must be 19-20 digits");
  }
  if (digits.size() < 19 || digits.size() > 20) throw Error::invalid("iccid must be 19-20 digits");
  return digits;
}

const ListSql& device_list() {
  static const ListSql list{
      "FROM devices d LEFT JOIN companies c ON c.id = d.company_id",
      " LEFT JOIN sims s ON s.id = (SELECT x.id FROM sims x WHERE x.device_id = d.id"
      " ORDER BY x.created_at, x.id LIMIT 1)",
      "SELECT " + inventory_rows::device_columns("d", "") + ", " +
          rows::company_summary_columns("c", "c_") + ", " + inventory_rows::sim_columns("s", "s_"),
      "d.status", "d.created_at DESC, d.id DESC"};
  return list;
}

const ListSql& sim_list() {
  static const ListSql list{
      "FROM sims s LEFT JOIN devices d ON d.id = s.device_id"
      " LEFT JOIN companies c ON c.id = d.company_id",
      "",
      "SELECT " + inventory_rows::sim_columns("s", "") + ", " +
          inventory_rows::device_columns("d", "d_"),
      "s.status", "s.created_at DESC, s.id DESC"};
  return list;
}

}  // namespace

InventoryService::InventoryService(detail::Runtime& rt) : rt_(rt) {}

CountedPage<DeviceListItem> InventoryService::list_devices(const Actor& actor,
                                                           const DeviceQuery& q) {
  Filter f;
  f.where =
      " WHERE " + visibility::optional_company_condition(actor, "d.company_id", "c", f.params);
  if (q.company_id) {
    f.where += " AND d.company_id = ?";
    f.params.emplace_back(*q.company_id);
  }
  add_search(f, q.search, {"d.serial_number", "d.model"});
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  CountedPage<DeviceListItem> out;
  const ListSql& list = device_list();
  out.counts = status_counts(conn, list.from, list.status_column, f, kAllDeviceStatuses);
  out.page = page_of<DeviceListItem>(
      conn, list, f,
      q.status ? std::optional<std::string_view>(to_string(*q.status)) : std::nullopt, q.page,
      [](const sql::Row& row) {
        DeviceListItem item;
        item.device = inventory_rows::to_device(row, "");
        if (!row.is_null("c_id")) item.company = rows::row_to_company_summary(row, "c_");
        if (!row.is_null("s_id")) item.sim = inventory_rows::to_sim(row, "s_");
        return item;
      });
  return out;
}

Device InventoryService::create_device(const Actor& actor, const DeviceInput& input) {
  const std::string id = created_id(create_devices(actor, {input}), "device with serial number");
  auto tx = rt_.db->read();
  return inventory_rows::to_device(tx->query("SELECT " + inventory_rows::device_columns("d", "") +
                                                 " FROM devices d WHERE d.id = ?",
                                             id)
                                       .first(),
                                   "");
}

BulkReport InventoryService::create_devices(const Actor& actor,
                                            const std::vector<DeviceInput>& inputs) {
  require_admin(actor);
  return bulk_create(
      rt_, inputs,
      [](sql::Connection& conn, const DeviceInput& in) {
        std::string serial = serial_of(in);
        const auto company_id = validate::optional_trimmed(in.company_id);
        if (company_id && conn.query("SELECT id FROM companies WHERE id = ?", *company_id).empty())
          throw Error::invalid("companyId must be an existing company");
        return serial;
      },
      [&](sql::Connection& conn, const DeviceInput& in,
          const std::string& serial) -> std::optional<std::string> {
        const auto company_id = validate::optional_trimmed(in.company_id);
        const std::string id = rt_.new_id();
        const TimeMs now = rt_.now();
        const auto res = conn.query(
            "INSERT INTO devices (id, serial_number, model, status, company_id, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (serial_number) DO NOTHING",
            id, serial, validate::optional_trimmed(in.model),
            to_string(in.status.value_or(DeviceStatus::kInStock)), company_id, now, now);
        if (res.changes == 0) return std::nullopt;
        return id;
      });
}

CountedPage<SimListItem> InventoryService::list_sims(const Actor& actor, const SimQuery& q) {
  Filter f;
  f.where =
      " WHERE " + visibility::optional_company_condition(actor, "d.company_id", "c", f.params);
  add_search(f, q.search, {"s.iccid", "s.phone_number", "s.carrier"});
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  CountedPage<SimListItem> out;
  const ListSql& list = sim_list();
  out.counts = status_counts(conn, list.from, list.status_column, f, kAllSimStatuses);
  out.page = page_of<SimListItem>(
      conn, list, f,
      q.status ? std::optional<std::string_view>(to_string(*q.status)) : std::nullopt, q.page,
      [](const sql::Row& row) {
        SimListItem item;
        item.sim = inventory_rows::to_sim(row, "");
        if (!row.is_null("d_id")) item.device = inventory_rows::to_device(row, "d_");
        return item;
      });
  return out;
}

Sim InventoryService::create_sim(const Actor& actor, const SimInput& input) {
  const std::string id = created_id(create_sims(actor, {input}), "SIM with ICCID");
  auto tx = rt_.db->read();
  return inventory_rows::to_sim(
      tx->query("SELECT " + inventory_rows::sim_columns("s", "") + " FROM sims s WHERE s.id = ?",
                id)
          .first(),
      "");
}

BulkReport InventoryService::create_sims(const Actor& actor, const std::vector<SimInput>& inputs) {
  require_admin(actor);
  return bulk_create(
      rt_, inputs,
      [](sql::Connection&, const SimInput& in) {
        std::string iccid = iccid_of(in);
        if (in.phone_number && !text::trim(*in.phone_number).empty())
          validate::phone_e164("phoneNumber", *in.phone_number);
        return iccid;
      },
      [&](sql::Connection& conn, const SimInput& in,
          const std::string& iccid) -> std::optional<std::string> {
        std::optional<std::string> phone;
        if (auto raw = validate::optional_trimmed(in.phone_number))
          phone = validate::phone_e164("phoneNumber", *raw);
        const std::string id = rt_.new_id();
        const TimeMs now = rt_.now();
        const auto res = conn.query(
            "INSERT INTO sims (id, iccid, carrier, phone_number, status, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (iccid) DO NOTHING",
            id, iccid, validate::optional_trimmed(in.carrier), phone,
            to_string(in.status.value_or(SimStatus::kAvailable)), now, now);
        if (res.changes == 0) return std::nullopt;
        return id;
      });
}

std::vector<Product> InventoryService::list_products(const std::optional<std::string>& search,
                                                     ActiveFilter active) {
  Filter f;
  f.where = " WHERE 1 = 1";
  if (active != ActiveFilter::kAll) {
    f.where += " AND p.is_active = ?";
    f.params.emplace_back(std::int64_t{active == ActiveFilter::kActive ? 1 : 0});
  }
  add_search(f, search, {"p.name", "p.sku"});
  auto tx = rt_.db->read();
  return tx->connection()
      .run("SELECT " + inventory_rows::product_columns("p", "") + " FROM products p" + f.where +
               " ORDER BY p.name, p.id",
           f.params)
      .map([](const sql::Row& r) { return inventory_rows::to_product(r, ""); });
}

Product InventoryService::set_product_active(const Actor&, std::string_view id, bool active) {
  return rt_.db->write([&](sql::Transaction& tx) {
    const auto changed = tx.query("UPDATE products SET is_active = ?, updated_at = ? WHERE id = ?",
                                  active, rt_.now(), id);
    if (changed.changes == 0) throw Error::not_found("Product not found");
    const auto res = tx.query(
        "SELECT " + inventory_rows::product_columns("p", "") + " FROM products p WHERE p.id = ?",
        id);
    return inventory_rows::to_product(res.first(), "");
  });
}

Product InventoryService::create_product(const Actor& actor, const ProductInput& input) {
  require_admin(actor);
  Product p;
  p.name = validate::required("name", input.name);
  p.sku = validate::optional_trimmed(input.sku);
  p.description = validate::optional_trimmed(input.description);
  if (input.unit_price < 0) throw Error::invalid("unitPrice must not be negative");
  p.unit_price = input.unit_price;
  p.is_active = input.is_active;
  p.qb_item_id = validate::optional_trimmed(input.qb_item_id);
  return rt_.db->write([&](sql::Transaction& tx) {
    Product created = p;
    created.id = rt_.new_id();
    created.created_at = created.updated_at = rt_.now();
    const auto res = tx.query(
        "INSERT INTO products (id, name, sku, description, unit_price, is_active, qb_item_id, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        created.id, created.name, created.sku, created.description, created.unit_price,
        created.is_active, created.qb_item_id, created.created_at, created.updated_at);
    if (res.changes == 0) throw Error::conflict("A product with this SKU or QuickBooks id exists");
    return created;
  });
}

}  // namespace crm
