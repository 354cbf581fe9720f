#include "core/error.hpp"

namespace kreds {
namespace {

class kreds_category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "kreds"; }
  std::string message(int value) const override { return std::string(code_name(static_cast<errc>(value))); }
};

}  // namespace

std::string_view code_name(errc code) noexcept {
  switch (code) {
    case errc::bad_request:
      return "bad_request";
    case errc::invalid_json:
      return "invalid_json";
    case errc::invalid_field:
      return "invalid_field";
    case errc::not_found:
      return "not_found";
    case errc::method_not_allowed:
      return "method_not_allowed";
    case errc::payload_too_large:
      return "payload_too_large";
    case errc::headers_too_large:
      return "headers_too_large";
    case errc::request_timeout:
      return "request_timeout";
    case errc::unauthenticated:
      return "unauthenticated";
    case errc::forbidden:
      return "forbidden";
    case errc::conflict:
      return "conflict";
    case errc::rate_limited:
      return "rate_limited";
    case errc::unsupported:
      return "unsupported";
    case errc::storage_failure:
      return "storage_failure";
    case errc::unavailable:
      return "unavailable";
    case errc::busy:
      return "busy";
    case errc::internal:
      return "internal";
  }
  return "internal";
}

int http_status(errc code) noexcept {
  switch (code) {
    case errc::bad_request:
    case errc::invalid_json:
    case errc::invalid_field:
      return 400;
    case errc::unauthenticated:
      return 401;
    case errc::forbidden:
      return 403;
    case errc::not_found:
      return 404;
    case errc::method_not_allowed:
      return 405;
    case errc::request_timeout:
      return 408;
    case errc::conflict:
      return 409;
    case errc::payload_too_large:
      return 413;
    case errc::unsupported:
      return 415;
    case errc::rate_limited:
      return 429;
    case errc::headers_too_large:
      return 431;
    case errc::unavailable:
    case errc::busy:
      return 503;
    case errc::storage_failure:
    case errc::internal:
      return 500;
  }
  return 500;
}

std::string client_message(const error& failure) {
  if (!failure.message_is_private()) return failure.message();
  switch (failure.code()) {
    case errc::conflict:
      return "this conflicts with what is already stored";
    case errc::unavailable:
    case errc::busy:
      return "the server is busy; try again shortly";
    default:
      return "the server could not complete this request";
  }
}

const std::error_category& error_category() noexcept {
  static const kreds_category category;
  return category;
}

std::error_code make_error_code(errc code) noexcept { return {static_cast<int>(code), error_category()}; }

}  // namespace kreds
