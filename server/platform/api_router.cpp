#include "platform/api_router.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "platform/json_output.hpp"
#include "platform/logging.hpp"
#include "platform/origin_policy.hpp"

namespace kreds::platform {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) segments.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

// A pattern segment "{name}" or "{name}.suffix" ("{meeting_id}.ics"):
// the parameter's name and the literal text that must follow its value.
struct parameter_segment {
  std::string name;
  std::string suffix;
};

std::optional<parameter_segment> as_parameter(const std::string& segment) {
  if (segment.size() < 3 || segment.front() != '{') return std::nullopt;
  const auto close = segment.find('}');
  if (close == std::string::npos || close < 2) return std::nullopt;
  return parameter_segment{segment.substr(1, close - 1), segment.substr(close + 1)};
}

// Whether `actual` fills the pattern segment; a parameter's value goes to `parameters`.
bool segment_matches(const std::string& pattern, const std::string& actual,
                     std::map<std::string, std::string>& parameters) {
  const auto parameter = as_parameter(pattern);
  if (!parameter) return pattern == actual;
  const auto& suffix = parameter->suffix;
  if (actual.size() <= suffix.size() || actual.compare(actual.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return false;
  }
  parameters[parameter->name] = actual.substr(0, actual.size() - suffix.size());
  return true;
}

}  // namespace

std::optional<std::int64_t> id_parameter(const http_request& request, const std::string& name) {
  auto found = request.parameters.find(name);
  if (found == request.parameters.end()) return std::nullopt;
  const auto& text = found->second;
  if (text.empty() || text.size() > 18 ||
      !std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    return std::nullopt;
  }
  return std::stoll(text);
}

http_reply json_reply(int status, std::string body) {
  http_reply reply;
  reply.status = status;
  reply.body = std::move(body);
  return reply;
}

http_reply error_reply(const kreds::error& failure, std::string_view request_id) {
  boost::json::object detail{
      {"status", http_status(failure.code())},
      {"code", code_name(failure.code())},
      {"message", client_message(failure)},
  };
  if (failure.message_is_private()) {
    log_warn(request_id, "answered {}: {}", code_name(failure.code()), failure.message());
  } else if (!failure.field().empty()) {
    detail["field"] = failure.field();
  }
  if (!request_id.empty()) detail["request_id"] = request_id;
  auto reply = json_reply(http_status(failure.code()), json_text(boost::json::object{{"error", detail}}));
  if (failure.retry_after_seconds() > 0) {
    reply.body = json_text(boost::json::object{{"error", [&] {
                                                  detail["retry_after_seconds"] = failure.retry_after_seconds();
                                                  return detail;
                                                }()}});
    reply.headers.emplace_back("Retry-After", std::to_string(failure.retry_after_seconds()));
  }
  return reply;
}

void api_router::add(std::string method, std::string pattern, std::optional<permission> needed, data_use use,
                     api_handler handler) {
  routes_.push_back({std::move(method), split_path(pattern), needed, use, std::move(handler)});
}

boost::asio::awaitable<result<http_reply>> api_router::run(const route& chosen, const http_request& request) const {
  const bool changes_state = request.method != "GET" && request.method != "HEAD";
  if (changes_state && (request.origin.empty() || !origin_allowed(request.origin, request.host, allowed_origins_))) {
    co_return kreds::error{errc::forbidden, "cross-site request refused: send the Origin header of this site"};
  }
  if (!request.body.empty() && request.content_type.rfind("application/json", 0) != 0) {
    co_return kreds::error{errc::unsupported, "the request body must be application/json"};
  }
  std::optional<caller> who;
  if (chosen.needed) {
    auto found = co_await authenticate_(request);
    KREDS_CO_RETURN_IF_ERROR(found);
    if (!allows(found->role, *chosen.needed)) {
      co_return kreds::error{errc::forbidden,
                             "your role (" + std::string(to_string(found->role)) + ") may not do this"};
    }
    who = std::move(*found);
  }
  auto handling = chosen.handler(request, who ? &*who : nullptr);
  auto answer = co_await std::move(handling);
  KREDS_CO_RETURN_IF_ERROR(answer);
  if (chosen.use.what == reveals::people && who && is_staff(who->role)) {
    boost::system::error_code bad;
    const auto body = boost::json::parse(answer->body, bad);
    auto auditing = audit_reply(audit_, chosen.use, &*who, bad ? nullptr : &body, request.method + " " + request.path);
    auto audited = co_await std::move(auditing);
    KREDS_CO_RETURN_IF_ERROR(audited);
  }
  co_return answer;
}

boost::asio::awaitable<http_reply> api_router::handle(http_request request) const {
  const auto segments = split_path(request.path);
  bool path_known = false;
  for (const auto& candidate : routes_) {
    if (candidate.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> parameters;
    bool match = true;
    for (std::size_t i = 0; i < segments.size() && match; ++i) {
      match = segment_matches(candidate.segments[i], segments[i], parameters);
    }
    if (!match) continue;
    path_known = true;
    if (candidate.method != request.method) continue;
    request.parameters = std::move(parameters);
    auto outcome = co_await run(candidate, request);
    if (!outcome) co_return error_reply(outcome.err(), request.request_id);
    co_return std::move(*outcome);
  }
  if (path_known) {
    co_return error_reply({errc::method_not_allowed, request.method + " is not allowed on " + request.path},
                          request.request_id);
  }
  co_return error_reply({errc::not_found, "no API route " + request.path}, request.request_id);
}

std::vector<declared_use> api_router::census() const {
  std::vector<declared_use> out;
  for (const auto& [method, pattern] : routes()) out.push_back({method + " " + pattern, {}});
  for (std::size_t i = 0; i < routes_.size(); ++i) out[i].use = routes_[i].use;
  return out;
}

std::vector<std::pair<std::string, std::string>> api_router::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : routes_) {
    std::string pattern;
    for (const auto& segment : r.segments) pattern += "/" + segment;
    out.emplace_back(r.method, pattern);
  }
  return out;
}

}  // namespace kreds::platform
