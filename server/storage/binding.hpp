// Binding values to a statement's parameters.
//
//   bind_all(statement, a, b, c);   // ?1 = a, ?2 = b, ?3 = c
//
// An std::optional binds its value, or SQL NULL when there is none (which
// SQLiteCpp's own SQLite::bind(statement, args...) cannot). Text is copied
// into the statement (SQLITE_TRANSIENT), so temporaries are fine.
#pragma once

#include <SQLiteCpp/Statement.h>

#include <optional>

namespace kreds::storage {

template <class T>
void bind_optional(SQLite::Statement& statement, int index, const std::optional<T>& value) {
  if (value) {
    statement.bind(index, *value);
  } else {
    statement.bind(index);
  }
}

namespace detail {
template <class T>
void bind_one(SQLite::Statement& statement, int index, const T& value) {
  statement.bind(index, value);
}
template <class T>
void bind_one(SQLite::Statement& statement, int index, const std::optional<T>& value) {
  bind_optional(statement, index, value);
}
}  // namespace detail

template <class... Values>
void bind_all(SQLite::Statement& statement, const Values&... values) {
  int index = 0;
  (detail::bind_one(statement, ++index, values), ...);
}

}  // namespace kreds::storage
