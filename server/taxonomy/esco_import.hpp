// Import of the official ESCO CSV download (one language pack at a time)
// into the derived taxonomy file that Kreds ships. This is what
// `kreds taxonomy import DIR [--language da]` runs.
//
// It reads, from `source_dir`, the files of one language pack:
//   occupations_<lang>.csv                (required)
//   ISCOGroups_<lang>.csv                 (required)
//   skillGroups_<lang>.csv                (required)
//   transversalSkillsCollection_<lang>.csv (required)
//   languageSkillsCollection_<lang>.csv   (required)
//   skillsHierarchy_<lang>.csv            (optional: gives skill groups their parents)
// The official Danish pack (`*_da.csv`) has the same columns and is read
// unchanged. By default the import merges into the existing output file:
// labels of the imported language are replaced, other languages are kept, so
// importing `en` and then `da` gives one file with both.
//
// All input is validated before anything is written; on any error the output
// file is left untouched and the error names the file, line and column.
//
// Safe to call from any thread; two imports to the same output race as two
// file writers do (each writes a complete file, the last one wins).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "taxonomy/model.hpp"
#include "taxonomy/result.hpp"

namespace kreds::taxonomy {

struct import_options {
  // Where the derived file goes; the project ships config/taxonomy/esco-1.1.tsv.
  std::filesystem::path output = "config/taxonomy/esco-1.1.tsv";
  // Keep the other languages already in `output` (when it exists).
  bool merge_with_existing = true;
  // Written into the file header.
  std::string source_name = "ESCO v1.1";
};

struct import_report {
  std::filesystem::path output;
  std::string language;
  std::size_t isco_groups = 0;  // counts in the written file, all languages
  std::size_t occupations = 0;
  std::size_t skill_groups = 0;
  std::size_t transversal_skills = 0;
  std::size_t language_skills = 0;
  std::size_t language_skills_with_iso_code = 0;
  std::size_t labels = 0;  // preferred + alternative labels, all languages
  std::size_t bytes = 0;
};

// Reads one language pack into data without writing anything.
// `language` is the pack's code as in the file names ("en", "da").
result<taxonomy_data> read_esco_pack(const std::filesystem::path& source_dir, const std::string& language);

// Adds Kreds's own Danish labels for the ISCO-08 major and sub-major groups:
// as the Danish label where there is none, as a Danish alternative label
// where a Danish pack supplied its own wording.
void add_builtin_danish_labels(taxonomy_data& data);

// Replaces `language`'s labels in `base` with those in `imported`, adding
// concepts `base` lacks; other languages in `base` are kept.
void merge_language(taxonomy_data& base, const taxonomy_data& imported, const std::string& language);

// The whole import: read, merge, add the built-in Danish labels, validate,
// write atomically.
result<import_report> import_esco(const std::filesystem::path& source_dir, const std::string& language,
                                  const import_options& options = {});

}  // namespace kreds::taxonomy
