// crm invoices list, crm devices|sims import FILE.csv, crm reference list|add|set KIND,
// crm settings list|set|unset
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "adapters/rest/codecs/billing_codecs.hpp"
#include "adapters/rest/handler_kit.hpp"
#include "cli_output.hpp"
#include "commands.hpp"
#include "core/fulfillment/bulk_rows.hpp"
#include "core/util/decimal.hpp"
#include "csv_reader.hpp"

namespace crm::cli {
namespace {

namespace codec = rest::codec;

// ---- invoices ----

struct InvoiceListOptions {
  std::optional<std::string> status, company_id;
  int page = 1, limit = 50;
};

void list_invoices(CliContext& ctx, const InvoiceListOptions& o) {
  InvoiceQuery q;
  q.status = parse_enum_flag<InvoiceStatus>(o.status, "status", parse_invoice_status);
  q.company_id = o.company_id;
  q.page = parse_page_request(std::to_string(o.page), std::to_string(o.limit));
  const auto page = ctx.engine().invoices().list(ctx.actor(), q);
  if (ctx.json()) return print_page_json(ctx, page, codec::invoice_list_item);
  std::printf("%-26s %-15s %-8s %12s %12s  %s\n", "ID", "NUMBER", "STATUS", "TOTAL", "BALANCE",
              "COMPANY");
  for (const auto& i : page.items)
    std::printf("%-26s %-15s %-8s %12s %12s  %s\n", i.invoice.id.c_str(), i.invoice.number.c_str(),
                std::string(to_string(i.invoice.status)).c_str(),
                format_money(i.invoice.total).c_str(), format_money(i.invoice.balance()).c_str(),
                i.company.name.c_str());
  print_page_footer(page.info);
}

// ---- imports ----

std::string cell(const std::vector<std::string>& row, std::optional<std::size_t> column) {
  return column && *column < row.size() ? row[*column] : std::string();
}

std::optional<std::string> opt_cell(const std::vector<std::string>& row,
                                    std::optional<std::size_t> column) {
  std::string v = cell(row, column);
  if (v.empty()) return std::nullopt;
  return v;
}

// Prints the per-row report; exit code 3 when any row was invalid.
void report(CliContext& ctx, const BulkReport& r, const char* key_name) {
  if (ctx.json()) {
    ctx.print_json(codec::bulk_report(r));
  } else {
    std::printf("%-6s %-24s %-10s %s\n", "ROW", key_name, "RESULT", "DETAIL");
    for (const auto& row : r.rows)
      std::printf("%-6zu %-24.24s %-10s %s\n", row.index + 2, row.key.c_str(),
                  std::string(to_string(row.outcome)).c_str(),
                  row.error ? row.error->c_str() : row.id.value_or("").c_str());
    std::printf("-- %lld created, %lld duplicates, %lld invalid\n",
                static_cast<long long>(r.created), static_cast<long long>(r.duplicates),
                static_cast<long long>(r.invalid));
  }
  if (r.invalid > 0) std::exit(3);
}

// A status cell: empty -> nullopt; unknown -> kInvalidArgument (the row is reported invalid).
template <class E, class Parse>
std::optional<E> status_cell(const std::vector<std::string>& row, std::optional<std::size_t> col,
                             Parse parse) {
  const auto text = opt_cell(row, col);
  if (!text) return std::nullopt;
  auto v = parse(*text);
  if (!v) throw Error::invalid("Invalid status: " + *text);
  return v;
}

// Reads every CSV row with `read` (which may throw kInvalidArgument) for create_parsed.
template <class Input, class Read>
std::vector<bulk_rows::Parsed<Input>> parse_rows(const CsvTable& csv,
                                                 std::optional<std::size_t> key, Read read) {
  std::vector<bulk_rows::Parsed<Input>> out;
  for (const auto& row : csv.rows) {
    try {
      out.push_back({read(row), cell(row, key), ""});
    } catch (const Error& e) {
      out.push_back({std::nullopt, cell(row, key), e.what()});
    }
  }
  return out;
}

void import_devices(CliContext& ctx, const std::string& path) {
  const CsvTable csv = read_csv_file(path);
  const auto serial = csv.column({"serialnumber", "serial_number", "serial", "sn"});
  if (!serial) throw Error::invalid("CSV needs a serialNumber (or serial) column");
  const auto model = csv.column({"model"});
  const auto status = csv.column({"status"});
  const auto company = csv.column({"companyid", "company_id"});
  const auto rows = parse_rows<DeviceInput>(csv, serial, [&](const std::vector<std::string>& row) {
    return DeviceInput{cell(row, serial), opt_cell(row, model),
                       status_cell<DeviceStatus>(row, status, parse_device_status),
                       opt_cell(row, company)};
  });
  report(ctx,
         bulk_rows::create_parsed(rows,
                                  [&](const std::vector<DeviceInput>& valid) {
                                    return ctx.engine().inventory().create_devices(ctx.actor(),
                                                                                   valid);
                                  }),
         "SERIAL");
}

void import_sims(CliContext& ctx, const std::string& path) {
  const CsvTable csv = read_csv_file(path);
  const auto iccid = csv.column({"iccid"});
  if (!iccid) throw Error::invalid("CSV needs an iccid column");
  const auto carrier = csv.column({"carrier"});
  const auto phone = csv.column({"phonenumber", "phone_number", "phone"});
  const auto status = csv.column({"status"});
  const auto rows = parse_rows<SimInput>(csv, iccid, [&](const std::vector<std::string>& row) {
    return SimInput{cell(row, iccid), opt_cell(row, carrier), opt_cell(row, phone),
                    status_cell<SimStatus>(row, status, parse_sim_status)};
  });
  report(ctx,
         bulk_rows::create_parsed(rows,
                                  [&](const std::vector<SimInput>& valid) {
                                    return ctx.engine().inventory().create_sims(ctx.actor(), valid);
                                  }),
         "ICCID");
}

// ---- reference tables ----

enum class Kind { kAgreementTemplates, kTaxRates, kPaymentTerms, kContractTerms };

Kind parse_kind(const std::string& text) {
  if (text == "agreement-templates") return Kind::kAgreementTemplates;
  if (text == "tax-rates") return Kind::kTaxRates;
  if (text == "payment-terms") return Kind::kPaymentTerms;
  if (text == "contract-terms") return Kind::kContractTerms;
  throw Error::invalid("unknown table " + text +
                       " (agreement-templates, tax-rates, payment-terms, contract-terms)");
}

struct ReferenceOptions {
  std::string kind, id;
  std::optional<std::string> name, value, body_file, is_default, active;
  std::optional<std::int64_t> sort_order;
  bool all = false;
};

std::optional<bool> parse_bool(const std::optional<std::string>& text, const char* name) {
  if (!text) return std::nullopt;
  if (*text == "true" || *text == "yes") return true;
  if (*text == "false" || *text == "no") return false;
  throw Error::invalid(std::string(name) + " must be true or false");
}

ReferenceInput reference_input(Kind kind, const ReferenceOptions& o) {
  ReferenceInput in;
  in.name = o.name;
  in.sort_order = o.sort_order;
  in.is_active = parse_bool(o.active, "--active");
  in.is_default = parse_bool(o.is_default, "--default");
  if (o.value) {
    // Tax rates are percent with up to three decimals; days and months whole numbers.
    in.value = decimal::parse_fixed(*o.value, kind == Kind::kTaxRates ? 3 : 0);
    if (!in.value) throw Error::invalid("invalid --value: " + *o.value);
  }
  if (o.body_file) {
    std::ifstream file(*o.body_file, std::ios::binary);
    if (!file) throw Error::not_found("Cannot open " + *o.body_file);
    std::ostringstream body;
    body << file.rdbuf();
    in.body = body.str();
  }
  return in;
}

// One table row as the human listing shows it.
struct Line {
  std::string id, value, name;
  bool active = true;
};

template <class Row, class Encode, class Value>
void collect(const std::vector<Row>& rows, Encode encode, Value value, boost::json::array& json,
             std::vector<Line>& lines) {
  for (const auto& r : rows) {
    json.push_back(encode(r));
    lines.push_back({r.id, value(r), r.name, r.is_active});
  }
}

void print_reference(CliContext& ctx, Kind kind, ActiveFilter active) {
  auto& ref = ctx.engine().reference();
  boost::json::array json;
  std::vector<Line> lines;
  switch (kind) {
    case Kind::kAgreementTemplates:
      collect(
          ref.list_agreement_templates(active), codec::agreement_template,
          [](const AgreementTemplate& t) { return std::string(t.is_default ? "default" : ""); },
          json, lines);
      break;
    case Kind::kTaxRates:
      collect(
          ref.list_tax_rates(active), codec::tax_rate,
          [](const TaxRate& t) { return decimal::format_fixed(t.rate, 3) + "%"; }, json, lines);
      break;
    case Kind::kPaymentTerms:
      collect(
          ref.list_payment_terms(active), codec::payment_term,
          [](const PaymentTerm& t) { return std::to_string(t.days) + "d"; }, json, lines);
      break;
    case Kind::kContractTerms:
      collect(
          ref.list_contract_terms(active), codec::contract_term,
          [](const ContractTerm& t) { return std::to_string(t.months) + "mo"; }, json, lines);
      break;
  }
  if (ctx.json()) return ctx.print_json(boost::json::object{{"data", std::move(json)}});
  std::printf("%-28s %-9s %-7s %s\n", "ID", "VALUE", "ACTIVE", "NAME");
  for (const auto& l : lines)
    std::printf("%-28s %-9s %-7s %s\n", l.id.c_str(), l.value.c_str(), l.active ? "yes" : "no",
                l.name.c_str());
}

boost::json::object save_reference(CliContext& ctx, Kind kind, const std::optional<std::string>& id,
                                   const ReferenceInput& in) {
  auto& ref = ctx.engine().reference();
  const Actor actor = ctx.actor();
  switch (kind) {
    case Kind::kAgreementTemplates:
      return codec::agreement_template(id ? ref.update_agreement_template(actor, *id, in)
                                          : ref.create_agreement_template(actor, in));
    case Kind::kTaxRates:
      return codec::tax_rate(id ? ref.update_tax_rate(actor, *id, in)
                                : ref.create_tax_rate(actor, in));
    case Kind::kPaymentTerms:
      return codec::payment_term(id ? ref.update_payment_term(actor, *id, in)
                                    : ref.create_payment_term(actor, in));
    case Kind::kContractTerms:
      return codec::contract_term(id ? ref.update_contract_term(actor, *id, in)
                                     : ref.create_contract_term(actor, in));
  }
  throw Error::internal("unknown reference table");
}

void add_reference_options(CLI::App* cmd, ReferenceOptions& o) {
  cmd->add_option("--name", o.name, "Display name");
  cmd->add_option("--value", o.value, "Rate in percent (tax-rates), days or months");
  cmd->add_option("--body-file", o.body_file, "Markdown body (agreement-templates)");
  cmd->add_option("--default", o.is_default, "true|false: the default agreement template");
  cmd->add_option("--sort-order", o.sort_order, "Position in lists");
}

// ---- settings ----

bool has_engine_key() { return std::getenv("ENCRYPTION_KEY") || std::getenv("JWT_SECRET"); }

}  // namespace

void add_invoicing_commands(CLI::App& app, Action& selected) {
  auto* invoices = app.add_subcommand("invoices", "Invoices")->require_subcommand(1);
  auto inv = std::make_shared<InvoiceListOptions>();
  auto* il = invoices->add_subcommand("list", "List invoices");
  il->add_option("--status", inv->status, "DRAFT, SENT, PARTIAL, PAID, VOID");
  il->add_option("--company-id", inv->company_id);
  il->add_option("--page", inv->page)->capture_default_str();
  il->add_option("--limit", inv->limit, "1..100")->capture_default_str();
  il->callback(
      [inv, &selected] { selected = [inv](CliContext& ctx) { list_invoices(ctx, *inv); }; });

  auto file = std::make_shared<std::string>();
  auto* devices = app.add_subcommand("devices", "Devices")->require_subcommand(1);
  auto* di = devices->add_subcommand(
      "import",
      "Create devices from a CSV (serialNumber[, model, status, companyId]); reports each row");
  di->add_option("file", *file, "CSV file")->required();
  di->callback(
      [file, &selected] { selected = [file](CliContext& ctx) { import_devices(ctx, *file); }; });
  auto* sims = app.add_subcommand("sims", "SIM cards")->require_subcommand(1);
  auto* si = sims->add_subcommand(
      "import", "Create SIMs from a CSV (iccid[, carrier, phoneNumber, status]); reports each row");
  si->add_option("file", *file, "CSV file")->required();
  si->callback(
      [file, &selected] { selected = [file](CliContext& ctx) { import_sims(ctx, *file); }; });

  auto* reference = app.add_subcommand(
      "reference", "Agreement templates, tax rates, payment terms, contract terms");
  reference->require_subcommand(1);
  auto ro = std::make_shared<ReferenceOptions>();
  auto* rl = reference->add_subcommand("list", "List a table's rows");
  rl->add_option("table", ro->kind, "agreement-templates|tax-rates|payment-terms|contract-terms")
      ->required();
  rl->add_flag("--all", ro->all, "Include inactive rows");
  rl->callback([ro, &selected] {
    selected = [ro](CliContext& ctx) {
      print_reference(ctx, parse_kind(ro->kind),
                      ro->all ? ActiveFilter::kAll : ActiveFilter::kActive);
    };
  });
  auto* ra = reference->add_subcommand("add", "Add a row");
  ra->add_option("table", ro->kind)->required();
  add_reference_options(ra, *ro);
  ra->callback([ro, &selected] {
    selected = [ro](CliContext& ctx) {
      const Kind kind = parse_kind(ro->kind);
      const auto saved = save_reference(ctx, kind, std::nullopt, reference_input(kind, *ro));
      if (ctx.json())
        ctx.print_json(saved);
      else
        std::cout << "added " << std::string(saved.at("id").as_string()) << "\n";
    };
  });
  auto* rs = reference->add_subcommand("set", "Change a row (e.g. --active false retires it)");
  rs->add_option("table", ro->kind)->required();
  rs->add_option("id", ro->id)->required();
  add_reference_options(rs, *ro);
  rs->add_option("--active", ro->active, "true|false");
  rs->callback([ro, &selected] {
    selected = [ro](CliContext& ctx) {
      const Kind kind = parse_kind(ro->kind);
      const auto saved = save_reference(ctx, kind, ro->id, reference_input(kind, *ro));
      if (ctx.json())
        ctx.print_json(saved);
      else
        std::cout << "updated " << std::string(saved.at("id").as_string()) << "\n";
    };
  });

  auto* settings = app.add_subcommand("settings", "Settings (secrets need the server's keys)");
  settings->require_subcommand(1);
  auto key = std::make_shared<std::string>();
  auto value = std::make_shared<std::string>();
  settings->add_subcommand("list", "Show every setting")->callback([&selected] {
    selected = [](CliContext& ctx) {
      const auto all = ctx.engine().settings().all(ctx.actor());
      if (ctx.json()) {
        boost::json::object out;
        for (const auto& [k, v] : all) out[k] = v;
        return ctx.print_json(boost::json::object{{"data", std::move(out)}});
      }
      for (const auto& [k, v] : all) std::cout << k << " = " << v << "\n";
    };
  });
  auto* ss = settings->add_subcommand("set", "Set KEY to VALUE");
  ss->add_option("key", *key)->required();
  ss->add_option("value", *value)->required();
  ss->callback([key, value, &selected] {
    selected = [key, value](CliContext& ctx) {
      if (SettingsService::is_secret(*key) && !has_engine_key())
        throw Error::invalid("set JWT_SECRET or ENCRYPTION_KEY (the server's) to store a secret");
      ctx.engine().settings().set(ctx.actor(), *key, *value);
      std::cout << "set " << *key << "\n";
    };
  });
  auto* su = settings->add_subcommand("unset", "Delete KEY");
  su->add_option("key", *key)->required();
  su->callback([key, &selected] {
    selected = [key](CliContext& ctx) {
      ctx.engine().settings().set(ctx.actor(), *key, std::nullopt);
      std::cout << "unset " << *key << "\n";
    };
  });
}

}  // namespace crm::cli
