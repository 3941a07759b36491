#pragma once
// What every REST handler works with: the request context, typed readers for query and body
// fields (each throws crm::Error(kInvalidArgument) naming the field), and response builders.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/rest/api.hpp"
#include "crm/engine.hpp"
#include "crm/money.hpp"
#include "crm/pagination.hpp"
#include "crm/patch.hpp"
#include "crm/time.hpp"
#include "crm/user.hpp"

namespace crm::rest {

namespace json = boost::json;

// Thrown by Context::needs_database in a handler that Api::handle_now runs on a server's I/O
// thread: the request goes to a worker (Api::handle) instead.
struct NeedsDatabase {};

class Context {
 public:
  Context(Engine& engine, const Request& request,
          std::vector<std::pair<std::string, std::string>> params,
          std::vector<std::pair<std::string, std::string>> query,
          std::shared_ptr<const Principal> principal);

  Engine& engine() const { return engine_; }
  const Request& request() const { return request_; }

  // The authenticated user. REQUIRES: the route's tier is kUser or kAdmin.
  const User& user() const { return principal_->user; }
  // The same with who invited them, as the principal cache holds it.
  const Principal& principal() const { return *principal_; }
  bool has_user() const { return principal_ != nullptr; }
  Actor actor() const { return principal_->user.actor(); }

  // Api::handle_now runs this handler where it must not wait for the database.
  void set_immediate() { immediate_ = true; }
  // Called by an immediate route's handler before it reads the database: throws NeedsDatabase
  // under handle_now, does nothing under handle. REQUIRES: nothing written yet.
  void needs_database() const {
    if (immediate_) throw NeedsDatabase{};
  }

  // A path parameter of the route pattern ("[id]" -> "id").
  const std::string& param(std::string_view name) const;
  // A query parameter (first occurrence), decoded.
  std::optional<std::string> query(std::string_view name) const;
  // A query flag: "true" -> true, "false"/absent -> false, anything else -> 400.
  bool query_flag(std::string_view name) const;
  PageRequest page() const;

  // The JSON object body. 400 "Invalid JSON body" when it does not parse or is not an object.
  const json::object& body() const;

 private:
  Engine& engine_;
  const Request& request_;
  std::vector<std::pair<std::string, std::string>> params_;
  std::vector<std::pair<std::string, std::string>> query_;
  std::shared_ptr<const Principal> principal_;
  mutable std::optional<json::object> body_;
  bool immediate_ = false;
};

// ---- body fields: absent and null read as nullopt unless the reader is Nullable ----
std::optional<std::string> opt_string(const json::object& body, std::string_view key);
Nullable<std::string> nullable_string(const json::object& body, std::string_view key);
std::optional<bool> opt_bool(const json::object& body, std::string_view key);
std::optional<std::int64_t> opt_int(const json::object& body, std::string_view key);
Nullable<std::int64_t> nullable_int(const json::object& body, std::string_view key);
// A number or numeric string in dollars -> cents.
std::optional<Cents> opt_money(const json::object& body, std::string_view key);
Nullable<Cents> nullable_money(const json::object& body, std::string_view key);
// An ISO-8601 timestamp.
Nullable<TimeMs> nullable_time(const json::object& body, std::string_view key);
bool has_key(const json::object& body, std::string_view key);

[[noreturn]] void throw_invalid_enum(std::string_view key, std::string_view value);

// An enum field parsed by `parse`; unknown values -> 400 "Invalid <key>".
template <class E, class Parse>
std::optional<E> opt_enum(const json::object& body, std::string_view key, Parse parse) {
  auto text = opt_string(body, key);
  if (!text) return std::nullopt;
  auto value = parse(*text);
  if (!value) throw_invalid_enum(key, *text);
  return value;
}

// A query enum parsed by `parse`; unknown -> 400.
template <class E, class Parse>
std::optional<E> query_enum(const Context& ctx, std::string_view key, Parse parse) {
  auto text = ctx.query(key);
  if (!text || text->empty()) return std::nullopt;
  auto value = parse(*text);
  if (!value) throw_invalid_enum(key, *text);
  return value;
}

// ---- values ----
json::value opt_value(const std::optional<std::string>& v);
json::value opt_value(const std::optional<std::int64_t>& v);
json::value opt_value(const std::optional<bool>& v);
json::value iso(TimeMs t);
json::value opt_iso(const std::optional<TimeMs>& t);
json::value money(Cents cents);
json::value opt_money_value(const std::optional<Cents>& cents);
json::object pagination(const PageInfo& info);

template <class T, class F>
json::array to_array(const std::vector<T>& items, F&& encode) {
  json::array out;
  out.reserve(items.size());
  for (const auto& item : items) out.emplace_back(encode(item));
  return out;
}

// ---- responses ----
Response json_response(int status, const json::value& body);
// A response whose JSON text is already written (direct_codecs.hpp).
Response json_text_response(int status, std::string body);
// { data: value }
Response data(const json::value& value, int status = 200);
// { data: [...], pagination: {...} }
Response paged(json::array items, const PageInfo& info);
Response error_response(int status, std::string_view message);
// Adds the session cookie for `token` (DOMAIN.md §2; Secure when the public URL is https).
void set_session_cookie(const Context& ctx, Response& response, std::string_view token);

}  // namespace crm::rest
