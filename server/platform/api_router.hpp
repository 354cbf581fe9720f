// The JSON API under /api/v1/: request and reply values free of Beast types,
// the router that maps method + path to a handler, and the one error shape.
//
// Every failure of every API route answers with the same body:
//   {"error":{"status":400,"code":"invalid_field","message":"...",
//             "field":"postcode","request_id":"r17"}}
// Paths are patterns whose `{name}` segments become parameters.
//
// This is also where every API call is checked, in one place, before any
// handler runs: state-changing methods must come from an allowed Origin
// (cross-site protection), bodies must be JSON, and a route that needs a
// permission gets the caller authenticated from the session cookie and the
// permission checked against the role table (platform/access.hpp). The handler
// receives the caller — and with it the only municipality it may touch.
// Routes are added at start-up only; handle() may then run on any thread.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "platform/access.hpp"
#include "platform/audit.hpp"

namespace kreds::platform {

struct http_request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded-free target path, without the query
  std::string query;   // raw query string, without '?'
  std::string body;
  std::string content_type;
  std::string origin;
  std::string host;
  std::string cookie;
  std::string remote_address;
  std::string request_id;                         // "r123", for logs and error bodies
  std::map<std::string, std::string> parameters;  // from {name} segments
};

struct http_reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

http_reply json_reply(int status, std::string body);

// A numeric id from a `{name}` path segment; nothing when it is not a
// positive decimal number (the route then answers 404).
std::optional<std::int64_t> id_parameter(const http_request& request, const std::string& name);
http_reply error_reply(const kreds::error& failure, std::string_view request_id);

// caller is null on public routes, set on every other.
using api_handler = std::function<boost::asio::awaitable<result<http_reply>>(const http_request&, const caller* who)>;
using authenticator = std::function<boost::asio::awaitable<result<caller>>(const http_request&)>;

// A route's access rule: public, or the permission it needs.
inline constexpr std::optional<permission> public_route = std::nullopt;

class api_router {
 public:
  api_router(authenticator authenticate, auditor audit, std::vector<std::string> allowed_origins)
      : authenticate_(std::move(authenticate)),
        audit_(std::move(audit)),
        allowed_origins_(std::move(allowed_origins)) {}

  // pattern: "/api/v1/networks/{network_id}/leads"; a parameter may end in a
  // literal suffix: "/meetings/{meeting_id}.ics". `use` declares what the
  // reply reveals about other people (platform/audit.hpp).
  void add(std::string method, std::string pattern, std::optional<permission> needed, data_use use,
           api_handler handler);

  // Finds the route, runs it, and turns an error into the standard body.
  // Unknown paths get 404, known paths with another method 405.
  boost::asio::awaitable<http_reply> handle(http_request request) const;

  // Every route as {method, pattern} (for tests that try them all).
  std::vector<std::pair<std::string, std::string>> routes() const;
  // Every route as "METHOD /pattern" with its declaration (the census test).
  std::vector<declared_use> census() const;

 private:
  struct route {
    std::string method;
    std::vector<std::string> segments;
    std::optional<permission> needed;
    data_use use;
    api_handler handler;
  };
  boost::asio::awaitable<result<http_reply>> run(const route& chosen, const http_request& request) const;

  authenticator authenticate_;
  auditor audit_;
  std::vector<std::string> allowed_origins_;
  std::vector<route> routes_;
};

}  // namespace kreds::platform
