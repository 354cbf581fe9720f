// The derived taxonomy file that Kreds ships (config/taxonomy/esco-1.1.tsv):
// writing it from `taxonomy_data` and reading it back with full validation.
//
// Format (UTF-8, LF line ends, see docs/taxonomy.md):
//   # kreds-taxonomy 1
//   # This service uses the ESCO classification of the European Commission.
//   # source: ESCO v1.1
//   # columns: kind, id, ref, language, preferred label, alternative labels...
//   isco_group	2	Professionals ...
//   occupation	occupation/00030d09-...	2166	en	technical director	head of technical	...
// One line per concept and language; records sorted by kind, id, language;
// alternative labels sorted. The same data always gives the same bytes, so a
// re-import of unchanged ESCO files shows an empty diff.
//
// Pure functions on values; safe to call from any thread (two writers to the
// same path race as any two file writers do; the last rename wins whole).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "taxonomy/model.hpp"
#include "taxonomy/result.hpp"

namespace kreds::taxonomy {

inline constexpr std::string_view taxonomy_file_magic = "# kreds-taxonomy 1";

// Refuses anything larger when reading: the shipped file is a few MB.
inline constexpr std::uintmax_t max_taxonomy_file_bytes = 64ull * 1024 * 1024;

// `data` must be canonical (see canonicalise) and valid (see validate).
std::string serialise_taxonomy(const taxonomy_data& data);

// Parses and validates: structure, known kinds, ISCO hierarchy, references
// between concepts, duplicates. Errors name the file, line and column.
result<taxonomy_data> parse_taxonomy(std::string_view text, std::string file_name);

// Checks the rules parse_taxonomy enforces, for data built in code (the
// importer); `file_name` only labels the error.
result<ok> validate(const taxonomy_data& data, std::string_view file_name);

// Writes to a temporary file beside `path` and renames it into place, so a
// failed write never leaves a half-written taxonomy for the server to load.
result<ok> write_taxonomy_file(const taxonomy_data& data, const std::filesystem::path& path);
result<taxonomy_data> read_taxonomy_file(const std::filesystem::path& path);

}  // namespace kreds::taxonomy
