// The taxonomy's data model: plain value types shared by the ESCO importer,
// the derived-file reader/writer and the search (`taxonomy.hpp`).
//
// A concept is one ESCO/ISCO entry (an occupation, an ISCO-08 group, a skill
// group, a transversal skill or a language skill) with labels per language.
// Ids are the ESCO URI without the "http://data.europa.eu/esco/" prefix
// ("occupation/00030d09-...", "skill/S1.2", "isced-f/0011"), so they stay
// stable across ESCO releases of the same concept and map back to the URI;
// ISCO groups use their code ("2", "21", "216", "2166") as id.
//
// Value types only: copy them freely, no thread-safety concerns of their own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kreds::taxonomy {

inline constexpr std::string_view esco_uri_prefix = "http://data.europa.eu/esco/";
inline constexpr std::string_view esco_attribution =
    "This service uses the ESCO classification of the European Commission.";

enum class concept_kind : std::uint8_t {
  isco_group,         // ref: the parent group's code, empty for a major group
  occupation,         // ref: the 4-digit ISCO-08 unit group code
  skill_group,        // ref: the parent skill group's id, empty at the top
  transversal_skill,  // ref: empty
  language_skill,     // ref: ISO 639-1 code of the language, empty if none exists
};

// The words used in the derived file and in the HTTP API.
std::string_view to_string(concept_kind kind);
std::optional<concept_kind> concept_kind_from_string(std::string_view text);

struct label_set {
  std::string language;  // "en", "da", ... (the ESCO language pack's code)
  std::string preferred;
  std::vector<std::string> alternatives;  // sorted, unique, without `preferred`

  bool operator==(const label_set&) const = default;
};

struct concept_entry {
  concept_kind kind = concept_kind::occupation;
  std::string id;
  std::string ref;                // meaning depends on `kind`, see concept_kind
  std::vector<label_set> labels;  // sorted by language, at most one per language

  // The label set in `language`, or nullptr.
  const label_set* labels_in(std::string_view language) const;
  label_set& labels_for(std::string_view language);  // inserts if missing

  bool operator==(const concept_entry&) const = default;
};

// Everything the derived file holds, in its canonical order (by kind, then
// id) once `canonicalise` has run.
struct taxonomy_data {
  std::string source;  // e.g. "ESCO v1.1"
  std::vector<concept_entry> concepts;

  bool operator==(const taxonomy_data&) const = default;
};

// Sorts concepts and labels, de-duplicates alternatives and drops alternatives
// equal to the preferred label, so equal content always writes equal bytes.
void canonicalise(taxonomy_data& data);

}  // namespace kreds::taxonomy
