// crm migrate --from URL --to URL: copy a database into an empty one and verify it.
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "crm/clock.hpp"
#include "crm/database_copy.hpp"
#include "crm/storage.hpp"

namespace crm::cli {
namespace {

struct MigrateOptions {
  std::string from;
  std::string to;
};

}  // namespace

void add_migrate_command(CLI::App& app, Action& selected) {
  auto options = std::make_shared<MigrateOptions>();
  auto* cmd = app.add_subcommand("migrate",
                                 "Copy every table of one database into an empty one (e.g. SQLite "
                                 "to PostgreSQL) and verify it");
  cmd->add_option("--from", options->from, "Source database URL (sqlite:FILE, postgres://...)")
      ->required();
  cmd->add_option("--to", options->to, "Target database URL; must be empty")->required();
  cmd->callback([options, &selected] {
    selected = [options](CliContext&) {
      auto from = storage::open_database(options->from);
      auto to = storage::open_database(options->to);
      std::printf("%-24s %12s %12s  %-32s %s\n", "table", "source rows", "target rows", "checksum",
                  "ok");
      const auto report = storage::copy_database(
          *from, *to, SystemClock().now_ms(), [](const storage::TableCopy& t) {
            std::printf("%-24s %12lld %12lld  %-32s %s\n", t.table.c_str(),
                        static_cast<long long>(t.source_rows),
                        static_cast<long long>(t.target_rows), t.source_checksum.c_str(),
                        t.matches() ? "yes" : ("NO (target " + t.target_checksum + ")").c_str());
            std::fflush(stdout);
          });
      std::printf("%s: %zu tables copied from %s to %s\n", report.ok() ? "verified" : "MISMATCH",
                  report.tables.size(), storage::parse_database_url(options->from).redacted.c_str(),
                  storage::parse_database_url(options->to).redacted.c_str());
      if (!report.ok()) throw Error::internal("the copy does not match its source");
    };
  });
}

}  // namespace crm::cli
