#pragma once
// Runs the crm-server binary as a child process for end-to-end tests.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace crm::test {

// A fresh directory under the system temp folder, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct ServerLaunch {
  std::string binary;
  std::vector<std::string> args;
  // Added to the child's environment, which is the test's own minus every variable the server
  // reads (so the host environment cannot leak a JWT_SECRET or PORT into a test).
  std::vector<std::pair<std::string, std::string>> env;
  std::filesystem::path stderr_file;  // the child's stderr (access log) goes here
};

class ServerProcess {
 public:
  // Starts the binary. Does not wait for it to be ready: see wait_until_listening().
  explicit ServerProcess(ServerLaunch launch);
  // Kills the child (SIGKILL) if it still runs.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Reads stdout until the "listening on http://HOST:PORT" line; returns the port, or nullopt
  // if the child exits or stays silent past `timeout`.
  std::optional<int> wait_until_listening(std::chrono::milliseconds timeout);

  // Sends `signal` to the child.
  void send_signal(int signal);

  // Waits for the child to exit; returns its exit code (128 + signal number when killed), or
  // nullopt on timeout.
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);

  std::string stderr_text() const;
  std::string stdout_text() const { return stdout_; }
  pid_t pid() const { return pid_; }

 private:
  ServerLaunch launch_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string stdout_;
  std::optional<int> exit_code_;
};

}  // namespace crm::test
