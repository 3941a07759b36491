// crm doctor --recount [--fix]: the maintained list counts checked against the rows.
#include <cstdio>

#include "commands.hpp"
#include "core/lists/recount.hpp"
#include "core/runtime.hpp"

namespace crm::cli {
namespace {

void print(const lists::RecountReport& report) {
  for (const auto& d : report.counts)
    std::printf(
        "count %-10s scope=%-28s %-24s stored %lld (revenue %lld), rows %lld (revenue %lld)\n",
        d.list.c_str(), ("'" + d.scope + "'").c_str(), d.bucket.c_str(),
        static_cast<long long>(d.stored_count), static_cast<long long>(d.stored_revenue),
        static_cast<long long>(d.actual_count), static_cast<long long>(d.actual_revenue));
  if (report.stale_lead_scopes)
    std::printf("leads with a stale visibility scope: %lld\n",
                static_cast<long long>(report.stale_lead_scopes));
  if (report.stale_activity_scopes)
    std::printf("activities with a stale visibility scope: %lld\n",
                static_cast<long long>(report.stale_activity_scopes));
}

}  // namespace

void add_doctor_command(CLI::App& app, Action& selected) {
  // The flags write into these until the command runs: owned by the callback below.
  struct Flags {
    bool recount = false;
    bool fix = false;
  };
  auto flags = std::make_shared<Flags>();
  auto* cmd = app.add_subcommand("doctor", "Check the database's derived data against its rows");
  auto* recount = cmd->add_flag("--recount", flags->recount,
                                "Recompute list counts and visibility scopes and compare");
  recount->required();
  cmd->add_flag("--fix", flags->fix, "Repair what --recount finds (one transaction)")
      ->needs(recount);
  cmd->callback([flags, &selected] {
    selected = [fix = flags->fix](CliContext& ctx) {
      auto& db = ctx.engine().database();
      const auto report = fix ? lists::repair_counts(db) : lists::recount(db);
      print(report);
      if (report.clean()) {
        std::printf("list counts: clean\n");
        return;
      }
      if (fix) {
        std::printf("list counts: repaired\n");
        return;
      }
      throw Error::conflict("list counts differ from the rows (run with --fix to repair)");
    };
  });
}

}  // namespace crm::cli
