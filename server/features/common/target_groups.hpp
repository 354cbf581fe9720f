#pragma once
// The five target groups (målgrupper) a seeker belongs to, by key, with their
// Danish and English names: the one list the profile validates against and
// the dashboard, the triage explanation and the demo population name.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace kreds::features {

struct target_group {
  std::string_view key;
  std::string_view da;
  std::string_view en;
};

inline constexpr std::array<target_group, 5> target_groups{{
    {"insured_unemployed", "Forsikrede ledige", "Insured unemployed"},
    {"sick_listed", "Syge borgere", "Sick-listed citizens"},
    {"young", "Unge", "Young people"},
    {"flex_job", "Fleksjobbere", "Flex-jobbers"},
    {"other_unemployed", "Øvrige ledige", "Other unemployed"},
}};

// The group with this key, or nullptr.
inline const target_group* find_target_group(std::string_view key) {
  const auto found =
      std::find_if(target_groups.begin(), target_groups.end(), [key](const target_group& g) { return g.key == key; });
  return found == target_groups.end() ? nullptr : &*found;
}

// The keys, comma-separated, for an error message.
inline std::string target_group_key_list() {
  std::string out;
  for (const auto& g : target_groups) out += (out.empty() ? "" : ", ") + std::string(g.key);
  return out;
}

}  // namespace kreds::features
