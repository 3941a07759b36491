// POST /api/import (parsed rows as JSON) and POST /api/imports/leads (a Google Maps CSV upload).
#include "adapters/rest/codecs/import_codecs.hpp"
#include "adapters/rest/handlers/handlers.hpp"
#include "adapters/rest/json_writer.hpp"
#include "adapters/rest/multipart.hpp"
#include "crm/error.hpp"
#include "crm/imports.hpp"

namespace crm::rest::handlers {
namespace {

// ?mode=dry_run | commit (default).
bool dry_run(const Context& ctx) {
  const auto mode = ctx.query("mode");
  if (!mode || mode->empty() || *mode == "commit") return false;
  if (*mode == "dry_run") return true;
  throw Error::invalid("mode must be dry_run or commit");
}

std::optional<std::string> form_text(const std::vector<multipart::Part>& parts,
                                     std::string_view name) {
  const auto* part = multipart::find(parts, name);
  if (!part) return std::nullopt;
  return std::string(part->body);
}

// Types a browser sends for a CSV file are many (text/csv, text/plain, application/vnd.ms-excel,
// application/octet-stream, ...), so only types that are clearly something else are refused here;
// the content itself is checked by the import.
void check_file_type(const multipart::Part& file) {
  const std::string& type = file.content_type;
  const bool other = type.starts_with("image/") || type.starts_with("audio/") ||
                     type.starts_with("video/") || type == "application/pdf" ||
                     type == "application/zip" || type == "application/json" ||
                     type.starts_with("application/vnd.openxmlformats");
  if (other) throw Error::invalid("file must be a CSV file (got " + type + ")");
}

// One row of POST /api/import's contacts[]: scalar values as text; anything else marks the row.
LeadInput contact_row(const json::value& item) {
  LeadInput in;
  if (!item.is_object()) {
    in.input_error = "row must be an object";
    return in;
  }
  const json::object& o = item.get_object();
  // Numbers are accepted where spreadsheets make them numbers (zip codes, phones).
  const auto text = [&](std::initializer_list<std::string_view> keys,
                        std::optional<std::string>& out, bool numbers = false) {
    for (const auto key : keys) {
      const auto* v = o.if_contains(json::string_view(key.data(), key.size()));
      if (!v || v->is_null()) continue;
      if (v->is_string()) {
        out = std::string(v->get_string());
      } else if (numbers && (v->is_int64() || v->is_uint64())) {
        out = write_json(*v);
      } else {
        if (!in.input_error) in.input_error = std::string(key) + " must be a string";
        continue;
      }
      return;
    }
  };
  text({"companyName", "company"}, in.company_name);
  text({"website"}, in.website);
  text({"companyPhone"}, in.company_phone, true);
  text({"address", "addressLine1"}, in.address);
  text({"city"}, in.city);
  text({"state"}, in.state);
  text({"zip", "postalCode"}, in.zip, true);
  text({"country"}, in.country);
  text({"industry"}, in.industry);
  text({"firstName"}, in.first_name);
  text({"lastName"}, in.last_name);
  text({"email"}, in.email);
  text({"phone"}, in.phone, true);
  text({"title"}, in.title);
  text({"stage"}, in.stage);
  text({"source"}, in.source);
  text({"sourceCampaign", "campaign"}, in.source_campaign);
  return in;
}

}  // namespace

Response import_contacts(Context& ctx) {
  const json::object& body = ctx.body();
  const auto* contacts = body.if_contains("contacts");
  if (!contacts || !contacts->is_array()) throw Error::invalid("contacts must be an array");
  std::vector<LeadInput> rows;
  rows.reserve(contacts->get_array().size());
  for (const auto& item : contacts->get_array()) rows.push_back(contact_row(item));
  ContactImportOptions options;
  options.dry_run = dry_run(ctx);
  options.source_label = opt_string(body, "source");
  return data(
      codec::import_report(ctx.engine().imports().import_leads(ctx.actor(), rows, options)));
}

Response import_leads_csv(Context& ctx) {
  const bool is_dry_run = dry_run(ctx);
  const auto content_type = ctx.request().header("content-type");
  if (!content_type) throw Error::invalid("Content-Type must be multipart/form-data");
  const auto parts = multipart::parse(*content_type, ctx.request().body);
  const auto* file = multipart::find(parts, "file");
  if (!file) throw Error::invalid("file is required");
  check_file_type(*file);
  LeadImportOptions options;
  options.icp_tag = form_text(parts, "icpTag").value_or("");
  options.business_label = form_text(parts, "businessLabel");
  options.source_label = form_text(parts, "sourceLabel");
  options.assigned_rep_id = form_text(parts, "assignedRepId");
  options.dry_run = is_dry_run;
  return data(codec::import_report(
      ctx.engine().imports().import_leads_csv(ctx.actor(), file->body, options)));
}

}  // namespace crm::rest::handlers
