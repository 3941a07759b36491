#pragma once
// A crm-server child process on a free port with its own SQLite file, for e2e tests.

#include <signal.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "server_process.hpp"

#ifndef CRM_SERVER_PATH
#error "CRM_SERVER_PATH must name the crm-server binary"
#endif

namespace crm::test {

inline const std::string kE2eJwtSecret = "e2e-secret-0123456789abcdef0123456789abcdef";

// Killed (SIGKILL) if a test leaves it running.
struct RunningServer {
  using Env = std::vector<std::pair<std::string, std::string>>;

  TempDir dir;
  std::unique_ptr<ServerProcess> process;
  int port = 0;

  explicit RunningServer(Env env = {{"JWT_SECRET", kE2eJwtSecret}, {"BCRYPT_COST", "4"}},
                         std::vector<std::string> extra_args = {"--threads", "2"}) {
    std::vector<std::string> args{"--db",       "sqlite:" + (dir.path() / "crm.db").string(),
                                  "--data-dir", (dir.path() / "data").string(),
                                  "--port",     "0"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    ServerLaunch launch{CRM_SERVER_PATH, std::move(args), std::move(env),
                        dir.path() / "server.log"};
    process = std::make_unique<ServerProcess>(std::move(launch));
    auto bound = process->wait_until_listening(std::chrono::seconds(20));
    INFO("server stderr:\n" << process->stderr_text());
    REQUIRE(bound.has_value());
    port = *bound;
  }

  // A server with the default environment and these flags.
  static std::unique_ptr<RunningServer> with_args(std::vector<std::string> args) {
    return std::make_unique<RunningServer>(Env{{"JWT_SECRET", kE2eJwtSecret}, {"BCRYPT_COST", "4"}},
                                           std::move(args));
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port) + path;
  }

  // SIGTERM, then the exit code (nullopt if it did not exit within `timeout`).
  std::optional<int> terminate(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    process->send_signal(SIGTERM);
    return process->wait_for_exit(timeout);
  }
};

}  // namespace crm::test
