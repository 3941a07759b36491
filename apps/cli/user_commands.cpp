// crm init, crm users list|invite|deactivate
#include <iostream>

#include "adapters/rest/codecs/codecs.hpp"
#include "adapters/rest/handler_kit.hpp"
#include "commands.hpp"
#include "core/util/text.hpp"

namespace crm::cli {
namespace {

struct InitOptions {
  std::string email, password, first_name, last_name;
};

struct InviteOptions {
  std::string email, first_name, last_name, role = "REP";
  std::optional<std::string> phone;
};

// Resolves an id or an email to a user id.
std::string resolve_user_id(CliContext& ctx, const std::string& id_or_email) {
  if (id_or_email.find('@') == std::string::npos) return id_or_email;
  const std::string email = text::normalize_email(id_or_email);
  for (const auto& item : ctx.engine().users().list_all())
    if (item.user.email == email) return item.user.id;
  throw Error::not_found("No user " + email);
}

void print_user_table(const std::vector<UserWithInviter>& users) {
  std::printf("%-26s %-32s %-6s %-7s %s\n", "ID", "EMAIL", "ROLE", "ACTIVE", "NAME");
  for (const auto& item : users) {
    const User& u = item.user;
    std::printf("%-26s %-32s %-6s %-7s %s %s\n", u.id.c_str(), u.email.c_str(),
                std::string(to_string(u.role)).c_str(), u.is_active ? "yes" : "no",
                u.first_name.c_str(), u.last_name.c_str());
  }
}

}  // namespace

void add_init_command(CLI::App& app, Action& selected) {
  auto opts = std::make_shared<InitOptions>();
  auto* cmd = app.add_subcommand("init", "Create the database and the first admin");
  cmd->add_option("--email", opts->email, "Admin email")->required();
  cmd->add_option("--password", opts->password,
                  "Admin password (prompted when omitted on a terminal)");
  cmd->add_option("--first-name", opts->first_name, "Admin first name")->required();
  cmd->add_option("--last-name", opts->last_name, "Admin last name");
  cmd->callback([opts, &selected] {
    selected = [opts](CliContext& ctx) {
      std::string password = opts->password;
      if (password.empty()) password = read_secret("Password for " + opts->email + ": ");
      const Session s = ctx.engine().auth().setup_first_admin(
          {opts->email, password, opts->first_name, opts->last_name});
      if (ctx.json())
        ctx.print_json(rest::codec::user(s.user));
      else
        std::cout << "created admin " << s.user.email << " (" << s.user.id << ")\n";
    };
  });
}

void add_user_commands(CLI::App& app, Action& selected) {
  auto* users = app.add_subcommand("users", "Manage users")->require_subcommand(1);

  users->add_subcommand("list", "List every user")->callback([&selected] {
    selected = [](CliContext& ctx) {
      const auto all = ctx.engine().users().list_all();
      if (!ctx.json()) return print_user_table(all);
      boost::json::array out;
      for (const auto& item : all) out.push_back(rest::codec::user(item.user));
      ctx.print_json(out);
    };
  });

  auto invite = std::make_shared<InviteOptions>();
  auto* inv = users->add_subcommand("invite", "Invite a user; prints the one-time temp password");
  inv->add_option("--email", invite->email)->required();
  inv->add_option("--first-name", invite->first_name)->required();
  inv->add_option("--last-name", invite->last_name);
  inv->add_option("--role", invite->role)
      ->check(CLI::IsMember({"ADMIN", "REP"}))
      ->capture_default_str();
  inv->add_option("--phone", invite->phone);
  inv->callback([invite, &selected] {
    selected = [invite](CliContext& ctx) {
      const NewUser input{invite->email, invite->first_name, invite->last_name, invite->phone,
                          parse_role(invite->role).value_or(Role::kRep)};
      const InvitedUser created = ctx.engine().users().invite(ctx.actor(), input);
      if (ctx.json())
        ctx.print_json(boost::json::object{{"user", rest::codec::user(created.user)},
                                           {"tempPassword", created.temp_password}});
      else
        std::cout << "invited " << created.user.email << " (" << created.user.id
                  << ")\ntemporary password: " << created.temp_password << "\n";
    };
  });

  auto target = std::make_shared<std::string>();
  auto* deact = users->add_subcommand("deactivate", "Deactivate a user (by id or email)");
  deact->add_option("user", *target, "User id or email")->required();
  deact->callback([target, &selected] {
    selected = [target](CliContext& ctx) {
      const User u = ctx.engine().users().deactivate(ctx.actor(), resolve_user_id(ctx, *target));
      if (ctx.json())
        ctx.print_json(rest::codec::user(u));
      else
        std::cout << "deactivated " << u.email << "\n";
    };
  });
}

}  // namespace crm::cli
