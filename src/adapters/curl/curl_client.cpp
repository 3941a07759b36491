#include "adapters/curl/curl_client.hpp"

#include <curl/curl.h>

#include <mutex>
#include <string_view>
#include <vector>

#include "crm/error.hpp"

namespace crm::curl {
namespace {

// The host of `url` for error messages ("api.hunter.io"), never the query (it may hold a key).
std::string host_of(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  const auto end = url.find_first_of("/?#");
  std::string_view host = url.substr(0, end);
  if (const auto at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  return std::string(host);
}

struct Transfer {
  http::Response response;
  std::size_t cap = 0;
  bool over_cap = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (t.response.body.size() + n > t.cap) {
    t.over_cap = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t.response.body.append(data, n);
  return n;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// Called once per header line, status lines included: a new status line (a redirect hop, an
// interim 100) starts the list again, so the headers are those of the final response.
size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto& headers = static_cast<Transfer*>(user)->response.headers;
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    headers.clear();
  } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    headers.emplace_back(std::string(trim(line.substr(0, colon))),
                         std::string(trim(line.substr(colon + 1))));
  }
  return size * count;
}

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  void add(const std::string& line) {
    if (curl_slist* next = curl_slist_append(list, line.c_str())) list = next;
  }
};

class CurlClient final : public http::Client {
 public:
  explicit CurlClient(CurlOptions options) : options_(std::move(options)) {
    static std::once_flag init;
    std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  ~CurlClient() override {
    for (CURL* h : idle_) curl_easy_cleanup(h);
  }

  http::Response send(const http::Request& request) override {
    CURL* h = acquire();
    try {
      http::Response out = perform(h, request);
      release(h);
      return out;
    } catch (...) {
      release(h);
      throw;
    }
  }

 private:
  http::Response perform(CURL* h, const http::Request& request) {
    // Options go back to their defaults; the handle's live connections and caches stay.
    curl_easy_reset(h);
    Transfer transfer;
    transfer.cap = options_.max_response_bytes;
    char error_buffer[CURL_ERROR_SIZE] = {0};

    const auto timeout = request.timeout.count() > 0 ? request.timeout : options_.total_timeout;
    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can decode
    curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(options_.max_response_bytes));
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
    if (request.follow_redirects) {
      curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
      curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    }

    const std::string& method = request.method;
    const bool sends_body =
        !request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
    if (method == "HEAD") {
      curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (method != "GET" || sends_body) {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
    if (sends_body) {
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
    }

    HeaderList headers;
    for (const auto& [name, value] : request.headers) headers.add(name + ": " + value);
    headers.add("Expect:");  // no 100-continue round trip before a body
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.list);

    const CURLcode rc = curl_easy_perform(h);
    // The handle outlives this frame (it returns to the pool): it must not keep pointers into it.
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
    if (rc != CURLE_OK) throw failure(request.url, rc, transfer, error_buffer, timeout);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    transfer.response.status = static_cast<int>(status);
    return std::move(transfer.response);
  }

  Error failure(const std::string& url, CURLcode rc, const Transfer& transfer, const char* detail,
                std::chrono::milliseconds timeout) const {
    std::string cause;
    switch (rc) {
      case CURLE_OPERATION_TIMEDOUT:
        cause = "timed out after " + std::to_string(timeout.count()) + " ms";
        break;
      case CURLE_COULDNT_RESOLVE_HOST:
        cause = "could not resolve the host";
        break;
      case CURLE_COULDNT_CONNECT:
        cause = "could not connect";
        break;
      case CURLE_FILESIZE_EXCEEDED:
        cause = "response larger than " + std::to_string(options_.max_response_bytes) + " bytes";
        break;
      case CURLE_UNSUPPORTED_PROTOCOL:
        cause = "unsupported URL scheme";
        break;
      default:
        if (rc == CURLE_WRITE_ERROR && transfer.over_cap)
          cause = "response larger than " + std::to_string(options_.max_response_bytes) + " bytes";
        else
          cause = *detail ? detail : curl_easy_strerror(rc);
    }
    return Error(ErrorCode::kUpstream, host_of(url) + ": " + cause);
  }

  CURL* acquire() {
    {
      std::lock_guard lock(mu_);
      if (!idle_.empty()) {
        CURL* h = idle_.back();
        idle_.pop_back();
        return h;
      }
    }
    CURL* h = curl_easy_init();
    if (!h) throw Error::internal("curl_easy_init failed");
    return h;
  }

  void release(CURL* h) {
    {
      std::lock_guard lock(mu_);
      if (idle_.size() < options_.max_idle_handles) {
        idle_.push_back(h);
        return;
      }
    }
    curl_easy_cleanup(h);
  }

  const CurlOptions options_;
  std::mutex mu_;            // guards idle_
  std::vector<CURL*> idle_;  // handles not in use, each with its connection cache
};

}  // namespace

std::shared_ptr<http::Client> make_client(const CurlOptions& options) {
  return std::make_shared<CurlClient>(options);
}

}  // namespace crm::curl
