// Embeds libcrm with no HTTP: opens an engine on a SQLite file, creates the first admin if the
// database is new, invites a rep, and lists the users.
//
//   embed_users [DB_PATH]     (default: embed_users.db in the current folder)

#include <cstdio>
#include <filesystem>

#include "crm/crm.hpp"

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "embed_users.db";
  std::filesystem::remove(path);
  try {
    crm::EngineOptions options;
    options.jwt_secret = "example-secret-that-is-at-least-32-bytes";
    options.bcrypt_cost = 4;  // fast for a demo; keep the default 12 in production
    // Any URL of crm/storage.hpp: "postgres://user:pass@host/db" works the same way.
    auto engine = crm::Engine::open(crm::storage::open_database("sqlite:" + path), options);

    const crm::Session admin = engine->auth().setup_first_admin(
        {"owner@example.com", "a-long-password", "Olivia", "Owner"});
    engine->users().invite(admin.user.actor(),
                           {"rep@example.com", "Ray", "Rep", std::nullopt, crm::Role::kRep});

    for (const auto& item : engine->users().list_all()) {
      const auto& u = item.user;
      std::printf("%-20s %-5s %s %s%s\n", u.email.c_str(),
                  std::string(crm::to_string(u.role)).c_str(), u.first_name.c_str(),
                  u.last_name.c_str(),
                  item.invited_by ? (" (invited by " + item.invited_by->email + ")").c_str() : "");
    }
    const bool ok = engine->users().list_all().size() == 2;
    std::filesystem::remove(path);
    return ok ? 0 : 1;
  } catch (const crm::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
