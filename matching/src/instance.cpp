#include "instance.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <tuple>

#include "kreds/matching/geo.hpp"
#include "kreds/matching/isco.hpp"

namespace kreds::matching::detail {
namespace {

// Closeness of goals in the ISCO-08 hierarchy, as fractions of "same goal".
// The steps fall off quickly because a shared major group (e.g. all
// "professionals") says little about which doors two people knock on.
constexpr double unit_similarity = 1.0;
constexpr double minor_similarity = 0.6;
constexpr double sub_major_similarity = 0.35;
constexpr double major_similarity = 0.15;

double code_similarity(std::uint16_t a, std::uint16_t b) noexcept {
  if (a == b) return unit_similarity;
  if (a >= education_code || b >= education_code) return 0.0;
  if (a / 10 == b / 10) return minor_similarity;
  if (a / 100 == b / 100) return sub_major_similarity;
  if (a / 1000 == b / 1000) return major_similarity;
  return 0.0;
}

double similarity(const person& a, const person& b) noexcept {
  if (a.goals[0] == b.goals[0]) return unit_similarity;
  double best = 0;
  for (int i = 0; i < a.goal_count; ++i) {
    for (int j = 0; j < b.goal_count; ++j) best = std::max(best, code_similarity(a.goals[i], b.goals[j]));
  }
  return best;
}

std::uint16_t encode(const goal& g) noexcept {
  switch (g.kind) {
    case goal_kind::occupation:
      return g.isco;
    case goal_kind::education:
      return education_code;
    case goal_kind::own_business:
      return own_business_code;
  }
  return 0;
}

bool valid_language_code(const std::string& code) {
  return code.size() == 2 && code[0] >= 'a' && code[0] <= 'z' && code[1] >= 'a' && code[1] <= 'z';
}

// Empty when usable, else the reason in a sentence.
std::string problem_with(const seeker& s) {
  if (s.goals.empty()) return "has no goal";
  for (const auto& g : s.goals) {
    if (!is_known_goal(g)) return "has the unknown ISCO-08 code " + std::to_string(g.isco);
  }
  if (s.languages.empty()) return "has no language";
  for (const auto& l : s.languages) {
    if (!valid_language_code(l.code)) return "has the invalid language code '" + l.code + "'";
    if (static_cast<int>(l.level) > static_cast<int>(language_level::native)) return "has an invalid language level";
  }
  if (s.where) {
    if (!std::isfinite(s.where->latitude) || !std::isfinite(s.where->longitude) || std::abs(s.where->latitude) > 90 ||
        std::abs(s.where->longitude) > 180) {
      return "has invalid coordinates";
    }
  } else if (!is_danish_postcode(s.postcode)) {
    return "has the unknown postcode " + std::to_string(s.postcode) + " and no coordinates";
  }
  if (static_cast<int>(s.mode) > static_cast<int>(meeting_mode::both)) return "has an invalid meeting mode";
  return {};
}

}  // namespace

std::uint32_t to_mask(const week_slots& s) noexcept { return static_cast<std::uint32_t>(s.to_ulong()); }
week_slots to_slots(std::uint32_t mask) noexcept { return week_slots(mask); }

// Prior meetings and vetoes as (person, other[, times]) records in both
// directions, sorted by person, and a read position in each list: people are
// built in index order, each taking the records that start with its index.
struct instance::pair_records {
  std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> prior;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> avoid;  // without duplicates
  std::size_t prior_at = 0;
  std::size_t avoid_at = 0;
};

instance::instance(const std::vector<seeker>& pool, const options& opts) : opts_(opts) {
  people_.reserve(pool.size());
  admit(pool);
  const auto language_bit = intern_languages();
  const auto kind_of = intern_kinds();
  auto pairs = collect_pairs();
  for (std::uint32_t i = 0; i < sources_.size(); ++i) people_.push_back(make_person(i, language_bit, kind_of, pairs));
}

// Keeps the first entry of every usable seeker in sources_ and index_; the
// rest go to rejected_ with the reason.
void instance::admit(const std::vector<seeker>& pool) {
  sources_.reserve(pool.size());
  index_.reserve(pool.size());
  for (const auto& s : pool) {
    if (auto why = problem_with(s); !why.empty()) {
      rejected_.push_back(
          {s.id, unplaced_reason::invalid_seeker, "Seeker " + std::to_string(s.id) + " " + why + ".", 0});
      continue;
    }
    if (!index_.emplace(s.id, static_cast<std::uint32_t>(sources_.size())).second) {
      rejected_.push_back({s.id, unplaced_reason::duplicate_seeker,
                           "Seeker " + std::to_string(s.id) + " appears more than once; the first entry counts.", 0});
      continue;
    }
    sources_.push_back(&s);
  }
}

// Languages get bits by how many speak them at working level, so the bit
// order is deterministic and the 64 bits go to the languages that matter.
// Fills language_names_ and preferred_bits_.
instance::language_bits instance::intern_languages() {
  std::map<std::string, int> speakers;
  for (const auto* s : sources_) {
    for (const auto& l : s->languages) {
      if (l.level >= opts_.working_level) ++speakers[l.code];
    }
  }
  std::vector<std::pair<int, std::string>> by_count;
  for (const auto& [code, n] : speakers) by_count.emplace_back(-n, code);
  std::sort(by_count.begin(), by_count.end());
  if (by_count.size() > 64) by_count.resize(64);
  language_bits bit_of;
  for (const auto& [n, code] : by_count) {
    bit_of[code] = static_cast<int>(language_names_.size());
    language_names_.push_back(code);
  }
  for (const auto& code : opts_.preferred_languages) {
    if (auto it = bit_of.find(code); it != bit_of.end()) preferred_bits_.push_back(it->second);
  }
  return bit_of;
}

// Kind ids in name order. Fills kind_names_.
instance::kind_ids instance::intern_kinds() {
  kind_ids kind_of;
  for (const auto* s : sources_) {
    for (const auto& k : s->kinds) kind_of.emplace(k, 0);
  }
  for (auto& [name, id] : kind_of) {
    id = static_cast<std::uint32_t>(kind_names_.size());
    kind_names_.push_back(name);
  }
  return kind_of;
}

// Prior meetings and vetoes hold for the pair whichever side recorded them.
instance::pair_records instance::collect_pairs() const {
  pair_records pairs;
  for (std::uint32_t i = 0; i < sources_.size(); ++i) {
    for (const auto& p : sources_[i]->prior) {
      auto it = index_.find(p.other);
      if (it == index_.end() || it->second == i || p.times == 0) continue;
      pairs.prior.emplace_back(i, it->second, p.times);
      pairs.prior.emplace_back(it->second, i, p.times);
    }
    for (const auto other : sources_[i]->do_not_group) {
      auto it = index_.find(other);
      if (it == index_.end() || it->second == i) continue;
      pairs.avoid.emplace_back(i, it->second);
      pairs.avoid.emplace_back(it->second, i);
    }
  }
  std::sort(pairs.prior.begin(), pairs.prior.end());
  std::sort(pairs.avoid.begin(), pairs.avoid.end());
  pairs.avoid.erase(std::unique(pairs.avoid.begin(), pairs.avoid.end()), pairs.avoid.end());
  return pairs;
}

// The compact form of sources_[i]; appends its skills, kinds, prior meetings
// and vetoes to the shared arrays. Must be called for i = 0, 1, ... in order.
person instance::make_person(std::uint32_t i, const language_bits& language_bit, const kind_ids& kind_of,
                             pair_records& pairs) {
  const seeker& s = *sources_[i];
  person p;
  p.id = s.id;
  p.municipality = s.municipality;
  for (const auto& g : s.goals) {
    const auto code = encode(g);
    const auto end = p.goals.begin() + p.goal_count;
    if (p.goal_count < max_goals && std::find(p.goals.begin(), end, code) == end) p.goals[p.goal_count++] = code;
  }
  p.mode = s.mode;
  p.slots = to_mask(s.availability);
  for (const auto& l : s.languages) {
    if (l.level < opts_.working_level) continue;
    if (auto it = language_bit.find(l.code); it != language_bit.end()) p.languages |= std::uint64_t{1} << it->second;
  }
  const auto at = project(s.where ? *s.where : approximate_position(s.postcode));
  p.east_km = static_cast<float>(at.east_km);
  p.north_km = static_cast<float>(at.north_km);
  add_skills(p, s);
  add_kinds(p, s, kind_of);
  add_prior(p, i, pairs);
  add_avoid(p, i, pairs);
  return p;
}

// The seeker's skills, sorted and without duplicates.
void instance::add_skills(person& p, const seeker& s) {
  p.skills_begin = static_cast<std::uint32_t>(skills_.size());
  skills_.insert(skills_.end(), s.skills.begin(), s.skills.end());
  std::sort(skills_.begin() + p.skills_begin, skills_.end());
  skills_.erase(std::unique(skills_.begin() + p.skills_begin, skills_.end()), skills_.end());
  p.skills_end = static_cast<std::uint32_t>(skills_.size());
}

// The seeker's kind ids, sorted and without duplicates.
void instance::add_kinds(person& p, const seeker& s, const kind_ids& kind_of) {
  p.kinds_begin = static_cast<std::uint32_t>(kinds_.size());
  for (const auto& k : s.kinds) kinds_.push_back(kind_of.at(k));
  std::sort(kinds_.begin() + p.kinds_begin, kinds_.end());
  kinds_.erase(std::unique(kinds_.begin() + p.kinds_begin, kinds_.end()), kinds_.end());
  p.kinds_end = static_cast<std::uint32_t>(kinds_.size());
}

// Person i's prior meetings, one entry per other person with the largest
// count either side recorded.
void instance::add_prior(person& p, std::uint32_t i, pair_records& pairs) {
  p.prior_begin = static_cast<std::uint32_t>(prior_.size());
  for (; pairs.prior_at < pairs.prior.size() && std::get<0>(pairs.prior[pairs.prior_at]) == i; ++pairs.prior_at) {
    const auto other = std::get<1>(pairs.prior[pairs.prior_at]);
    const auto times = std::get<2>(pairs.prior[pairs.prior_at]);
    if (prior_.size() > p.prior_begin && prior_.back().other == other) {
      prior_.back().times = std::max(prior_.back().times, times);
    } else {
      prior_.push_back({other, times});
    }
  }
  p.prior_end = static_cast<std::uint32_t>(prior_.size());
}

// The people person i must not be grouped with.
void instance::add_avoid(person& p, std::uint32_t i, pair_records& pairs) {
  p.avoid_begin = static_cast<std::uint32_t>(avoid_.size());
  for (; pairs.avoid_at < pairs.avoid.size() && pairs.avoid[pairs.avoid_at].first == i; ++pairs.avoid_at) {
    avoid_.push_back(pairs.avoid[pairs.avoid_at].second);
  }
  p.avoid_end = static_cast<std::uint32_t>(avoid_.size());
}

std::int64_t instance::find(seeker_id id) const {
  auto it = index_.find(id);
  return it == index_.end() ? -1 : static_cast<std::int64_t>(it->second);
}

pair_terms instance::pair(std::uint32_t a, std::uint32_t b) const noexcept {
  const person& p = people_[a];
  const person& q = people_[b];
  pair_terms t;
  const double closeness = similarity(p, q);
  double complement = 0;
  if (closeness > 0) {
    // Jaccard distance of the skill sets: different doors into the same field.
    const auto* x = skills_.data() + p.skills_begin;
    const auto* x_end = skills_.data() + p.skills_end;
    const auto* y = skills_.data() + q.skills_begin;
    const auto* y_end = skills_.data() + q.skills_end;
    const auto total = static_cast<std::size_t>((x_end - x) + (y_end - y));
    std::size_t common = 0;
    // Branch-free merge: this loop is the hottest in the engine.
    while (x != x_end && y != y_end) {
      const auto u = *x;
      const auto v = *y;
      common += u == v ? 1u : 0u;
      x += u <= v ? 1 : 0;
      y += v <= u ? 1 : 0;
    }
    const auto either = total - common;
    if (either > 0) complement = closeness * (1.0 - static_cast<double>(common) / static_cast<double>(either));
  }
  t.skill = opts_.weight.skill * complement;
  t.quality = opts_.weight.goal * closeness + t.skill;
  if (p.mode != meeting_mode::online && q.mode != meeting_mode::online) {
    const double de = static_cast<double>(p.east_km) - static_cast<double>(q.east_km);
    const double dn = static_cast<double>(p.north_km) - static_cast<double>(q.north_km);
    t.distance = std::sqrt(de * de + dn * dn);
    if (p.mode == meeting_mode::in_person && q.mode == meeting_mode::in_person && t.distance > opts_.max_travel_km) {
      t.allowed = false;
    }
  }
  for (auto i = p.prior_begin; i < p.prior_end; ++i) {
    if (prior_[i].other == b) {
      t.repeat = prior_[i].times;
      break;
    }
  }
  for (auto i = p.avoid_begin; i < p.avoid_end; ++i) {
    if (avoid_[i] == b) t.allowed = false;
  }
  return t;
}

bool instance::compatible(std::uint32_t a, std::uint32_t b) const noexcept {
  const person& p = people_[a];
  const person& q = people_[b];
  if (p.municipality != q.municipality || (p.languages & q.languages) == 0) return false;
  if (std::popcount(p.slots & q.slots) < opts_.min_shared_slots) return false;
  return pair(a, b).allowed;
}

group_stats instance::add(group_stats s, std::uint32_t newcomer,
                          std::span<const std::uint32_t> members) const noexcept {
  const person& p = people_[newcomer];
  const bool mobile = p.mode != meeting_mode::online;
  for (const auto m : members) {
    const auto t = pair(newcomer, m);
    s.pair_quality += t.quality;
    s.skill_quality += t.skill;
    s.repeat += t.repeat;
    if (mobile && people_[m].mode != meeting_mode::online) s.distance += t.distance;
    s.allowed = s.allowed && t.allowed;
  }
  s.slots = s.size == 0 ? p.slots : (s.slots & p.slots);
  s.languages = s.size == 0 ? p.languages : (s.languages & p.languages);
  s.size += 1;
  s.mobile += mobile ? 1 : 0;
  return s;
}

score_terms instance::terms(const group_stats& s) const noexcept {
  score_terms t;
  if (s.size == 0) return t;
  const auto& w = opts_.weight;
  const double k = s.size;
  t.placed = k * w.placed;
  if (s.size >= 2) {
    // Sum over members of their mean pair quality with the others.
    t.goal = 2.0 * (s.pair_quality - s.skill_quality) / (k - 1.0);
    t.skill = 2.0 * s.skill_quality / (k - 1.0);
  }
  const double target = std::max(1, opts_.target_shared_slots);
  t.schedule = k * w.schedule * std::min(static_cast<double>(std::popcount(s.slots)), target) / target;
  double near = 1.0;
  if (s.mobile >= 2) {
    const double pairs = s.mobile * (s.mobile - 1) / 2.0;
    near = std::max(0.0, 1.0 - s.distance / pairs / opts_.max_travel_km);
  }
  t.place = k * w.place * near;
  t.lonely = -w.lonely * s.lonely;
  t.repeat = -w.repeat * s.repeat;
  return t;
}

// The same sum as terms(), without splitting goal from skill: the local search
// only tracks their total.
double instance::value(const group_stats& s) const noexcept {
  if (s.size == 0) return 0;
  const auto& w = opts_.weight;
  const double k = s.size;
  double v = k * w.placed;
  if (s.size >= 2) v += 2.0 * s.pair_quality / (k - 1.0);
  const double target = std::max(1, opts_.target_shared_slots);
  v += k * w.schedule * std::min(static_cast<double>(std::popcount(s.slots)), target) / target;
  double near = 1.0;
  if (s.mobile >= 2) {
    const double pairs = s.mobile * (s.mobile - 1) / 2.0;
    near = std::max(0.0, 1.0 - s.distance / pairs / opts_.max_travel_km);
  }
  v += k * w.place * near;
  return v - w.lonely * s.lonely - w.repeat * s.repeat;
}

int instance::lonely(std::span<const std::uint32_t> members, std::int64_t without, std::int64_t with) const {
  // Networks hold a handful of kind values at most, so a quadratic count over
  // a small buffer beats sorting or hashing.
  std::array<std::uint32_t, 64> seen;
  std::size_t n = 0;
  auto collect = [&](std::uint32_t m) {
    const person& p = people_[m];
    for (auto i = p.kinds_begin; i < p.kinds_end && n < seen.size(); ++i) seen[n++] = kinds_[i];
  };
  for (const auto m : members) {
    if (static_cast<std::int64_t>(m) != without) collect(m);
  }
  if (with >= 0) collect(static_cast<std::uint32_t>(with));
  if (n < 2) return static_cast<int>(n);
  int alone = 0;
  for (std::size_t i = 0; i < n; ++i) {
    int same = 0;
    for (std::size_t j = 0; j < n; ++j) same += seen[j] == seen[i] ? 1 : 0;
    alone += same == 1 ? 1 : 0;
  }
  return alone;
}

evaluation instance::evaluate(std::span<const std::uint32_t> members) const {
  evaluation e;
  for (std::size_t i = 0; i < members.size(); ++i) {
    e.stats = add(e.stats, members[i], members.first(i));
  }
  e.stats.lonely = lonely(members);
  e.value = value(e.stats);
  e.terms = terms(e.stats);
  const int k = static_cast<int>(members.size());
  bool same_place = true;
  for (const auto m : members) same_place = same_place && people_[m].municipality == people_[members[0]].municipality;
  e.feasible = k >= opts_.min_size && k <= opts_.max_size && same_place && e.stats.allowed && e.stats.languages != 0 &&
               std::popcount(e.stats.slots) >= opts_.min_shared_slots;
  return e;
}

int instance::working_language(std::uint64_t shared) const noexcept {
  if (shared == 0) return -1;
  for (const int bit : preferred_bits_) {
    if (shared & (std::uint64_t{1} << bit)) return bit;
  }
  return std::countr_zero(shared);
}

}  // namespace kreds::matching::detail
