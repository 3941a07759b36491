// Fuzz target: JSON request bodies, decoded by the REST adapter's field readers and checked by
// the validation module, on every write route of users, companies, addresses, notes, contacts
// and leads (issue #9). The first byte picks the route, the rest is the body.
//
// It fails (aborts) when an answer is a 500, when an answer is not a JSON object, or when a
// string in a successful answer holds what the validation module refuses to store (a control
// character other than tab/newline, a bidi control, invalid UTF-8): nothing a client sends may
// crash the server or get stored unchecked. One route instead feeds the raw bytes to the pure
// parsers (money text, text rules, URLs) directly. "{{company}}", "{{contact}}", "{{lead}}"
// and "{{rep}}" in a body stand for the ids of records made at start-up.
#include <boost/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "adapters/rest/api.hpp"
#include "core/util/text_rules.hpp"
#include "core/util/url_rule.hpp"
#include "core/util/validate.hpp"
#include "crm/crm.hpp"
#include "crm/error.hpp"
#include "crm/storage.hpp"

namespace {

namespace json = boost::json;
using namespace crm;

// Silences the engine's log of expected failures (503s, 4xx are not logged; 500s abort anyway).
class QuietLogger : public Logger {
 public:
  void log(LogLevel, std::string_view) override {}
};

struct Route {
  const char* method;
  std::string path;
};

// One engine for the whole run, with a record of each kind for the routes to address.
struct World {
  std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>(1'795'000'000'000);
  std::unique_ptr<Engine> engine;
  std::unique_ptr<rest::Api> api;
  std::string admin;
  std::vector<Route> routes;
  // "{{name}}" in a body becomes the id of that record, so inputs can reach deeper than 404.
  std::vector<std::pair<std::string, std::string>> placeholders;

  World() {
    EngineOptions options;
    options.jwt_secret = "fuzz-secret-0123456789abcdef0123456789";
    options.bcrypt_cost = 4;
    options.clock = clock;
    options.logger = std::make_shared<QuietLogger>();
    engine = Engine::open(storage::open_database("sqlite::memory:"), options);
    api = std::make_unique<rest::Api>(*engine);
    admin = std::string(
        must("PUT", "/api/auth", "",
             R"({"email":"admin@example.com","password":"correct-horse","firstName":"Ada"})")
            .at("token")
            .as_string());
    const std::string rep = id(must("POST", "/api/users", admin,
                                    R"({"email":"rep@example.com","firstName":"R","role":"REP"})")
                                   .at("data")
                                   .at("user"));
    const std::string company = id(data(must("POST", "/api/companies", admin, R"({"name":"Co"})")));
    const std::string address = id(
        data(must("POST", "/api/companies/" + company + "/addresses", admin,
                  R"({"type":"BOTH","addressLine1":"1 Main","city":"A","state":"TX","zip":"1"})")));
    const std::string contact =
        id(data(must("POST", "/api/contacts", admin,
                     R"({"email":"c@example.com","companyId":")" + company + "\"}")));
    const std::string lead =
        id(data(must("POST", "/api/leads", admin, R"({"contactId":")" + contact + "\"}")));
    const std::string note =
        id(data(must("POST", "/api/companies/" + company + "/notes", admin, R"({"body":"n"})")));
    must("POST", "/api/users/" + rep + "/sms-gateway", admin,
         R"({"label":"L","gatewayUrl":"https://sms.example.com","username":"u","password":"p",)"
         R"("fromNumber":"+14155552671"})");
    placeholders = {
        {"{{company}}", company}, {"{{contact}}", contact}, {"{{lead}}", lead}, {"{{rep}}", rep}};
    const std::string c = "/api/companies/" + company, l = "/api/leads/" + lead;
    routes = {{"POST", "/api/companies"},
              {"PATCH", c},
              {"POST", c + "/addresses"},
              {"PATCH", c + "/addresses/" + address},
              {"POST", c + "/notes"},
              {"PATCH", c + "/notes/" + note},
              {"POST", "/api/contacts"},
              {"PATCH", "/api/contacts/" + contact},
              {"POST", "/api/leads"},
              {"PATCH", l},
              {"PATCH", l + "/stage"},
              {"POST", l + "/notes"},
              {"POST", "/api/users"},
              {"PATCH", "/api/users/me"},
              {"PATCH", "/api/users/" + rep},
              {"PATCH", "/api/users/" + rep + "/sms-gateway"},
              {"PATCH", "/api/users/" + rep + "/email-account"},
              {"POST", "/api/auth"},
              {"PUT", "/api/auth"}};
  }

  rest::Response call(const std::string& method, const std::string& path, const std::string& token,
                      std::string body) {
    rest::Request req;
    req.method = method;
    req.target = path;
    req.body = std::move(body);
    req.remote_addr = "127.0.0.1";
    req.headers.emplace_back("Content-Type", "application/json");
    if (!token.empty()) req.headers.emplace_back("Authorization", "Bearer " + token);
    return api->handle(req);
  }

  // A setup call that must succeed.
  json::object must(const std::string& method, const std::string& path, const std::string& token,
                    const std::string& body) {
    const rest::Response r = call(method, path, token, body);
    if (r.status / 100 != 2) {
      std::fprintf(stderr, "fuzz setup: %s %s -> %d %s\n", method.c_str(), path.c_str(), r.status,
                   r.body.c_str());
      std::abort();
    }
    return json::parse(r.body).as_object();
  }
  std::string with_ids(std::string body) const {
    for (const auto& [name, id] : placeholders)
      for (auto at = body.find(name); at != std::string::npos; at = body.find(name, at + id.size()))
        body.replace(at, name.size(), id);
    return body;
  }
  static const json::value& data(const json::object& o) { return o.at("data"); }
  static std::string id(const json::value& v) { return std::string(v.at("id").as_string()); }
};

[[noreturn]] void fail(const char* what, const Route& route, std::string_view body,
                       const std::string& answer) {
  std::fprintf(stderr, "fuzz_json: %s on %s %s\nbody (%zu bytes): %.*s\nanswer: %s\n", what,
               route.method, route.path.c_str(), body.size(), static_cast<int>(body.size()),
               body.data(), answer.c_str());
  std::abort();
}

// True when every string of `v` (keys included) is one the validation module would store.
bool strings_are_clean(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string:
      return text_rules::check(v.get_string(), true) == text_rules::Problem::kNone;
    case json::kind::array:
      for (const auto& item : v.get_array())
        if (!strings_are_clean(item)) return false;
      return true;
    case json::kind::object:
      for (const auto& [key, item] : v.get_object())
        if (text_rules::check(key, true) != text_rules::Problem::kNone || !strings_are_clean(item))
          return false;
      return true;
    default:
      return true;
  }
}

// The pure parsers on raw bytes: they must return or throw crm::Error(kInvalidArgument).
void fuzz_pure(std::string_view text) {
  (void)read_money(text);
  (void)text_rules::check(text, false);
  (void)text_rules::check(text, true);
  (void)url_rule::normalize_web_url(text);
  using namespace validate;
  for (const TextField& field : {line_field("f"), multi_line_field("f"), email_field("f"),
                                 phone_field("f"), url_field("f"), secret_field("f")}) {
    try {
      (void)validate::text(field, std::string(text));
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kInvalidArgument) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  if (size == 0) return 0;
  const std::string_view raw(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t pick = data[0] % (world.routes.size() + 1);
  if (pick == world.routes.size()) {
    fuzz_pure(raw);
    return 0;
  }
  const std::string body = world.with_ids(std::string(raw));
  const Route& route = world.routes[pick];
  const bool anonymous = route.path == "/api/auth";
  const rest::Response r = world.call(route.method, route.path, anonymous ? "" : world.admin, body);
  static const bool verbose = std::getenv("CRM_FUZZ_VERBOSE") != nullptr;
  if (verbose)
    std::fprintf(stderr, "%s %s -> %d %.200s\n", route.method, route.path.c_str(), r.status,
                 r.body.c_str());
  if (r.status >= 500 && r.status != 503) fail("server error", route, body, r.body);
  boost::system::error_code ec;
  const json::value answer = json::parse(r.body, ec);
  if (ec || !answer.is_object()) fail("answer is not a JSON object", route, body, r.body);
  // What a write stored comes back in its answer. (Error messages may quote the input.)
  if (r.status / 100 == 2 && !strings_are_clean(answer))
    fail("answer holds an unchecked string", route, body, r.body);
  // Keep the admin's session usable whatever the input changed (a password change revokes it).
  if (const auto* token = answer.as_object().if_contains("token");
      token && token->is_string() && route.path == "/api/users/me")
    world.admin = std::string(token->get_string());
  return 0;
}
