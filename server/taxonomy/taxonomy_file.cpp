#include "taxonomy/taxonomy_file.hpp"

#include <fstream>
#include <map>
#include <optional>
#include <system_error>
#include <tuple>
#include <vector>

#include "taxonomy/csv_reader.hpp"

namespace kreds::taxonomy {
namespace {

bool is_digits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool is_language_tag(std::string_view s) {
  if (s.size() < 2 || s.size() > 8) return false;
  for (const char c : s) {
    if (!((c >= 'a' && c <= 'z') || c == '-')) return false;
  }
  return s.front() != '-' && s.back() != '-';
}

bool is_clean_field(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.size() > 200) return false;
  for (const char c : id) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
  }
  return true;
}

// Which column a semantic error refers to (1-based, as in the file).
enum column : std::size_t { col_kind = 1, col_id = 2, col_ref = 3, col_language = 4, col_preferred = 5 };

const std::vector<std::string> column_names = {"kind", "id", "ref", "language", "preferred label"};

error make_error(std::string_view file, std::size_t line, std::size_t column_number, std::string message) {
  error e;
  e.file = std::string(file);
  e.line = line;
  e.column = column_number;
  if (column_number >= 1 && column_number <= column_names.size()) e.column_name = column_names[column_number - 1];
  e.message = std::move(message);
  return e;
}

// Semantic checks over the whole data set. `lines[i]` is the file line of
// concept i (0 when built in code).
std::optional<error> check(const taxonomy_data& data, const std::vector<std::size_t>& lines, std::string_view file) {
  auto line_of = [&](std::size_t i) { return i < lines.size() ? lines[i] : 0; };
  std::map<std::pair<concept_kind, std::string_view>, std::size_t> index;
  for (std::size_t i = 0; i < data.concepts.size(); ++i) {
    const auto& c = data.concepts[i];
    if (!is_valid_id(c.id)) return make_error(file, line_of(i), col_id, "invalid id '" + c.id + "'");
    if (!index.emplace(std::pair{c.kind, std::string_view(c.id)}, i).second) {
      return make_error(file, line_of(i), col_id, "duplicate " + std::string(to_string(c.kind)) + " '" + c.id + "'");
    }
    if (c.labels.empty()) return make_error(file, line_of(i), col_language, "'" + c.id + "' has no labels");
    for (std::size_t k = 0; k < c.labels.size(); ++k) {
      const auto& set = c.labels[k];
      if (!is_language_tag(set.language)) {
        return make_error(file, line_of(i), col_language, "invalid language '" + set.language + "'");
      }
      if (set.preferred.empty()) return make_error(file, line_of(i), col_preferred, "empty preferred label");
      for (std::size_t j = 0; j < k; ++j) {
        if (c.labels[j].language == set.language) {
          return make_error(file, line_of(i), col_language,
                            "'" + c.id + "' has two label sets in language '" + set.language + "'");
        }
      }
      if (!is_clean_field(set.preferred) || find_invalid_utf8(set.preferred)) {
        return make_error(file, line_of(i), col_preferred, "label contains control characters or invalid UTF-8");
      }
      for (const auto& alt : set.alternatives) {
        if (alt.empty() || !is_clean_field(alt) || find_invalid_utf8(alt)) {
          return make_error(file, line_of(i), col_preferred + 1,
                            "empty alternative label, control characters or invalid UTF-8");
        }
      }
    }
  }
  for (std::size_t i = 0; i < data.concepts.size(); ++i) {
    const auto& c = data.concepts[i];
    switch (c.kind) {
      case concept_kind::isco_group:
        if (!is_digits(c.id) || c.id.size() > 4) {
          return make_error(file, line_of(i), col_id, "ISCO code '" + c.id + "' is not 1-4 digits");
        }
        if (c.id.size() == 1 ? !c.ref.empty() : c.ref != std::string_view(c.id).substr(0, c.id.size() - 1)) {
          return make_error(file, line_of(i), col_ref,
                            "ISCO group '" + c.id + "' must have parent '" + c.id.substr(0, c.id.size() - 1) + "'");
        }
        if (!c.ref.empty() && !index.contains({concept_kind::isco_group, c.ref})) {
          return make_error(file, line_of(i), col_ref,
                            "ISCO group '" + c.id + "' has an unknown parent '" + c.ref + "'");
        }
        break;
      case concept_kind::occupation:
        if (c.ref.size() != 4 || !is_digits(c.ref) || !index.contains({concept_kind::isco_group, c.ref})) {
          return make_error(file, line_of(i), col_ref,
                            "occupation '" + c.id + "' has an unknown ISCO-08 unit group '" + c.ref + "'");
        }
        break;
      case concept_kind::skill_group:
        if (!c.ref.empty() && !index.contains({concept_kind::skill_group, c.ref})) {
          return make_error(file, line_of(i), col_ref,
                            "skill group '" + c.id + "' has an unknown parent '" + c.ref + "'");
        }
        break;
      case concept_kind::transversal_skill:
        if (!c.ref.empty()) return make_error(file, line_of(i), col_ref, "a transversal skill has no ref");
        break;
      case concept_kind::language_skill:
        if (!c.ref.empty() && (c.ref.size() != 2 || !is_language_tag(c.ref))) {
          return make_error(file, line_of(i), col_ref, "'" + c.ref + "' is not an ISO 639-1 code");
        }
        break;
    }
  }
  return std::nullopt;
}

void split_tabs(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      out.push_back(line.substr(start));
      return;
    }
    out.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

}  // namespace

std::string serialise_taxonomy(const taxonomy_data& data) {
  std::string out;
  out.reserve(4 * 1024 * 1024);
  out += taxonomy_file_magic;
  out += "\n# ";
  out += esco_attribution;
  out += "\n# source: ";
  out += data.source.empty() ? std::string("ESCO") : data.source;
  out += "\n# columns (tab-separated): kind, id, ref, language, preferred label, alternative labels...\n";
  for (const auto& c : data.concepts) {
    for (const auto& set : c.labels) {
      out += to_string(c.kind);
      out += '\t';
      out += c.id;
      out += '\t';
      out += c.ref;
      out += '\t';
      out += set.language;
      out += '\t';
      out += set.preferred;
      for (const auto& alt : set.alternatives) {
        out += '\t';
        out += alt;
      }
      out += '\n';
    }
  }
  return out;
}

namespace {

// What parse_taxonomy builds while it reads: the data, the line each concept
// first appeared on (for messages), and where each (kind, id) sits.
struct taxonomy_reader {
  std::string file_name;
  taxonomy_data data;
  std::vector<std::size_t> lines;
  std::map<std::pair<concept_kind, std::string>, std::size_t> position;

  // One record line, split into tab-separated fields: checked, then added to
  // its concept (a new one for the first language, a label set for each further).
  std::optional<error> add_record(std::size_t line_number, const std::vector<std::string_view>& fields) {
    if (fields.size() < 5) {
      return make_error(file_name, line_number, fields.size() + 1,
                        "a record needs at least 5 tab-separated columns, found " + std::to_string(fields.size()));
    }
    const auto kind = concept_kind_from_string(fields[0]);
    if (!kind) return make_error(file_name, line_number, col_kind, "unknown kind '" + std::string(fields[0]) + "'");
    for (std::size_t f = 0; f < fields.size(); ++f) {
      if (fields[f].empty() && f != col_ref - 1) return make_error(file_name, line_number, f + 1, "empty column");
      if (!is_clean_field(fields[f])) return make_error(file_name, line_number, f + 1, "control character in column");
    }
    auto [it, inserted] = position.try_emplace(std::pair{*kind, std::string(fields[1])}, data.concepts.size());
    if (inserted) {
      auto& c = data.concepts.emplace_back();
      c.kind = *kind;
      c.id = std::string(fields[1]);
      c.ref = std::string(fields[2]);
      lines.push_back(line_number);
    }
    auto& c = data.concepts[it->second];
    if (c.ref != fields[2]) {
      return make_error(file_name, line_number, col_ref,
                        "ref '" + std::string(fields[2]) + "' differs from '" + c.ref + "' on line " +
                            std::to_string(lines[it->second]));
    }
    if (c.labels_in(fields[3]) != nullptr) {
      return make_error(file_name, line_number, col_language,
                        "second record for '" + c.id + "' in language '" + std::string(fields[3]) + "'");
    }
    label_set set;
    set.language = std::string(fields[3]);
    set.preferred = std::string(fields[4]);
    for (std::size_t f = 5; f < fields.size(); ++f) set.alternatives.emplace_back(fields[f]);
    c.labels.push_back(std::move(set));
    return std::nullopt;
  }
};

std::size_t line_of_offset(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset; ++i) line += text[i] == '\n';
  return line;
}

}  // namespace

result<taxonomy_data> parse_taxonomy(std::string_view text, std::string file_name) {
  if (auto bad = find_invalid_utf8(text)) return make_error(file_name, line_of_offset(text, *bad), 0, "invalid UTF-8");
  taxonomy_reader reader{std::move(file_name), {}, {}, {}};
  const auto& name = reader.file_name;
  std::vector<std::string_view> fields;
  bool saw_magic = false;
  bool saw_attribution = false;
  bool saw_records = false;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line_number == 1) {
      if (line != taxonomy_file_magic) {
        return make_error(
            name, 1, 0,
            "not a Kreds taxonomy file (the first line must be '" + std::string(taxonomy_file_magic) + "')");
      }
      saw_magic = true;
      continue;
    }
    if (line.empty()) continue;
    if (line.front() == '#') {
      if (saw_records) continue;
      if (line.find(esco_attribution) != std::string_view::npos) saw_attribution = true;
      if (line.starts_with("# source: ")) reader.data.source = std::string(line.substr(10));
      continue;
    }
    if (!saw_attribution) {
      return make_error(name, line_number, 0,
                        "the header lacks the ESCO attribution line '# " + std::string(esco_attribution) + "'");
    }
    saw_records = true;
    split_tabs(line, fields);
    if (auto e = reader.add_record(line_number, fields)) return *e;
  }
  if (!saw_magic) return make_error(name, 1, 0, "the file is empty");
  if (!saw_records) return make_error(name, line_number, 0, "the file holds no records");
  if (auto e = check(reader.data, reader.lines, name)) return *e;
  canonicalise(reader.data);
  return std::move(reader.data);
}

result<ok> validate(const taxonomy_data& data, std::string_view file_name) {
  if (auto e = check(data, {}, file_name)) return *e;
  return ok{};
}

result<ok> write_taxonomy_file(const taxonomy_data& data, const std::filesystem::path& path) {
  const std::string text = serialise_taxonomy(data);
  std::error_code ec;
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return error{path.parent_path().string(), 0, 0, {}, "cannot create the directory: " + ec.message()};
  }
  auto temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return error{temporary.string(), 0, 0, {}, "cannot open for writing"};
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
      out.close();
      std::filesystem::remove(temporary, ec);
      return error{temporary.string(), 0, 0, {}, "write failed (disk full?)"};
    }
  }
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    return error{path.string(), 0, 0, {}, "cannot replace the file: " + ec.message()};
  }
  return ok{};
}

result<taxonomy_data> read_taxonomy_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return error{path.string(), 0, 0, {}, "cannot read the taxonomy file: " + ec.message()};
  if (size > max_taxonomy_file_bytes) {
    return error{
        path.string(), 0, 0, {}, "the file is larger than " + std::to_string(max_taxonomy_file_bytes) + " bytes"};
  }
  auto text = read_whole_file(path, size);
  if (!text) return text.err();
  return parse_taxonomy(*text, path.string());
}

}  // namespace kreds::taxonomy
