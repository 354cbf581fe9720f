// Shared helpers for the matching tests: seeded pools and the invariants
// every result must satisfy. Test-only; single-threaded use.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "kreds/matching/engine.hpp"
#include "kreds/matching/synthetic.hpp"

namespace kreds::matching::testing {

// Options that keep Debug builds quick without changing what is checked.
inline options quick_options(std::uint64_t seed = 1) {
  options o;
  o.seed = seed;
  o.polish_visits = 4'000;
  return o;
}

inline std::vector<seeker> pool_of(std::size_t n, std::uint64_t seed, int municipalities = 1) {
  return make_population({.seekers = n, .municipalities = municipalities, .seed = seed});
}

// Every seeker exactly once (network or unplaced with a reason), sizes in
// bounds for new networks, no hard violation, reported objective equal to
// the recomputed one.
inline void require_valid(const std::vector<seeker>& pool, const options& opts, const result& r,
                          const std::vector<anchored_network>& anchored = {}) {
  REQUIRE(r.state == status::ok);
  std::map<seeker_id, int> times;
  for (const auto& n : r.networks) {
    for (const auto id : n.members) ++times[id];
    if (n.is_new) {
      REQUIRE(static_cast<int>(n.members.size()) >= opts.min_size);
      REQUIRE(static_cast<int>(n.members.size()) <= opts.max_size);
    }
    REQUIRE(n.explanations.size() == n.members.size());
  }
  for (const auto& u : r.left_out) {
    ++times[u.seeker];
    REQUIRE_FALSE(u.detail.empty());
  }
  std::map<seeker_id, int> expected;
  for (const auto& s : pool) ++expected[s.id];
  REQUIRE(times == expected);
  const auto a = check(pool, opts, r, anchored);
  INFO((a.problems.empty() ? std::string{} : a.problems.front()));
  REQUIRE(a.problems.empty());
  REQUIRE(a.hard_violations == 0);
  REQUIRE(r.summary.hard_violations == 0);
  REQUIRE(r.summary.objective == Approx(a.objective).epsilon(1e-9).margin(1e-6));
}

inline std::vector<std::vector<seeker_id>> partition_of(const result& r) {
  std::vector<std::vector<seeker_id>> out;
  for (const auto& n : r.networks) out.push_back(n.members);
  return out;
}

}  // namespace kreds::matching::testing
