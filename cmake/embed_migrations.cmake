# Writes OUTPUT, a C++ file holding each SQL file of FILES (a ;-list, named
# NNNN_name.sql) as a raw string, for kreds::schema::bundled_migrations().
set(body "")
set(expected 1)
foreach(file IN LISTS FILES)
  get_filename_component(name "${file}" NAME)
  if(NOT name MATCHES "^([0-9][0-9][0-9][0-9])_[a-z0-9_]+\\.sql$")
    message(FATAL_ERROR "migration ${name}: name must be NNNN_lowercase_words.sql")
  endif()
  math(EXPR version "${CMAKE_MATCH_1}")
  if(NOT version EQUAL expected)
    message(FATAL_ERROR "migration ${name}: expected number ${expected}; migrations are numbered 1, 2, 3 ... without gaps")
  endif()
  math(EXPR expected "${expected} + 1")
  file(READ "${file}" sql)
  if(sql MATCHES "\\)kreds_sql\"")
    message(FATAL_ERROR "migration ${name} contains the raw-string delimiter )kreds_sql\"")
  endif()
  string(APPEND body "    {${version}, \"${name}\", R\"kreds_sql(${sql})kreds_sql\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from schema/*.sql by cmake/embed_migrations.cmake. Do not edit.
#include \"schema/migrations.hpp\"

namespace kreds::schema {
namespace {
constexpr migration all[] = {
${body}};
}  // namespace

std::span<const migration> bundled_migrations() noexcept { return all; }

}  // namespace kreds::schema
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
