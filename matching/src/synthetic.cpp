#include "kreds/matching/synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#include "kreds/matching/geo.hpp"
#include "kreds/matching/isco.hpp"
#include "search.hpp"

namespace kreds::matching {
namespace {

using detail::random_stream;

// Postcodes spread over the country; municipality i is centred on the i-th
// (modulo), so the big ones land on the big cities first.
constexpr std::uint16_t centres[] = {
    1000, 8000, 5000, 9000, 6700, 8900, 6000, 7100, 4000, 8700, 7400, 2800, 4700, 8800, 6400, 3400,
    4200, 5700, 7500, 4300, 2600, 3000, 6200, 6100, 4600, 2750, 7000, 9800, 4800, 3600, 7800, 9900,
    6800, 5500, 4100, 4400, 5600, 6900, 7700, 5800, 9700, 9500, 2630, 3500, 2300, 2500, 3200, 4500,
    4900, 3700, 5300, 5400, 6300, 6500, 5900, 4760, 2950, 2900, 2700, 2100, 2200, 2400, 2000, 8000,
};

bool chance(random_stream& r, double p) { return r.unit() < p; }

// Running sums of i^-exponent for i = 1..n: a Zipf distribution to draw
// from with lower_bound on unit() * back().
std::vector<double> zipf_cumulative(std::size_t n, double exponent) {
  std::vector<double> cumulative;
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    total += std::pow(static_cast<double>(i + 1), -exponent);
    cumulative.push_back(total);
  }
  return cumulative;
}

// Index drawn from a zipf_cumulative() table, at most its last index.
std::size_t draw(random_stream& r, const std::vector<double>& cumulative) {
  const double pick = r.unit() * cumulative.back();
  const auto at = std::lower_bound(cumulative.begin(), cumulative.end(), pick) - cumulative.begin();
  return std::min(static_cast<std::size_t>(at), cumulative.size() - 1);
}

// What every seeker's draw uses: the occupations and how popular they are,
// and how big the municipalities are.
struct population_tables {
  std::span<const std::uint16_t> codes;   // every ISCO-08 unit group, ascending
  std::vector<std::uint16_t> popular;     // the same codes, most popular first
  std::vector<double> popularity;         // zipf_cumulative() over `popular`
  std::vector<double> municipality_size;  // zipf_cumulative() over the municipalities

  explicit population_tables(int municipalities) : codes(isco_unit_groups()), popular(codes.begin(), codes.end()) {
    // A seed-independent popularity order of occupations, so goal clusters
    // look alike across seeds: common jobs (shop, care, office, building)
    // first.
    random_stream order(12345);
    order.shuffle(popular);
    // Zipf popularity (exponent 0.7): the most common occupation holds about
    // 6% of the seekers, as shop assistants or care workers might.
    popularity = zipf_cumulative(popular.size(), 0.7);
    municipality_size = zipf_cumulative(static_cast<std::size_t>(municipalities), 0.8);
  }
};

void add_goals(seeker& s, random_stream& r, const population_tables& tables) {
  const double g = r.unit();
  if (g < 0.10) {
    s.goals.push_back(education_goal());
  } else if (g < 0.13) {
    s.goals.push_back(own_business_goal());
  } else {
    const auto code = tables.popular[draw(r, tables.popularity)];
    s.goals.push_back(occupation_goal(code));
    if (chance(r, 0.3)) {
      // A second goal near the first: a neighbour in the code list.
      const auto& codes = tables.codes;
      const auto at = static_cast<std::size_t>(std::lower_bound(codes.begin(), codes.end(), code) - codes.begin());
      const auto near = std::min(codes.size() - 1, at + 1 + r.below(3));
      if (codes[near] != code) s.goals.push_back(occupation_goal(codes[near]));
    }
  }
}

void add_skills(seeker& s, random_stream& r) {
  const auto& main_goal = s.goals.front();
  const std::uint32_t field =
      main_goal.kind == goal_kind::occupation ? main_goal.isco : 10000u + static_cast<std::uint32_t>(main_goal.kind);
  const int skill_count = 3 + static_cast<int>(r.below(8));
  for (int k = 0; k < skill_count; ++k) {
    // Mostly skills of the field (a pool of 25), some transversal ones.
    s.skills.push_back(chance(r, 0.75) ? field * 100u + r.below(25) : 2'000'000u + r.below(60));
  }
}

void add_languages(seeker& s, random_stream& r) {
  const double l = r.unit();
  if (l < 0.80) {
    s.languages.push_back({"da", language_level::native});
    if (chance(r, 0.6)) s.languages.push_back({"en", chance(r, 0.5) ? language_level::c1 : language_level::b2});
  } else if (l < 0.90) {
    s.languages.push_back({"da", chance(r, 0.6) ? language_level::b1 : language_level::b2});
    static constexpr const char* mother[] = {"ar", "uk", "pl", "tr", "so", "fa", "ro", "de"};
    s.languages.push_back({mother[r.below(8)], language_level::native});
    if (chance(r, 0.4)) s.languages.push_back({"en", language_level::b2});
  } else {
    s.languages.push_back({"en", chance(r, 0.5) ? language_level::b2 : language_level::c1});
    if (chance(r, 0.3)) s.languages.push_back({"da", language_level::a2});
  }
}

// Meeting mode, and a home near the centre of municipality `mi`.
void add_mode_and_place(seeker& s, random_stream& r, std::size_t mi) {
  const double mode = r.unit();
  s.mode = mode < 0.35 ? meeting_mode::in_person : mode < 0.55 ? meeting_mode::online : meeting_mode::both;
  const auto centre_code = centres[mi % std::size(centres)];
  const auto centre = approximate_position(centre_code);
  // Bigger municipalities are denser; rural ones spread wider.
  const double radius_km = mi < 3 ? 8.0 : 18.0;
  const double angle = r.unit() * 6.283185307179586;
  const double distance = radius_km * std::sqrt(r.unit());
  s.where = position{centre.latitude + distance * std::sin(angle) / 111.2,
                     centre.longitude + distance * std::cos(angle) / 62.18};
  s.postcode = centre_code;
}

// Weekday-heavy: mornings most, evenings least; weekends thin.
void add_availability(seeker& s, random_stream& r) {
  for (int day = 0; day < days_per_week; ++day) {
    const bool weekday = day < 5;
    const double p[3] = {weekday ? 0.85 : 0.2, weekday ? 0.6 : 0.2, weekday ? 0.3 : 0.25};
    for (int part = 0; part < parts_per_day; ++part) {
      if (chance(r, p[part])) s.availability.set(static_cast<std::size_t>(slot_index(day, part)));
    }
  }
}

void add_kinds(seeker& s, random_stream& r) {
  const double age = r.unit();
  if (age < 0.2) {
    s.kinds.push_back("age_under_30");
  } else if (age < 0.35) {
    s.kinds.push_back("age_over_55");
  }
}

// Earlier networks and vetoes, only between people of one municipality.
// `members` holds each municipality's pool indices.
void add_history(std::vector<seeker>& pool, const std::vector<std::vector<std::size_t>>& members,
                 const population_spec& spec, random_stream& r) {
  for (const auto& list : members) {
    if (list.size() < 2) continue;
    for (const auto n : list) {
      if (chance(r, spec.prior_share)) {
        const int count = 1 + static_cast<int>(r.below(3));
        for (int c = 0; c < count; ++c) {
          const auto other = list[r.below(static_cast<std::uint32_t>(list.size()))];
          if (other != n) pool[n].prior.push_back({pool[other].id, 1 + r.below(2)});
        }
      }
      if (chance(r, spec.do_not_group_share)) {
        const auto other = list[r.below(static_cast<std::uint32_t>(list.size()))];
        if (other != n) pool[n].do_not_group.push_back(pool[other].id);
      }
    }
  }
}

}  // namespace

std::uint32_t synthetic_municipality(int index) noexcept { return 101u + static_cast<std::uint32_t>(index) * 10u; }

std::vector<seeker> make_population(const population_spec& spec) {
  random_stream r(spec.seed * 0x9E3779B97F4A7C15ull + 17);
  const int municipalities = std::clamp(spec.municipalities, 1, 98);
  const population_tables tables(municipalities);
  std::vector<seeker> pool;
  pool.reserve(spec.seekers);
  std::vector<std::vector<std::size_t>> members(static_cast<std::size_t>(municipalities));
  for (std::size_t n = 0; n < spec.seekers; ++n) {
    seeker s;
    s.id = spec.first_id + n;
    const auto mi = draw(r, tables.municipality_size);
    s.municipality = synthetic_municipality(static_cast<int>(mi));
    members[mi].push_back(n);
    add_goals(s, r, tables);
    add_skills(s, r);
    add_languages(s, r);
    add_mode_and_place(s, r, mi);
    add_availability(s, r);
    add_kinds(s, r);
    pool.push_back(std::move(s));
  }
  add_history(pool, members, spec, r);
  return pool;
}

}  // namespace kreds::matching
