// Synthetic seeker populations for tests and benchmarks: plausible Danish
// pools (skewed goals, Danish/English/other languages, weekday-heavy
// availability, in-person/online mix, municipalities sized like Denmark's
// 98) generated from a seed. Never used by the engine itself. Pure function;
// any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kreds/matching/model.hpp"

namespace kreds::matching {

struct population_spec {
  std::size_t seekers = 1000;
  // 1 puts everyone in one municipality; up to 98 spreads them with sizes
  // falling off like Denmark's (Copenhagen about 12%, the smallest about 0.2%).
  int municipalities = 1;
  std::uint64_t seed = 1;
  double prior_share = 0.05;         // seekers who met some others before
  double do_not_group_share = 0.01;  // seekers with a do-not-group pair
  seeker_id first_id = 1;
};

std::vector<seeker> make_population(const population_spec& spec);

// The municipality code make_population() gives the i-th municipality (0-based).
std::uint32_t synthetic_municipality(int index) noexcept;

}  // namespace kreds::matching
