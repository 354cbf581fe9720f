// Binding a value that may be absent to a statement parameter: the value,
// or SQL NULL when there is none.
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

}  // namespace kreds::storage
