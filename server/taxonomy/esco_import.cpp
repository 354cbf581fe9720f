#include "taxonomy/esco_import.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <vector>

#include "taxonomy/csv_reader.hpp"
#include "taxonomy/danish_labels.hpp"
#include "taxonomy/language_codes.hpp"
#include "taxonomy/taxonomy_file.hpp"
#include "taxonomy/text_normalize.hpp"

namespace kreds::taxonomy {
namespace {

bool is_pack_language(std::string_view s) {
  // Also keeps the language out of path tricks: it becomes part of file names.
  if (s.size() < 2 || s.size() > 8) return false;
  for (const char c : s) {
    if (!((c >= 'a' && c <= 'z') || c == '-')) return false;
  }
  return s.front() != '-' && s.back() != '-';
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The columns one file must have; `optional` ones may be absent.
struct column_spec {
  std::string_view name;
  bool required = true;
};

class pack_file {
 public:
  static result<pack_file> open(const std::filesystem::path& dir, std::string_view stem, const std::string& language,
                                std::initializer_list<column_spec> columns) {
    const auto path = dir / (std::string(stem) + "_" + language + ".csv");
    auto table = read_csv_file(path);
    if (!table) return table.err();
    pack_file file;
    file.table_ = std::move(*table);
    for (const auto& spec : columns) {
      const auto index = file.table_.column(spec.name);
      if (!index && spec.required) {
        return error{file.table_.file, 1, 0, {}, "missing required column '" + std::string(spec.name) + "'"};
      }
      file.columns_.emplace(spec.name, index);
    }
    return file;
  }

  const csv_table& table() const { return table_; }

  // The field of `column` in `row`; empty when the optional column is absent.
  std::string_view field(const csv_row& row, std::string_view column) const {
    const auto it = columns_.find(column);
    if (it == columns_.end() || !it->second) return {};
    return row.fields[*it->second];
  }

  error error_at(const csv_row& row, std::string_view column, std::string message) const {
    const auto it = columns_.find(column);
    return table_.error_at(row, it != columns_.end() && it->second ? *it->second : 0, std::move(message));
  }

 private:
  csv_table table_;
  std::map<std::string_view, std::optional<std::size_t>, std::less<>> columns_;
};

// ESCO separates alternative labels by newlines within one field; its
// collection files use " | " instead.
std::vector<std::string> split_alternatives(std::string_view field) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= field.size()) {
    std::size_t end = field.size();
    std::size_t skip = 0;
    const std::size_t newline = field.find('\n', start);
    const std::size_t pipe = field.find(" | ", start);
    if (newline != std::string_view::npos && (pipe == std::string_view::npos || newline < pipe)) {
      end = newline, skip = 1;
    } else if (pipe != std::string_view::npos) {
      end = pipe, skip = 3;
    }
    std::string label = clean_label(field.substr(start, end - start));
    if (!label.empty()) out.push_back(std::move(label));
    if (skip == 0) break;
    start = end + skip;
  }
  return out;
}

// "http://data.europa.eu/esco/occupation/abc" -> "occupation/abc"
std::optional<std::string> id_from_uri(std::string_view uri) {
  while (!uri.empty() && (uri.front() == ' ' || uri.front() == '\n')) uri.remove_prefix(1);
  while (!uri.empty() && (uri.back() == ' ' || uri.back() == '\r' || uri.back() == '\n')) uri.remove_suffix(1);
  if (uri.starts_with("https://")) {
    static constexpr std::string_view https_prefix = "https://data.europa.eu/esco/";
    if (!uri.starts_with(https_prefix)) return std::nullopt;
    uri.remove_prefix(https_prefix.size());
  } else {
    if (!uri.starts_with(esco_uri_prefix)) return std::nullopt;
    uri.remove_prefix(esco_uri_prefix.size());
  }
  if (uri.empty() || uri.size() > 200) return std::nullopt;
  for (const char c : uri) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return std::nullopt;
  }
  return std::string(uri);
}

// One concept row's common columns, validated.
struct concept_row {
  std::string id;
  label_set labels;
};

result<concept_row> read_concept(const pack_file& file, const csv_row& row, const std::string& language) {
  concept_row out;
  auto id = id_from_uri(file.field(row, "conceptUri"));
  if (!id) {
    return file.error_at(row, "conceptUri",
                         "'" + std::string(file.field(row, "conceptUri")) + "' is not an ESCO URI (" +
                             std::string(esco_uri_prefix) + "...)");
  }
  out.id = std::move(*id);
  out.labels.language = language;
  out.labels.preferred = clean_label(file.field(row, "preferredLabel"));
  if (out.labels.preferred.empty()) return file.error_at(row, "preferredLabel", "empty preferred label");
  out.labels.alternatives = split_alternatives(file.field(row, "altLabels"));
  return out;
}

class pack_reader {
 public:
  pack_reader(std::filesystem::path dir, std::string language) : dir_(std::move(dir)), language_(std::move(language)) {}

  result<taxonomy_data> read() {
    if (!is_pack_language(language_)) {
      return error{{}, 0, 0, {}, "'" + language_ + "' is not an ESCO language code (like en or da)"};
    }
    std::error_code ec;
    if (!std::filesystem::is_directory(dir_, ec)) {
      return error{dir_.string(), 0, 0, {}, "not a directory"};
    }
    if (auto e = read_isco()) return *e;
    if (auto e = read_occupations()) return *e;
    if (auto e = read_skill_groups()) return *e;
    if (auto e = read_transversal()) return *e;
    if (auto e = read_languages()) return *e;
    data_.source = "ESCO";
    canonicalise(data_);
    return std::move(data_);
  }

 private:
  std::optional<error> add(const pack_file& file, const csv_row& row, std::string_view id_column, concept_kind kind,
                           concept_row concept_fields, std::string ref) {
    if (!seen_.emplace(kind, concept_fields.id).second) {
      return file.error_at(row, id_column, "duplicate concept '" + concept_fields.id + "'");
    }
    concept_entry& entry = data_.concepts.emplace_back();
    entry.kind = kind;
    entry.id = std::move(concept_fields.id);
    entry.ref = std::move(ref);
    entry.labels.push_back(std::move(concept_fields.labels));
    return std::nullopt;
  }

  std::optional<error> read_isco() {
    auto file = pack_file::open(dir_, "ISCOGroups", language_,
                                {{"conceptUri"}, {"code"}, {"preferredLabel"}, {"altLabels", false}});
    if (!file) return file.err();
    std::vector<std::pair<const csv_row*, std::string>> codes;
    for (const auto& row : file->table().rows) {
      auto fields = read_concept(*file, row, language_);
      if (!fields) return fields.err();
      std::string code = clean_label(file->field(row, "code"));
      if (!is_digits(code) || code.size() > 4) {
        return file->error_at(row, "code", "ISCO code '" + code + "' is not 1-4 digits");
      }
      fields->id = code;
      std::string parent = code.substr(0, code.size() - 1);
      if (auto e = add(*file, row, "code", concept_kind::isco_group, std::move(*fields), parent)) return e;
      isco_codes_.insert(code);
      codes.emplace_back(&row, code);
    }
    for (const auto& [row, code] : codes) {
      if (code.size() > 1 && !isco_codes_.contains(code.substr(0, code.size() - 1))) {
        return file->error_at(
            *row, "code",
            "ISCO code '" + code + "' has no parent group '" + code.substr(0, code.size() - 1) + "' in this file");
      }
    }
    if (isco_codes_.empty()) return error{file->table().file, 0, 0, {}, "no ISCO groups"};
    return std::nullopt;
  }

  std::optional<error> read_occupations() {
    auto file = pack_file::open(dir_, "occupations", language_,
                                {{"conceptUri"}, {"iscoGroup"}, {"preferredLabel"}, {"altLabels", false}});
    if (!file) return file.err();
    for (const auto& row : file->table().rows) {
      auto fields = read_concept(*file, row, language_);
      if (!fields) return fields.err();
      std::string code = clean_label(file->field(row, "iscoGroup"));
      if (!is_digits(code) || code.size() != 4) {
        return file->error_at(row, "iscoGroup", "ISCO code '" + code + "' is not a 4-digit ISCO-08 unit group");
      }
      if (!isco_codes_.contains(code)) {
        return file->error_at(row, "iscoGroup", "ISCO code '" + code + "' is not in ISCOGroups_" + language_ + ".csv");
      }
      if (auto e = add(*file, row, "conceptUri", concept_kind::occupation, std::move(*fields), code)) return e;
    }
    return std::nullopt;
  }

  std::optional<error> read_skill_groups() {
    auto file =
        pack_file::open(dir_, "skillGroups", language_, {{"conceptUri"}, {"preferredLabel"}, {"altLabels", false}});
    if (!file) return file.err();
    // The hierarchy is optional: without it, skill groups have no parents.
    std::map<std::string, std::string> parent_of;
    const auto hierarchy_path = dir_ / ("skillsHierarchy_" + language_ + ".csv");
    std::error_code ec;
    if (std::filesystem::exists(hierarchy_path, ec)) {
      auto hierarchy = pack_file::open(dir_, "skillsHierarchy", language_,
                                       {{"Level 0 URI"}, {"Level 1 URI"}, {"Level 2 URI"}, {"Level 3 URI"}});
      if (!hierarchy) return hierarchy.err();
      static constexpr std::array<std::string_view, 4> levels = {"Level 0 URI", "Level 1 URI", "Level 2 URI",
                                                                 "Level 3 URI"};
      for (const auto& row : hierarchy->table().rows) {
        std::string parent;
        for (const auto level : levels) {
          const auto uri = hierarchy->field(row, level);
          if (uri.empty()) break;
          auto id = id_from_uri(uri);
          if (!id) return hierarchy->error_at(row, level, "'" + std::string(uri) + "' is not an ESCO URI");
          if (!parent.empty() && *id != parent) parent_of.emplace(*id, parent);
          parent = std::move(*id);
        }
      }
    }
    std::set<std::string> ids;
    for (const auto& row : file->table().rows) {
      auto fields = read_concept(*file, row, language_);
      if (!fields) return fields.err();
      ids.insert(fields->id);
    }
    for (const auto& row : file->table().rows) {
      auto fields = read_concept(*file, row, language_);
      std::string parent;
      if (auto it = parent_of.find(fields->id); it != parent_of.end() && ids.contains(it->second)) parent = it->second;
      if (auto e = add(*file, row, "conceptUri", concept_kind::skill_group, std::move(*fields), parent)) return e;
    }
    return std::nullopt;
  }

  std::optional<error> read_transversal() {
    auto file = pack_file::open(dir_, "transversalSkillsCollection", language_,
                                {{"conceptUri"}, {"preferredLabel"}, {"altLabels", false}});
    if (!file) return file.err();
    for (const auto& row : file->table().rows) {
      auto fields = read_concept(*file, row, language_);
      if (!fields) return fields.err();
      if (auto e = add(*file, row, "conceptUri", concept_kind::transversal_skill, std::move(*fields), {})) return e;
    }
    return std::nullopt;
  }

  // A language skill's language is the collection concept it is narrower
  // than ("write Hungarian" -> "Hungarian"); a concept with no broader
  // concept in the collection is a language itself. Working from URIs rather
  // than the English words makes the Danish pack map the same way.
  std::optional<error> read_languages() {
    auto file =
        pack_file::open(dir_, "languageSkillsCollection", language_,
                        {{"conceptUri"}, {"preferredLabel"}, {"altLabels", false}, {"broaderConceptUri", false}});
    if (!file) return file.err();
    std::map<std::string, std::string> label_of;
    std::vector<concept_row> rows;
    for (const auto& row : file->table().rows) {
      auto fields = read_concept(*file, row, language_);
      if (!fields) return fields.err();
      label_of.emplace(fields->id, fields->labels.preferred);
      rows.push_back(std::move(*fields));
    }
    const auto& table_rows = file->table().rows;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::string language_name = rows[i].labels.preferred;
      for (const auto& broader : split_alternatives(file->field(table_rows[i], "broaderConceptUri"))) {
        auto id = id_from_uri(broader);
        if (!id) continue;
        if (auto it = label_of.find(*id); it != label_of.end()) {
          language_name = it->second;
          break;
        }
      }
      std::string iso(iso_639_1_for_language_name(language_name).value_or(""));
      if (auto e = add(*file, table_rows[i], "conceptUri", concept_kind::language_skill, std::move(rows[i]), iso)) {
        return e;
      }
    }
    return std::nullopt;
  }

  std::filesystem::path dir_;
  std::string language_;
  taxonomy_data data_;
  std::set<std::string> isco_codes_;
  std::set<std::pair<concept_kind, std::string>> seen_;
};

}  // namespace

result<taxonomy_data> read_esco_pack(const std::filesystem::path& source_dir, const std::string& language) {
  return pack_reader(source_dir, language).read();
}

void add_builtin_danish_labels(taxonomy_data& data) {
  for (auto& entry : data.concepts) {
    if (entry.kind != concept_kind::isco_group || entry.id.size() > 2) continue;
    for (const auto& builtin : danish_isco_labels()) {
      if (builtin.isco_code != entry.id) continue;
      label_set& da = entry.labels_for("da");
      if (da.preferred.empty()) {
        da.preferred = std::string(builtin.label);
      } else if (da.preferred != builtin.label) {
        da.alternatives.emplace_back(builtin.label);
      }
    }
  }
  canonicalise(data);
}

void merge_language(taxonomy_data& base, const taxonomy_data& imported, const std::string& language) {
  std::map<std::pair<concept_kind, std::string>, std::size_t> index;
  for (std::size_t i = 0; i < base.concepts.size(); ++i) {
    index.emplace(std::pair{base.concepts[i].kind, base.concepts[i].id}, i);
  }
  for (const auto& entry : imported.concepts) {
    const label_set* incoming = entry.labels_in(language);
    auto it = index.find({entry.kind, entry.id});
    if (it == index.end()) {
      base.concepts.push_back(entry);
      continue;
    }
    concept_entry& existing = base.concepts[it->second];
    // The structure (ISCO code, parent) follows the newest import, except an
    // ISO code the new pack could not derive from its own language names.
    if (!entry.ref.empty() || existing.kind != concept_kind::language_skill) existing.ref = entry.ref;
    if (incoming != nullptr) existing.labels_for(language) = *incoming;
  }
  if (!imported.source.empty()) base.source = imported.source;
  canonicalise(base);
}

result<import_report> import_esco(const std::filesystem::path& source_dir, const std::string& language,
                                  const import_options& options) {
  auto imported = read_esco_pack(source_dir, language);
  if (!imported) return imported.err();

  taxonomy_data data;
  std::error_code ec;
  if (options.merge_with_existing && std::filesystem::exists(options.output, ec)) {
    auto existing = read_taxonomy_file(options.output);
    if (!existing) {
      error e = existing.err();
      e.message += " (the existing output file is merged into; fix or remove it, or import without merging)";
      return e;
    }
    data = std::move(*existing);
  }
  merge_language(data, *imported, language);
  data.source = options.source_name;
  add_builtin_danish_labels(data);
  if (auto valid = validate(data, options.output.string()); !valid) return valid.err();
  if (auto written = write_taxonomy_file(data, options.output); !written) return written.err();

  import_report report;
  report.output = options.output;
  report.language = language;
  for (const auto& entry : data.concepts) {
    switch (entry.kind) {
      case concept_kind::isco_group:
        ++report.isco_groups;
        break;
      case concept_kind::occupation:
        ++report.occupations;
        break;
      case concept_kind::skill_group:
        ++report.skill_groups;
        break;
      case concept_kind::transversal_skill:
        ++report.transversal_skills;
        break;
      case concept_kind::language_skill:
        ++report.language_skills;
        if (!entry.ref.empty()) ++report.language_skills_with_iso_code;
        break;
    }
    for (const auto& set : entry.labels) report.labels += 1 + set.alternatives.size();
  }
  report.bytes = static_cast<std::size_t>(std::filesystem::file_size(options.output, ec));
  return report;
}

}  // namespace kreds::taxonomy
