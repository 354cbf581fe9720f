// The JSON API under /api/v1/: request and reply values free of Beast types,
// the router that maps method + path to a handler, and the one error shape.
//
// Every failure of every API route answers with the same body:
//   {"error":{"status":400,"code":"invalid_field","message":"...",
//             "field":"postcode","request_id":"r17"}}
// Paths are patterns whose `{name}` segments become parameters. Routes are
// added at start-up only; handle() may then run on any thread at once.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace kreds::app {

struct http_request {
  std::string method;   // "GET", "POST", ...
  std::string path;     // decoded-free target path, without the query
  std::string query;    // raw query string, without '?'
  std::string body;
  std::string content_type;
  std::string origin;
  std::string host;
  std::string cookie;
  std::string remote_address;
  std::string request_id;  // "r123", for logs and error bodies
  std::map<std::string, std::string> parameters;  // from {name} segments
};

struct http_reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

http_reply json_reply(int status, std::string body);
http_reply error_reply(const kreds::error& failure, std::string_view request_id);

using api_handler = std::function<boost::asio::awaitable<result<http_reply>>(const http_request&)>;

class api_router {
 public:
  // pattern: "/api/v1/networks/{network_id}/leads"
  void add(std::string method, std::string pattern, api_handler handler);

  // Finds the route, runs it, and turns an error into the standard body.
  // Unknown paths get 404, known paths with another method 405.
  boost::asio::awaitable<http_reply> handle(http_request request) const;

 private:
  struct route {
    std::string method;
    std::vector<std::string> segments;
    api_handler handler;
  };
  std::vector<route> routes_;
};

}  // namespace kreds::app
