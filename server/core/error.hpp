// kreds::error — the one error value that every layer of Kreds returns.
//
// Storage, the application and the protocol edges all report failures as an
// `errc` (a machine-readable code that maps to an HTTP status and to the
// `code` field of every JSON error body) plus a human message and, where the
// fault lies in one input field, that field's name. `errc` is also a
// std::error_code enum with its own category, so it travels through Asio
// completion handlers unchanged. Plain values; safe to copy between threads.
#pragma once

#include <string>
#include <string_view>
#include <system_error>

namespace kreds {

enum class errc {
  bad_request = 1,  // malformed request or message
  invalid_json,     // body or frame is not JSON
  invalid_field,    // a field is missing, of the wrong type or out of range
  not_found,
  method_not_allowed,
  payload_too_large,
  headers_too_large,
  request_timeout,
  unauthenticated,
  forbidden,
  conflict,  // violates a uniqueness or state rule
  rate_limited,
  unsupported,      // unknown message type, binary frame, ...
  storage_failure,  // SQLite reported an error
  unavailable,      // shutting down or overloaded; try again
  busy,             // a bounded queue (password hashing) is full; retry after retry_after_seconds
  internal,
};

// The machine-readable name used in JSON error bodies ("invalid_field").
std::string_view code_name(errc code) noexcept;

// The HTTP status an API response carries for this code.
int http_status(errc code) noexcept;

const std::error_category& error_category() noexcept;
std::error_code make_error_code(errc code) noexcept;

class error {
 public:
  error(errc code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  errc code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }
  // The input field at fault, empty when the error is not about one field.
  const std::string& field() const noexcept { return field_; }
  // For errc::rate_limited: seconds until a retry may succeed (0 = unknown).
  long retry_after_seconds() const noexcept { return retry_after_seconds_; }
  error&& with_retry_after(long seconds) && noexcept {
    retry_after_seconds_ = seconds;
    return std::move(*this);
  }
  // An error whose message is for the log only (a database's own words, a
  // schema name): clients get client_message() instead. storage_failure and
  // internal are always private.
  error&& with_private_message() && noexcept {
    private_message_ = true;
    return std::move(*this);
  }
  bool message_is_private() const noexcept {
    return private_message_ || code_ == errc::storage_failure || code_ == errc::internal;
  }

 private:
  errc code_;
  std::string message_;
  std::string field_;
  long retry_after_seconds_ = 0;
  bool private_message_ = false;
};

// What a client may be told of `failure`: its message, or for a private one a
// plain sentence for its code (the request id in the reply lets staff find
// the logged detail).
std::string client_message(const error& failure);

}  // namespace kreds

template <>
struct std::is_error_code_enum<kreds::errc> : std::true_type {};
