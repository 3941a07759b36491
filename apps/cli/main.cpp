// crm: the command-line tool for operators. Subcommands work directly on the engine (no HTTP).
#include <cstdlib>
#include <iostream>

#include "commands.hpp"

int main(int argc, char** argv) {
  using namespace crm::cli;
  CLI::App app{"crm: script and administer a libcrm database"};
  app.require_subcommand(1);
  // Global options may also follow the subcommand: `crm invoices list --json`.
  app.fallthrough();
  GlobalOptions global;
  if (const char* url = std::getenv("CRM_DATABASE_URL")) global.database_url = url;
  app.add_option("--db", global.database_url,
                 "Database: PATH, sqlite:PATH, postgres://... (env CRM_DATABASE_URL)")
      ->capture_default_str();
  app.add_option("--as", global.acting_email, "Act as this user (default: the first active admin)");
  app.add_flag("--json", global.json, "Print JSON (the API's shapes) instead of tables");

  Action selected;
  add_init_command(app, selected);
  add_user_commands(app, selected);
  add_routes_command(app, selected);
  add_record_commands(app, selected);
  add_migrate_command(app, selected);
  add_doctor_command(app, selected);
  add_job_commands(app, selected);
  add_worker_command(app, selected);
  add_invoicing_commands(app, selected);
  add_automation_commands(app, selected);
  add_import_command(app, selected);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help or the parse error
    return code == 0 ? 0 : 2;
  }
  try {
    CliContext ctx(global);
    selected(ctx);
    return 0;
  } catch (const crm::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return exit_code(e);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
