#pragma once
// Subcommand registration. Each add_* registers its subcommands on `app`; when one is chosen
// on the command line its callback stores the work to run in `selected`, which main() runs
// once the engine is open.

#include <CLI/CLI.hpp>

#include <functional>

#include "cli_context.hpp"

namespace crm::cli {

using Action = std::function<void(CliContext&)>;

void add_init_command(CLI::App& app, Action& selected);
void add_user_commands(CLI::App& app, Action& selected);
void add_routes_command(CLI::App& app, Action& selected);
void add_record_commands(CLI::App& app, Action& selected);
void add_migrate_command(CLI::App& app, Action& selected);
void add_doctor_command(CLI::App& app, Action& selected);
void add_job_commands(CLI::App& app, Action& selected);
void add_worker_command(CLI::App& app, Action& selected);
void add_invoicing_commands(CLI::App& app, Action& selected);
// After add_record_commands: adds `tag`/`untag` to its `leads` command.
void add_automation_commands(CLI::App& app, Action& selected);
void add_import_command(CLI::App& app, Action& selected);

}  // namespace crm::cli
