#pragma once
// Conversions between Beast messages and the socket-free rest::Request / rest::Response.

#include <string>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "adapters/rest/api.hpp"

namespace crm::server {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Moves the body out of `request`. A HEAD request is passed on as GET (the Api routes GET only).
rest::Request to_rest_request(BeastRequest& request, std::string remote_addr);

// Builds the wire response: status, every header of `response` (repeated names such as
// Set-Cookie kept), Server: libcrm, Content-Length and the Connection header for `keep_alive`.
// For a HEAD request the body is dropped but Content-Length still describes it.
BeastResponse to_beast_response(rest::Response&& response, unsigned http_version, bool keep_alive,
                                bool head_request);

// A JSON error response built by the server itself (413, 400, 500), not by the Api.
BeastResponse server_error_response(unsigned status, std::string message, unsigned http_version);

// Target without its query string: "/api/users?x=1" -> "/api/users".
std::string path_of(std::string_view target);

}  // namespace crm::server
