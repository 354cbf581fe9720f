// The loaded taxonomy: lookups by id and ISCO code for the profile
// validators, and the ranked search behind the occupation/skill autocomplete.
//
// Load it once at server start (`taxonomy::load_file`), then share it
// (e.g. as `std::shared_ptr<const taxonomy>`). After loading it is
// immutable: every member function is const and touches no mutable state,
// so any number of threads may call them concurrently without locking.
// It holds no Asio, Beast or SQLite types: plain values in and out.
//
// Search ranking (per concept, its best-matching label counts):
//   1. exact: the whole label equals the query
//   2. label prefix: the label starts with the query
//   3. word prefix: a later word of the label starts with the query
//   4. substring: the query occurs anywhere in the label
// ties: preferred label before alternative label, then the shorter matched
// label, then the matched label, then the id. Matching is case-insensitive
// and folds diacritics, with Danish æ/ø/å equal to ae/oe/aa (see
// text_normalize.hpp). A search in a language falls back to English labels
// for concepts that have none in that language.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "taxonomy/model.hpp"
#include "taxonomy/result.hpp"

namespace kreds::taxonomy {

// Which kinds a search covers: a bit per concept_kind.
using kind_mask = std::uint8_t;
constexpr kind_mask mask_of(concept_kind kind) { return static_cast<kind_mask>(1u << static_cast<unsigned>(kind)); }
inline constexpr kind_mask occupations_mask = mask_of(concept_kind::occupation);
inline constexpr kind_mask skills_mask = mask_of(concept_kind::skill_group) | mask_of(concept_kind::transversal_skill) |
                                         mask_of(concept_kind::language_skill);
inline constexpr kind_mask all_kinds_mask = 0x1F;

enum class match_quality : std::uint8_t { exact, label_prefix, word_prefix, substring };
std::string_view to_string(match_quality quality);

inline constexpr std::size_t max_search_limit = 100;
inline constexpr std::size_t max_query_bytes = 200;  // longer queries are cut

struct search_options {
  std::string language = "en";
  kind_mask kinds = occupations_mask | skills_mask;
  std::size_t limit = 20;  // clamped to 1..max_search_limit
};

struct search_hit {
  concept_kind kind = concept_kind::occupation;
  std::string id;
  std::string ref;             // ISCO code for occupations, see concept_kind
  std::string label;           // preferred label in the requested language (or English)
  std::string label_language;  // language of `label`
  std::string matched_label;   // the label that matched (may be an alternative)
  bool matched_alternative = false;
  match_quality quality = match_quality::substring;
};

class taxonomy {
 public:
  // Reads, validates and indexes the derived file.
  static result<taxonomy> load_file(const std::filesystem::path& path);
  // Validates and indexes data built in code (tests, the importer).
  static result<taxonomy> from_data(taxonomy_data data);

  taxonomy(taxonomy&&) noexcept;
  taxonomy& operator=(taxonomy&&) noexcept;
  ~taxonomy();

  const taxonomy_data& data() const;
  std::size_t count(concept_kind kind) const;
  // Languages with at least one label, sorted ("da", "en").
  const std::vector<std::string>& languages() const;

  // nullptr when unknown.
  const concept_entry* find(concept_kind kind, std::string_view id) const;
  const concept_entry* occupation(std::string_view id) const { return find(concept_kind::occupation, id); }
  const concept_entry* isco_group(std::string_view code) const { return find(concept_kind::isco_group, code); }

  // For the profile validators.
  bool is_known_isco_code(std::string_view code) const { return isco_group(code) != nullptr; }
  bool is_known_occupation(std::string_view id) const { return occupation(id) != nullptr; }
  // A skill group, transversal skill or language skill id.
  bool is_known_skill(std::string_view id) const;
  // An ISO 639-1 code that some language skill maps to ("da", "en", ...).
  bool is_known_language_code(std::string_view iso_639_1) const;

  // The preferred label in `language`, else English, else any.
  std::string_view preferred_label(const concept_entry& entry, std::string_view language) const;

  // Ranked matches; empty when the query folds to nothing. Never throws on
  // any query text (invalid UTF-8 included).
  std::vector<search_hit> search(std::string_view query, const search_options& options) const;

 private:
  struct index;
  explicit taxonomy(std::unique_ptr<index> state);
  std::unique_ptr<index> state_;
};

}  // namespace kreds::taxonomy
