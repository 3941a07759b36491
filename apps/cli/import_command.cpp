// crm import leads FILE.csv --icp TAG [--dry-run] [--json]: a Google Maps CSV through ingestLead.
//
// A progress bar on a terminal, then a summary table (or, with --json, the report in the shape of
// POST /api/imports/leads, one object per row). Exits 3 when any row is in error, so scripts
// notice a partial import.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "adapters/rest/codecs/import_codecs.hpp"
#include "commands.hpp"
#include "core/runtime.hpp"
#include "core/util/text.hpp"
#include "progress_bar.hpp"

namespace crm::cli {
namespace {

struct ImportOptions {
  std::string file;
  std::string icp;
  std::optional<std::string> business_label;
  std::optional<std::string> source;
  std::optional<std::string> assign_rep;  // id or email
  bool dry_run = false;
  bool json = false;
};

// Rows shown under the summary; the rest are counted.
constexpr std::size_t kListedRows = 20;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::not_found("cannot read " + path);
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::size_t>(in.tellg());
  if (size > ImportService::kMaxCsvBytes)
    throw Error(ErrorCode::kPayloadTooLarge, path + " is larger than 20 MiB; split it");
  in.seekg(0);
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  return bytes;
}

std::string rep_id(CliContext& ctx, const std::string& id_or_email) {
  if (id_or_email.find('@') == std::string::npos) return id_or_email;
  auto tx = ctx.engine().runtime().db->read();
  const auto res =
      tx->query("SELECT id FROM users WHERE email = ?", text::normalize_email(id_or_email));
  if (res.empty()) throw Error::not_found("No user " + id_or_email);
  return res.first().text("id");
}

void print_summary(const ImportOptions& o, const ImportReport& r) {
  std::printf("%s %s%s\n", r.dry_run ? "Dry run of" : "Imported", o.file.c_str(),
              r.dry_run ? " (nothing was written)" : "");
  std::printf("  %-8s %-8s %-8s %-8s %s\n", "ROWS", "CREATED", "MERGED", "SKIPPED", "ERRORS");
  const auto& s = r.summary;
  std::printf("  %-8zu %-8zu %-8zu %-8zu %zu\n", s.total, s.created, s.merged, s.skipped, s.errors);
  if (!r.ignored_columns.empty()) {
    std::string columns;
    for (const auto& c : r.ignored_columns) columns += (columns.empty() ? "" : ", ") + c;
    std::printf("  ignored columns: %s\n", columns.c_str());
  }
  std::size_t listed = 0, unlisted = 0;
  for (const RowResult& row : r.rows) {
    if (row.status != RowStatus::kError && row.status != RowStatus::kSkipped) continue;
    if (listed == kListedRows) {
      ++unlisted;
      continue;
    }
    if (listed++ == 0) std::printf("  %-6s %-8s %s\n", "LINE", "STATUS", "WHY");
    std::printf("  %-6zu %-8s %s\n", row.line, std::string(to_string(row.status)).c_str(),
                row.message.c_str());
  }
  if (unlisted > 0)
    std::printf("  ... and %zu more skipped or in error (--json lists every row)\n", unlisted);
}

}  // namespace

void add_import_command(CLI::App& app, Action& selected) {
  auto* import = app.add_subcommand("import", "Bulk imports")->require_subcommand(1);
  auto o = std::make_shared<ImportOptions>();
  auto* leads =
      import->add_subcommand("leads", "Import a Google Maps CSV export through ingestLead");
  leads->add_option("file", o->file, "The CSV file (at most 20 MiB, 50,000 rows)")->required();
  leads->add_option("--icp", o->icp, "ICP tag slug stamped on the companies (e.g. icp-restaurant)")
      ->required();
  leads->add_option("--business-label", o->business_label,
                    "Business label (default: the ICP tag's name)");
  leads->add_option("--source", o->source, "Lead and company source (default: google_maps)");
  leads->add_option("--assign-rep", o->assign_rep,
                    "Rep (id or email) for unassigned companies and new leads");
  leads->add_flag("--dry-run", o->dry_run, "Report what the import would do; write nothing");
  leads->add_flag("--json", o->json, "Print the report as JSON, one object per row");
  leads->callback([o, &selected] {
    selected = [o](CliContext& ctx) {
      const Actor actor = ctx.actor();
      if (!actor.is_admin()) throw Error::forbidden("imports need an admin (see --as)");
      LeadImportOptions options;
      options.icp_tag = o->icp;
      options.business_label = o->business_label;
      options.source_label = o->source;
      if (o->assign_rep) options.assigned_rep_id = rep_id(ctx, *o->assign_rep);
      options.dry_run = o->dry_run;
      ProgressBar bar;
      options.on_progress = [&bar](std::size_t done, std::size_t total) {
        bar.update(done, total);
      };
      const std::string bytes = read_file(o->file);
      const ImportReport report = ctx.engine().imports().import_leads_csv(actor, bytes, options);
      bar.finish();
      if (o->json || ctx.json())
        ctx.print_json(boost::json::object{{"data", rest::codec::import_report(report)}});
      else
        print_summary(*o, report);
      if (report.summary.errors > 0)
        throw Error::invalid(std::to_string(report.summary.errors) + " of " +
                             std::to_string(report.summary.total) +
                             " rows are in error and were not imported");
    };
  });
}

}  // namespace crm::cli
