// crm jobs list|show|retry|cancel|stats: the background job queue (DOMAIN.md §17).
#include <cstdio>
#include <iostream>

#include "adapters/rest/codecs/job_codecs.hpp"
#include "adapters/rest/handler_kit.hpp"
#include "cli_output.hpp"
#include "commands.hpp"

namespace crm::cli {
namespace {

struct JobListOptions {
  std::optional<std::string> status;
  std::optional<std::string> kind;
  int page = 1;
  int limit = 50;
};

std::string age(std::int64_t seconds) {
  if (seconds < 120) return std::to_string(seconds) + " s";
  if (seconds < 7200) return std::to_string(seconds / 60) + " min";
  return std::to_string(seconds / 3600) + " h";
}

void print_counts_row(const char* label, const JobCounts& c) {
  std::printf("%-32.32s %8lld %8lld %10lld %8lld %9lld\n", label, static_cast<long long>(c.queued),
              static_cast<long long>(c.running), static_cast<long long>(c.succeeded),
              static_cast<long long>(c.dead), static_cast<long long>(c.canceled));
}

void list_jobs(CliContext& ctx, const JobListOptions& o) {
  JobQuery q;
  q.status = parse_enum_flag<JobStatus>(o.status, "status", parse_job_status);
  q.kind = o.kind;
  q.page = parse_page_request(std::to_string(o.page), std::to_string(o.limit));
  const Page<Job> page = ctx.engine().jobs().list(q);
  if (ctx.json()) return print_page_json(ctx, page, rest::codec::job);
  std::printf("%-26s %-24s %-9s %-8s %-24s %s\n", "ID", "KIND", "STATUS", "ATTEMPTS", "RUN AT",
              "LAST ERROR");
  for (const Job& j : page.items) {
    const std::string attempts = std::to_string(j.attempts) + "/" + std::to_string(j.max_attempts);
    std::printf("%-26s %-24.24s %-9s %-8s %-24s %.60s\n", j.id.c_str(), j.kind.c_str(),
                std::string(to_string(j.status)).c_str(), attempts.c_str(),
                format_iso(j.run_at).c_str(), j.last_error.value_or("").c_str());
  }
  print_page_footer(page.info);
}

void print_stats(CliContext& ctx) {
  const JobStats s = ctx.engine().jobs().stats();
  if (ctx.json()) return ctx.print_json(rest::codec::job_stats(s));
  std::printf("%-32s %8s %8s %10s %8s %9s\n", "KIND", "QUEUED", "RUNNING", "SUCCEEDED", "DEAD",
              "CANCELED");
  for (const KindCounts& k : s.by_kind) print_counts_row(k.kind.c_str(), k.counts);
  print_counts_row("(all)", s.totals);
  if (s.oldest_due_at)
    std::printf("oldest due job: waiting %s (due %s)\n", age(s.oldest_due_seconds).c_str(),
                format_iso(*s.oldest_due_at).c_str());
  else
    std::printf("oldest due job: none\n");
  std::printf("stuck sequence runs (due more than 10 min ago): %lld\n",
              static_cast<long long>(s.stuck_sequence_runs));
  for (const StuckRun& r : s.stuck_runs)
    std::printf("  run %s lead %s (%s) due %s\n", r.id.c_str(), r.lead_id.c_str(),
                r.tag_slug.c_str(), format_iso(r.next_run_at).c_str());
}

void print_job(CliContext& ctx, const Job& j) {
  if (ctx.json()) return ctx.print_json(rest::codec::job(j));
  std::cout << j.id << " " << j.kind << " " << to_string(j.status) << " attempts " << j.attempts
            << "/" << j.max_attempts << " run at " << format_iso(j.run_at) << "\n";
  if (j.last_error) std::cout << "last error: " << *j.last_error << "\n";
}

// A subcommand taking one job id whose action is `act(engine jobs service, id)`.
template <class Act>
void add_id_command(CLI::App* jobs, Action& selected, const char* name, const char* help, Act act) {
  auto id = std::make_shared<std::string>();
  auto* cmd = jobs->add_subcommand(name, help);
  cmd->add_option("id", *id, "Job id")->required();
  cmd->callback([id, act, &selected] {
    selected = [id, act](CliContext& ctx) { print_job(ctx, act(ctx.engine().jobs(), *id)); };
  });
}

}  // namespace

void add_job_commands(CLI::App& app, Action& selected) {
  // fallthrough: `crm jobs list --json` reaches the global --json.
  auto* jobs = app.add_subcommand("jobs", "Background jobs: list, retry, cancel, stats")
                   ->require_subcommand(1)
                   ->fallthrough();

  auto list_opts = std::make_shared<JobListOptions>();
  auto* list = jobs->add_subcommand("list", "List jobs, newest first");
  list->add_option("--status", list_opts->status, "QUEUED, RUNNING, SUCCEEDED, DEAD, CANCELED");
  list->add_option("--kind", list_opts->kind, "Job kind, e.g. email.invoice-sent");
  list->add_option("--page", list_opts->page)->capture_default_str();
  list->add_option("--limit", list_opts->limit, "1..100")->capture_default_str();
  list->callback([list_opts, &selected] {
    selected = [o = list_opts](CliContext& ctx) { list_jobs(ctx, *o); };
  });

  add_id_command(jobs, selected, "show", "Show one job",
                 [](JobService& s, const std::string& id) { return s.get(id); });
  add_id_command(jobs, selected, "retry",
                 "Run a DEAD, CANCELED or waiting job again now, with fresh attempts",
                 [](JobService& s, const std::string& id) { return s.retry(id); });
  add_id_command(jobs, selected, "cancel", "Cancel a QUEUED, RUNNING or DEAD job",
                 [](JobService& s, const std::string& id) { return s.cancel(id); });

  jobs->add_subcommand("stats", "Counts by status and kind, oldest due job, stuck sequence runs")
      ->callback([&selected] { selected = [](CliContext& ctx) { print_stats(ctx); }; });
}

}  // namespace crm::cli
