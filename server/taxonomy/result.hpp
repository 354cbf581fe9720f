// Error values for the taxonomy library's boundary: import, file loading and
// anything else that meets untrusted input returns `result<T>` instead of
// throwing, so the CLI and the server decide what a failure means (exit code,
// log line) and a bad file can never take a running process down.
//
// `error` names where the problem is (file, line, column) so a municipality
// that supplies a broken language pack is told exactly what to fix.
//
// Plain value types; no shared state, so any thread may use them.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace kreds::taxonomy {

struct error {
  std::string file;         // empty when the error is not tied to a file
  std::size_t line = 0;     // 1-based; 0 when unknown
  std::size_t column = 0;   // 1-based CSV field or TSV column; 0 when unknown
  std::string column_name;  // CSV header name of that column, when known
  std::string message;

  // "occupations_da.csv:12: column 3 (iscoGroup): ISCO code '21x6' is not 1-4 digits"
  std::string to_string() const;
};

// A tiny std::expected stand-in (g++ 12 has no <expected>).
template <class T>
class result {
 public:
  result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  result(error e) : state_(std::in_place_index<1>, std::move(e)) {}

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  // Precondition: has_value(). Checked by the variant, which throws
  // std::bad_variant_access rather than reading garbage.
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // Precondition: !has_value().
  const error& err() const { return std::get<1>(state_); }

 private:
  std::variant<T, error> state_;
};

// For operations that produce nothing but may fail.
struct ok {};

}  // namespace kreds::taxonomy
