// kreds::result<T> — a value or a kreds::error, for every fallible call.
//
// A small stand-in for C++23 std::expected (g++ 12 lacks it): construct from
// a T or an error; test with `if (r)`; read with `*r` / `r->` or `r.err()`.
// Reading the wrong side is a programming error and aborts in debug builds.
// Plain value; thread-safety is that of T.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "core/error.hpp"

namespace kreds {

template <class T>
class [[nodiscard]] result {
 public:
  result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  result(kreds::error failure) : state_(std::in_place_index<1>, std::move(failure)) {}

  bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const kreds::error& err() const& {
    assert(!has_value());
    return std::get<1>(state_);
  }
  kreds::error&& err() && {
    assert(!has_value());
    return std::get<1>(std::move(state_));
  }

 private:
  std::variant<T, kreds::error> state_;
};

template <>
class [[nodiscard]] result<void> {
 public:
  result() = default;
  result(kreds::error failure) : failure_(std::move(failure)), failed_(true) {}

  bool has_value() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return has_value(); }
  const kreds::error& err() const& {
    assert(failed_);
    return failure_;
  }
  kreds::error&& err() && {
    assert(failed_);
    return std::move(failure_);
  }

 private:
  kreds::error failure_{errc::internal, {}};
  bool failed_ = false;
};

}  // namespace kreds

// In a coroutine returning awaitable<result<U>>: if the result `r` (a named
// variable) holds an error, returns it; else carries on with *r.
//   auto body = parse_json_object(request.body);
//   KREDS_CO_RETURN_IF_ERROR(body);
#define KREDS_CO_RETURN_IF_ERROR(r)         \
  do {                                      \
    if (!(r)) co_return std::move(r).err(); \
  } while (false)

// The same for an expression whose value is needed only to check it:
//   KREDS_CO_CHECK(only_fields(payload, {"network_id"}));
#define KREDS_CO_CHECK(...)                                                                              \
  do {                                                                                                   \
    if (auto kreds_checked_ = (__VA_ARGS__); !kreds_checked_) co_return std::move(kreds_checked_).err(); \
  } while (false)

// The same two for an ordinary function returning result<U>.
#define KREDS_RETURN_IF_ERROR(r)         \
  do {                                   \
    if (!(r)) return std::move(r).err(); \
  } while (false)

#define KREDS_CHECK(...)                                                                              \
  do {                                                                                                \
    if (auto kreds_checked_ = (__VA_ARGS__); !kreds_checked_) return std::move(kreds_checked_).err(); \
  } while (false)
