// Internal: one run's pool in a compact, validated form (interned languages,
// kinds and ids; projected coordinates; sorted skill lists), plus the pair
// terms and the from-scratch network evaluation every algorithm shares. An
// instance is built once per run and then only read, so any number of threads
// may use it at once.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "kreds/matching/model.hpp"

namespace kreds::matching::detail {

inline constexpr std::uint16_t education_code = 10000;
inline constexpr std::uint16_t own_business_code = 10001;
inline constexpr int max_goals = 4;  // more goals than this add little and cost in the inner loop

struct person {
  seeker_id id = 0;
  std::uint32_t municipality = 0;
  std::array<std::uint16_t, max_goals> goals{};
  std::uint8_t goal_count = 0;
  meeting_mode mode = meeting_mode::both;
  bool usable = true;
  std::uint32_t slots = 0;
  std::uint64_t languages = 0;  // bit per interned language spoken at working level
  float east_km = 0;
  float north_km = 0;
  std::uint32_t skills_begin = 0, skills_end = 0;
  std::uint32_t kinds_begin = 0, kinds_end = 0;
  std::uint32_t prior_begin = 0, prior_end = 0;
  std::uint32_t avoid_begin = 0, avoid_end = 0;
};

struct prior_entry {
  std::uint32_t other = 0;
  std::uint32_t times = 0;
};

// The pair terms of two seekers, computed together because every caller needs
// all of them.
struct pair_terms {
  double quality = 0;        // weighted goal closeness + skill complementarity
  double skill = 0;          // the skill part of quality, for reporting
  double distance = 0;       // km; only meaningful when both are not online-only
  std::uint32_t repeat = 0;  // prior meetings
  bool allowed = true;       // no do-not-group pair and in-person travel within limit
};

// Running sums for a network, from which its value follows in O(1) plus a
// recount of lonely kinds.
struct group_stats {
  int size = 0;
  int mobile = 0;  // members who are not online-only
  double pair_quality = 0;
  double skill_quality = 0;  // exact only when built by evaluate(); for reporting
  double distance = 0;       // over pairs of mobile members
  double repeat = 0;
  std::uint32_t slots = 0;
  std::uint64_t languages = 0;
  int lonely = 0;
  bool allowed = true;  // every pair allowed
};

struct evaluation {
  group_stats stats;
  double value = 0;
  score_terms terms;
  bool feasible = false;  // all hard constraints, size included
};

class instance {
 public:
  instance(const std::vector<seeker>& pool, const options& opts);

  const options& opts() const noexcept { return opts_; }
  std::size_t size() const noexcept { return people_.size(); }
  const person& at(std::uint32_t i) const noexcept { return people_[i]; }
  const seeker& source(std::uint32_t i) const noexcept { return *sources_[i]; }
  // Index of a seeker id, or -1 when it is not (validly) in the pool.
  std::int64_t find(seeker_id id) const;
  const std::vector<unplaced>& rejected() const noexcept { return rejected_; }

  std::span<const std::uint32_t> skills(const person& p) const noexcept {
    return {skills_.data() + p.skills_begin, p.skills_end - p.skills_begin};
  }
  std::span<const std::uint32_t> kinds(const person& p) const noexcept {
    return {kinds_.data() + p.kinds_begin, p.kinds_end - p.kinds_begin};
  }
  const std::string& kind_name(std::uint32_t k) const { return kind_names_[k]; }
  const std::string& language_name(int bit) const { return language_names_[static_cast<std::size_t>(bit)]; }

  pair_terms pair(std::uint32_t a, std::uint32_t b) const noexcept;
  // Could a and b ever share a network: language, time, place, no veto.
  bool compatible(std::uint32_t a, std::uint32_t b) const noexcept;

  group_stats add(group_stats s, std::uint32_t newcomer, std::span<const std::uint32_t> members) const noexcept;
  double value(const group_stats& s) const noexcept;
  score_terms terms(const group_stats& s) const noexcept;
  int lonely(std::span<const std::uint32_t> members, std::int64_t without = -1, std::int64_t with = -1) const;
  evaluation evaluate(std::span<const std::uint32_t> members) const;
  // The network's working language: the first preferred language all speak,
  // else the most common one they share. -1 when they share none.
  int working_language(std::uint64_t shared) const noexcept;

 private:
  using language_bits = std::map<std::string, int>;       // language code -> bit in person::languages
  using kind_ids = std::map<std::string, std::uint32_t>;  // kind name -> id
  struct pair_records;

  // Construction steps, in the order the constructor takes them.
  void admit(const std::vector<seeker>& pool);
  language_bits intern_languages();
  kind_ids intern_kinds();
  pair_records collect_pairs() const;
  person make_person(std::uint32_t i, const language_bits& language_bit, const kind_ids& kind_of, pair_records& pairs);
  void add_skills(person& p, const seeker& s);
  void add_kinds(person& p, const seeker& s, const kind_ids& kind_of);
  void add_prior(person& p, std::uint32_t i, pair_records& pairs);
  void add_avoid(person& p, std::uint32_t i, pair_records& pairs);

  const options& opts_;
  std::vector<person> people_;
  std::vector<const seeker*> sources_;
  std::vector<std::uint32_t> skills_;
  std::vector<std::uint32_t> kinds_;
  std::vector<prior_entry> prior_;
  std::vector<std::uint32_t> avoid_;
  std::vector<std::string> language_names_;
  std::vector<int> preferred_bits_;
  std::vector<std::string> kind_names_;
  std::unordered_map<seeker_id, std::uint32_t> index_;
  std::vector<unplaced> rejected_;
};

std::uint32_t to_mask(const week_slots& s) noexcept;
week_slots to_slots(std::uint32_t mask) noexcept;

}  // namespace kreds::matching::detail
