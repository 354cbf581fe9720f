// Reading the current row of a statement into typed values, in column order:
//
//   const auto [id, name, deadline] =
//       storage::read_row<std::int64_t, std::string, std::optional<std::string>>(query);
//
// Supported types: int, std::int64_t, double, bool (an integer, non-zero is
// true), std::string, and std::optional of any of them (SQL NULL gives
// std::nullopt; a NULL read as a plain type gives SQLite's conversion: 0 or
// ""). The statement must be on a row (executeStep() returned true) and have
// at least as many columns as types.
#pragma once

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

namespace kreds::storage {

namespace detail {

template <class T>
struct column_reader;

template <>
struct column_reader<int> {
  static int read(const SQLite::Column& c) { return c.getInt(); }
};
template <>
struct column_reader<std::int64_t> {
  static std::int64_t read(const SQLite::Column& c) { return c.getInt64(); }
};
template <>
struct column_reader<double> {
  static double read(const SQLite::Column& c) { return c.getDouble(); }
};
template <>
struct column_reader<bool> {
  static bool read(const SQLite::Column& c) { return c.getInt64() != 0; }
};
template <>
struct column_reader<std::string> {
  static std::string read(const SQLite::Column& c) { return c.getString(); }
};
template <class T>
struct column_reader<std::optional<T>> {
  static std::optional<T> read(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return column_reader<T>::read(c);
  }
};

template <class... Ts, std::size_t... Index>
std::tuple<Ts...> read_row(SQLite::Statement& statement, std::index_sequence<Index...>) {
  return std::tuple<Ts...>{column_reader<Ts>::read(statement.getColumn(static_cast<int>(Index)))...};
}

}  // namespace detail

template <class... Ts>
std::tuple<Ts...> read_row(SQLite::Statement& statement) {
  return detail::read_row<Ts...>(statement, std::index_sequence_for<Ts...>{});
}

}  // namespace kreds::storage
