#include "taxonomy/model.hpp"

#include <algorithm>
#include <array>

namespace kreds::taxonomy {
namespace {

constexpr std::array<std::string_view, 5> kind_names = {"isco_group", "occupation", "skill_group", "transversal_skill",
                                                        "language_skill"};

}  // namespace

std::string_view to_string(concept_kind kind) { return kind_names.at(static_cast<std::size_t>(kind)); }

std::optional<concept_kind> concept_kind_from_string(std::string_view text) {
  for (std::size_t i = 0; i < kind_names.size(); ++i) {
    if (kind_names[i] == text) return static_cast<concept_kind>(i);
  }
  return std::nullopt;
}

const label_set* concept_entry::labels_in(std::string_view language) const {
  for (const auto& set : labels) {
    if (set.language == language) return &set;
  }
  return nullptr;
}

label_set& concept_entry::labels_for(std::string_view language) {
  for (auto& set : labels) {
    if (set.language == language) return set;
  }
  label_set& added = labels.emplace_back();
  added.language = std::string(language);
  return added;
}

void canonicalise(taxonomy_data& data) {
  for (auto& entry : data.concepts) {
    for (auto& set : entry.labels) {
      auto& alts = set.alternatives;
      std::erase_if(alts, [&](const std::string& alt) { return alt.empty() || alt == set.preferred; });
      std::sort(alts.begin(), alts.end());
      alts.erase(std::unique(alts.begin(), alts.end()), alts.end());
    }
    std::sort(entry.labels.begin(), entry.labels.end(),
              [](const label_set& a, const label_set& b) { return a.language < b.language; });
  }
  std::sort(data.concepts.begin(), data.concepts.end(), [](const concept_entry& a, const concept_entry& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.id < b.id;
  });
}

}  // namespace kreds::taxonomy
