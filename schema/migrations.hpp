// The numbered SQL migrations in schema/, compiled into the binary.
//
// Each `NNNN_name.sql` file becomes one `migration` whose version is NNNN;
// the storage layer applies those newer than the database's
// `PRAGMA user_version`, in order, inside one transaction. The list is
// immutable and may be read from any thread.
#pragma once

#include <span>
#include <string_view>

namespace kreds::schema {

struct migration {
  int version;            // from the file name's number, 1, 2, ...
  std::string_view name;  // the file name, for messages
  std::string_view sql;
};

// Every migration shipped with this build, ordered by version.
std::span<const migration> bundled_migrations() noexcept;

}  // namespace kreds::schema
