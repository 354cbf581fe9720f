#include "taxonomy/csv_reader.hpp"

#include <fstream>
#include <system_error>

namespace kreds::taxonomy {

std::string error::to_string() const {
  // Appended piece by piece: g++ 12 at -O3 warns falsely (-Wrestrict) on
  // `out += "x" + std::to_string(n)`.
  std::string out = file.empty() ? std::string("taxonomy") : file;
  if (line != 0) {
    out.append(":");
    out.append(std::to_string(line));
  }
  out.append(": ");
  if (column != 0) {
    out.append("column ");
    out.append(std::to_string(column));
    if (!column_name.empty()) {
      out.append(" (");
      out.append(column_name);
      out.append(")");
    }
    out.append(": ");
  }
  out.append(message);
  return out;
}

std::optional<std::size_t> csv_table::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  return std::nullopt;
}

error csv_table::error_at(const csv_row& row, std::size_t column_index, std::string message) const {
  error e;
  e.file = file;
  e.line = column_index < row.field_lines.size() ? row.field_lines[column_index] : row.line;
  e.column = column_index + 1;
  if (column_index < header.size()) e.column_name = header[column_index];
  e.message = std::move(message);
  return e;
}

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    char32_t min = 0;
    char32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2, min = 0x80, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, min = 0x800, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, min = 0x10000, cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::nullopt;
}

namespace {

// Line and column (in characters of the line, 1-based) of a byte offset, for
// errors that are not tied to a parsed field.
std::pair<std::size_t, std::size_t> locate(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

// RFC 4180 with the leniencies ESCO's files need: one pass over the text,
// a field at a time; every error names the file, line and column.
class csv_parser {
 public:
  csv_parser(std::string_view text, csv_table& table) : text_(text), n_(text.size()), table_(table) {}

  std::optional<error> parse() {
    while (i_ <= n_) {
      if (row_.fields.empty()) row_.line = line_;
      const std::size_t field_line = line_;
      const std::size_t field_column = row_.fields.size() + 1;
      std::string field;
      if (i_ < n_ && text_[i_] == '"') {
        if (auto e = read_quoted(field, field_line, field_column)) return e;
      } else {
        read_plain(field);
      }
      row_.fields.push_back(std::move(field));
      row_.field_lines.push_back(field_line);
      if (end_of_field()) {
        if (auto e = finish_row()) return e;
      }
    }
    if (!have_header_) return error{table_.file, 1, 0, {}, "the file is empty (no header row)"};
    return std::nullopt;
  }

 private:
  std::string column_name(std::size_t column) const {
    return have_header_ && column <= table_.header.size() ? table_.header[column - 1] : std::string{};
  }

  // From the opening quote to just past the closing one; "" is a quote.
  std::optional<error> read_quoted(std::string& field, std::size_t field_line, std::size_t field_column) {
    ++i_;
    bool closed = false;
    while (i_ < n_) {
      const char c = text_[i_];
      if (c == '"') {
        if (i_ + 1 < n_ && text_[i_ + 1] == '"') {
          field.push_back('"');
          i_ += 2;
          continue;
        }
        ++i_;
        closed = true;
        break;
      }
      if (c == '\n') ++line_;
      field.push_back(c);
      ++i_;
    }
    if (!closed) {
      return error{table_.file, field_line, field_column, column_name(field_column),
                   "unterminated quoted field (the quote opened here is never closed)"};
    }
    if (i_ < n_ && text_[i_] == '\r' && i_ + 1 < n_ && text_[i_ + 1] == '\n') ++i_;
    if (i_ < n_ && text_[i_] != ',' && text_[i_] != '\n') {
      return error{table_.file, line_, field_column, column_name(field_column),
                   "unexpected character after a closing quote (a quote inside a quoted field "
                   "must be doubled)"};
    }
    return std::nullopt;
  }

  // An unquoted field runs to the next comma or line end; a stray quote
  // inside it is kept literally, as most CSV writers expect.
  void read_plain(std::string& field) {
    while (i_ < n_ && text_[i_] != ',' && text_[i_] != '\n') {
      field.push_back(text_[i_]);
      ++i_;
    }
    if (!field.empty() && field.back() == '\r') field.pop_back();
  }

  // Steps over what ends the field (a comma, a line end, the end of the
  // text); true when it also ended the row.
  bool end_of_field() {
    if (i_ >= n_) {
      i_ = n_ + 1;
      return true;
    }
    if (text_[i_] == '\n') {
      ++line_;
      ++i_;
      if (i_ == n_) i_ = n_ + 1;  // the file's final newline ends the last row
      return true;
    }
    ++i_;  // the comma
    if (i_ == n_) {
      // "a,b," at EOF: the trailing empty field belongs to this row.
      row_.fields.emplace_back();
      row_.field_lines.push_back(line_);
      i_ = n_ + 1;
      return true;
    }
    return false;
  }

  std::optional<error> finish_row() {
    // A blank physical line (one empty field) is not a record.
    if (row_.fields.size() == 1 && row_.fields[0].empty()) {
      row_ = {};
      return std::nullopt;
    }
    if (!have_header_) {
      table_.header = std::move(row_.fields);
      have_header_ = true;
    } else if (row_.fields.size() != table_.header.size()) {
      return error{table_.file,
                   row_.line,
                   0,
                   {},
                   "row has " + std::to_string(row_.fields.size()) + " fields, the header has " +
                       std::to_string(table_.header.size())};
    } else {
      table_.rows.push_back(std::move(row_));
    }
    row_ = {};
    return std::nullopt;
  }

  const std::string_view text_;
  const std::size_t n_;
  csv_table& table_;
  std::size_t i_ = 0;
  std::size_t line_ = 1;
  csv_row row_;
  bool have_header_ = false;
};

}  // namespace

result<csv_table> parse_csv(std::string_view text, std::string file_name) {
  csv_table table;
  table.file = std::move(file_name);
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (auto bad = find_invalid_utf8(text)) {
    auto [line, column] = locate(text, *bad);
    return error{table.file, line, 0, {}, "invalid UTF-8 at character " + std::to_string(column)};
  }
  if (auto e = csv_parser(text, table).parse()) return *e;
  return table;
}

result<std::string> read_whole_file(const std::filesystem::path& path, std::uintmax_t size) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return error{path.string(), 0, 0, {}, "cannot open the file"};
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  // A file that shrank while being read is read as far as it goes.
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) return error{path.string(), 0, 0, {}, "read error"};
  return text;
}

result<csv_table> read_csv_file(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return error{path.string(), 0, 0, {}, "cannot read the file: " + ec.message()};
  if (size > max_csv_file_bytes) {
    return error{path.string(), 0, 0, {}, "the file is larger than " + std::to_string(max_csv_file_bytes) + " bytes"};
  }
  auto text = read_whole_file(path, size);
  if (!text) return text.err();
  return parse_csv(*text, name);
}

}  // namespace kreds::taxonomy
