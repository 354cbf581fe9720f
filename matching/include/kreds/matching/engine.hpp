// The matching engine: forms peer job-search networks from a pool of waiting
// seekers, refills open seats of existing networks, and leaves locked
// networks and pinned members where they are. Every run is a pure function of
// its arguments (the seed is in options), so the same input gives the same
// result on any machine and with any thread count. Functions may be called
// concurrently from several threads; each call uses up to options.threads
// threads of its own, split by municipality, and returns when they are done.
//
// Hard constraints (never violated by a network the engine creates or adds
// to): one municipality; size within [min_size, max_size]; a working language
// every member speaks at options.working_level or better; at least
// options.min_shared_slots weekly slots free for every member; in-person
// members within options.max_travel_km of each other; no "do not group" pair.
// The soft objective is described in docs/matching.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kreds/matching/model.hpp"

namespace kreds::matching {

// Partition the pool into networks. `anchored` may carry locked networks
// (returned untouched) and proposals with pinned members (the pinned stay,
// the rest of the network is re-optimised around them). Seekers named in an
// anchored network must also be in the pool.
result form(const std::vector<seeker>& pool, const options& opts, const std::vector<anchored_network>& anchored = {});

// Place the pool's newcomers (everyone not in `existing`) into open seats of
// the existing, unlocked networks without moving anyone already placed, then
// form new networks from the rest. Same engine as form(): existing members are
// anchored.
result refill(const std::vector<seeker>& pool, const std::vector<anchored_network>& existing, const options& opts);

// The true optimum of the same objective under the same hard constraints, by
// an LP-bounded branch and bound over every feasible network. Meant for small
// pools: at most max_exact_free_seekers seekers per municipality outside
// locked networks (anchored networks are treated as locked). When the search
// exceeds node_limit the best network set found is returned and
// summary.optimal is false.
inline constexpr int max_exact_free_seekers = 34;
result form_exact(const std::vector<seeker>& pool, const options& opts,
                  const std::vector<anchored_network>& anchored = {}, std::uint64_t node_limit = 200'000'000);

// Baselines for the benchmark and tests, under the same hard constraints:
// random grouping (seekers in random order, each into the first network that
// fits) and greedy grouping (the engine's construction step without the
// local search).
result form_random(const std::vector<seeker>& pool, const options& opts,
                   const std::vector<anchored_network>& anchored = {});
result form_greedy(const std::vector<seeker>& pool, const options& opts,
                   const std::vector<anchored_network>& anchored = {});

// An independent re-check of a result against the pool: the objective
// recomputed from scratch and every hard-constraint violation found, each
// described in a sentence. Used by the tests and to fill report.hard_violations.
struct audit {
  double objective = 0;
  int hard_violations = 0;
  std::vector<std::string> problems;  // hard violations and bookkeeping errors
};
audit check(const std::vector<seeker>& pool, const options& opts, const result& r,
            const std::vector<anchored_network>& anchored = {});

// Empty when the options are usable, else why not (English).
std::string validate(const options& opts);

}  // namespace kreds::matching
