#include "server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <thread>

extern char** environ;

namespace crm::test {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::array<std::string_view, 8> kServerVariables = {
    "JWT_SECRET",      "CRM_DATABASE_URL", "HOST",        "PORT",
    "PUBLIC_BASE_URL", "ENCRYPTION_KEY",   "BCRYPT_COST", "DATABASE_URL"};

bool is_server_variable(std::string_view entry) {
  const auto name = entry.substr(0, entry.find('='));
  for (auto variable : kServerVariables)
    if (name == variable) return true;
  return false;
}

std::vector<std::string> child_environment(
    const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry)
    if (!is_server_variable(*entry)) env.emplace_back(*entry);
  for (const auto& [name, value] : extra) env.push_back(name + "=" + value);
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("crm-e2e-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

ServerProcess::ServerProcess(ServerLaunch launch) : launch_(std::move(launch)) {
  int out_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category());

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, launch_.stderr_file.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);

  std::vector<std::string> argv_strings{launch_.binary};
  argv_strings.insert(argv_strings.end(), launch_.args.begin(), launch_.args.end());
  std::vector<std::string> env_strings = child_environment(launch_.env);
  auto argv = c_strings(argv_strings);
  auto envp = c_strings(env_strings);

  const int rc =
      ::posix_spawn(&pid_, launch_.binary.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  if (rc != 0) {
    ::close(out_pipe[0]);
    throw std::system_error(rc, std::generic_category(), "posix_spawn " + launch_.binary);
  }
  stdout_fd_ = out_pipe[0];
}

ServerProcess::~ServerProcess() {
  if (!exit_code_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

std::optional<int> ServerProcess::wait_until_listening(std::chrono::milliseconds timeout) {
  constexpr std::string_view kPrefix = "listening on http://";
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (auto start = stdout_.find(kPrefix); start != std::string::npos) {
      if (auto end = stdout_.find('\n', start); end != std::string::npos) {
        const std::string line = stdout_.substr(start, end - start);
        return std::stoi(line.substr(line.rfind(':') + 1));
      }
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd fd{stdout_fd_, POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(std::max<long>(left.count(), 1))) <= 0) continue;
    char chunk[512];
    const ssize_t n = ::read(stdout_fd_, chunk, sizeof chunk);
    if (n <= 0) return std::nullopt;  // the child closed stdout: it exited
    stdout_.append(chunk, static_cast<std::size_t>(n));
  }
  return std::nullopt;
}

void ServerProcess::send_signal(int signal) {
  if (!exit_code_) ::kill(pid_, signal);
}

std::optional<int> ServerProcess::wait_for_exit(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!exit_code_) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exit_code_ = decode_status(status);
      break;
    }
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return exit_code_;
}

std::string ServerProcess::stderr_text() const {
  std::ifstream in(launch_.stderr_file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace crm::test
