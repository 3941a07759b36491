#include "support/fake_provider.hpp"
#include "support/text_util.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <stdexcept>

namespace crm::test {
namespace {

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 302:
      return "Found";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

}  // namespace

std::optional<std::string> RecordedRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return std::nullopt;
}

std::optional<std::string> RecordedRequest::query_param(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    if (percent_decode(pair.substr(0, eq)) == name)
      return eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

FakeProvider::FakeProvider() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) throw std::runtime_error("fake provider: socket failed");
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0)
    throw std::runtime_error("fake provider: bind/listen failed");
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

FakeProvider::~FakeProvider() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  ::close(listen_fd_);
  acceptor_.join();
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mu_);
    for (int fd : client_fds_) ::shutdown(fd, SHUT_RDWR);
    workers = std::move(workers_);
  }
  stop_cv_.notify_all();
  for (auto& t : workers) t.join();
}

std::string FakeProvider::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void FakeProvider::on(const std::string& method, const std::string& path, CannedResponse response) {
  on_sequence(method, path, {std::move(response)});
}

void FakeProvider::on_sequence(const std::string& method, const std::string& path,
                               std::vector<CannedResponse> sequence) {
  std::lock_guard lock(mu_);
  routes_[{method, path}] = std::move(sequence);
  served_[{method, path}] = 0;
}

std::vector<RecordedRequest> FakeProvider::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

RecordedRequest FakeProvider::last_request() const {
  std::lock_guard lock(mu_);
  if (requests_.empty()) throw std::runtime_error("fake provider: no request received");
  return requests_.back();
}

std::size_t FakeProvider::request_count() const {
  std::lock_guard lock(mu_);
  return requests_.size();
}

void FakeProvider::clear_requests() {
  std::lock_guard lock(mu_);
  requests_.clear();
}

void FakeProvider::accept_loop() {
  while (!stopping_) {
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) {
      if (stopping_) return;
      continue;
    }
    ++connections_;
    std::lock_guard lock(mu_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    client_fds_.push_back(fd);
    workers_.emplace_back([this, fd] { serve(fd); });
  }
}

bool FakeProvider::wait(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  return !stop_cv_.wait_for(lock, d, [this] { return stopping_.load(); });
}

CannedResponse FakeProvider::respond_to(const RecordedRequest& request) {
  std::lock_guard lock(mu_);
  requests_.push_back(request);
  const auto key = std::make_pair(request.method, request.path);
  const auto it = routes_.find(key);
  if (it == routes_.end() || it->second.empty())
    return CannedResponse{404, R"({"error":"no canned response"})", {}, {}, {}};
  std::size_t& n = served_[key];
  const CannedResponse& r = it->second[std::min(n, it->second.size() - 1)];
  ++n;
  return r;
}

void FakeProvider::serve(int fd) {
  // Closes the connection when serving ends, under the lock, so that the destructor never shuts
  // down a descriptor number that was already reused.
  struct Closer {
    FakeProvider& self;
    int fd;
    ~Closer() {
      std::lock_guard lock(self.mu_);
      std::erase(self.client_fds_, fd);
      ::close(fd);
    }
  } closer{*this, fd};
  std::string buffer;
  char chunk[16384];
  const auto read_more = [&] {
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  };
  while (!stopping_) {
    std::size_t head_end;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos)
      if (!read_more()) return;

    RecordedRequest req;
    const std::string_view head(buffer.data(), head_end);
    const auto line_end = head.find("\r\n");
    const std::string_view request_line = head.substr(0, line_end);
    const auto sp1 = request_line.find(' ');
    const auto sp2 = request_line.find(' ', sp1 + 1);
    req.method = std::string(request_line.substr(0, sp1));
    req.target = std::string(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
    const auto q = req.target.find('?');
    req.path = req.target.substr(0, q);
    if (q != std::string::npos) req.query = req.target.substr(q + 1);
    std::size_t content_length = 0;
    bool expect_continue = false;
    std::string_view rest = line_end == std::string_view::npos ? "" : head.substr(line_end + 2);
    while (!rest.empty()) {
      const auto eol = rest.find("\r\n");
      const std::string_view line = rest.substr(0, eol);
      if (const auto colon = line.find(':'); colon != std::string_view::npos) {
        std::string name(trim(line.substr(0, colon)));
        std::string value(trim(line.substr(colon + 1)));
        if (iequals(name, "Content-Length")) content_length = std::stoul(value);
        if (iequals(name, "Expect") && iequals(value, "100-continue")) expect_continue = true;
        req.headers.emplace_back(std::move(name), std::move(value));
      }
      if (eol == std::string_view::npos) break;
      rest.remove_prefix(eol + 2);
    }
    buffer.erase(0, head_end + 4);
    if (expect_continue && !send_all(fd, "HTTP/1.1 100 Continue\r\n\r\n")) return;
    while (buffer.size() < content_length)
      if (!read_more()) return;
    req.body = buffer.substr(0, content_length);
    buffer.erase(0, content_length);

    const CannedResponse r = respond_to(req);
    if (r.delay.count() > 0 && !wait(r.delay)) return;
    if (r.fault == CannedResponse::Fault::kCloseWithoutResponse) return;
    if (r.fault == CannedResponse::Fault::kGarbage) {
      send_all(fd, "this is not HTTP\r\n\r\n");
      return;
    }
    std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + reason(r.status) + "\r\n";
    bool has_type = false;
    for (const auto& [k, v] : r.headers) {
      if (iequals(k, "Content-Type")) has_type = true;
      out += k + ": " + v + "\r\n";
    }
    if (!has_type) out += "Content-Type: application/json\r\n";
    out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n\r\n";
    out += r.body;
    if (!send_all(fd, out)) return;
  }
}

}  // namespace crm::test
