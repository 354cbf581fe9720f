// An RFC 4180 CSV reader for the official ESCO download: quoted fields with
// embedded newlines, commas and doubled quotes, CRLF or LF line ends and an
// optional UTF-8 byte order mark. The first row is the header.
//
// It never throws on input: a malformed file (unterminated quote, stray
// character after a closing quote, a row with the wrong number of fields,
// invalid UTF-8) yields an `error` naming the file, line and column.
//
// Pure functions on values; safe to call from any thread.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "taxonomy/result.hpp"

namespace kreds::taxonomy {

struct csv_row {
  std::size_t line = 0;  // physical line the row starts on, 1-based
  std::vector<std::string> fields;
  std::vector<std::size_t> field_lines;  // physical line each field starts on
};

struct csv_table {
  std::string file;  // name used in error messages
  std::vector<std::string> header;
  std::vector<csv_row> rows;  // data rows, header excluded

  // 0-based index of the header column called `name`.
  std::optional<std::size_t> column(std::string_view name) const;

  // An error located at a field, for validators built on top of the table.
  error error_at(const csv_row& row, std::size_t column_index, std::string message) const;
};

// A file larger than this is refused rather than read into memory: the
// largest ESCO file (skills_xx.csv) is about 10 MB.
inline constexpr std::uintmax_t max_csv_file_bytes = 256ull * 1024 * 1024;

result<csv_table> parse_csv(std::string_view text, std::string file_name);
// Reads a file of known `size` (from std::filesystem::file_size) whole.
result<std::string> read_whole_file(const std::filesystem::path& path, std::uintmax_t size);

result<csv_table> read_csv_file(const std::filesystem::path& path);

// Validates UTF-8 (no overlongs, no surrogates). Returns the byte offset of
// the first invalid sequence, or nullopt when `text` is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

}  // namespace kreds::taxonomy
