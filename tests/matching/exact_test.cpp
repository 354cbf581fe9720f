// Exact mode against brute force, and the heuristic against exact mode.
#include <functional>

#include "instance.hpp"
#include "support.hpp"

namespace kreds::matching {
namespace {

using testing::pool_of;
using testing::quick_options;
using testing::require_valid;

// Every way to split the pool into feasible networks (anyone may stay
// unplaced), scored with the engine's own network evaluation.
double brute_force_optimum(const std::vector<seeker>& pool, const options& opts) {
  const detail::instance inst(pool, opts);
  const auto n = static_cast<std::uint32_t>(inst.size());
  std::vector<std::vector<std::uint32_t>> groups;
  double best = 0;
  std::function<void(std::uint32_t)> go = [&](std::uint32_t i) {
    if (i == n) {
      double total = 0;
      for (const auto& g : groups) {
        if (g.empty()) continue;
        const auto e = inst.evaluate(g);
        if (!e.feasible) return;
        total += e.value;
      }
      best = std::max(best, total);
      return;
    }
    go(i + 1);  // unplaced
    for (auto& g : groups) {
      if (static_cast<int>(g.size()) >= opts.max_size) continue;
      g.push_back(i);
      go(i + 1);
      g.pop_back();
    }
    groups.push_back({i});
    go(i + 1);
    groups.pop_back();
  };
  go(0);
  return best;
}

TEST_CASE("exact: the exact optimum equals brute force on tiny pools", "[matching]") {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const auto pool = pool_of(9, seed);
    auto opts = quick_options(seed);
    opts.min_size = 3;
    opts.max_size = 4;
    const auto exact = form_exact(pool, opts);
    require_valid(pool, opts, exact);
    REQUIRE(exact.summary.optimal);
    INFO("seed " << seed);
    REQUIRE(exact.summary.objective == Approx(brute_force_optimum(pool, opts)).margin(1e-6));
  }
}

TEST_CASE("exact: the heuristic comes within 2% of the exact optimum on small pools", "[matching]") {
  double gap_sum = 0;
  int runs = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    for (const std::size_t n : {14u, 18u}) {
      const auto pool = pool_of(n, seed * 31 + n);
      const auto opts = quick_options(seed);
      const auto heuristic = form(pool, opts);
      const auto exact = form_exact(pool, opts);
      require_valid(pool, opts, heuristic);
      require_valid(pool, opts, exact);
      REQUIRE(exact.summary.optimal);
      REQUIRE(exact.summary.objective >= heuristic.summary.objective - 1e-6);
      gap_sum += (exact.summary.objective - heuristic.summary.objective) / exact.summary.objective;
      ++runs;
    }
  }
  REQUIRE(gap_sum / runs <= 0.02);
}

TEST_CASE("exact: locked networks are kept and the rest is optimised", "[matching]") {
  const auto pool = pool_of(16, 3);
  const auto opts = quick_options(3);
  const auto first = form(pool, opts);
  REQUIRE_FALSE(first.networks.empty());
  const std::vector<anchored_network> anchored{{7, first.networks[0].members, true}};
  const auto exact = form_exact(pool, opts, anchored);
  require_valid(pool, opts, exact, anchored);
  REQUIRE(exact.networks.front().id == 7);
  REQUIRE(exact.networks.front().members == first.networks[0].members);
}

TEST_CASE("exact: a pool too large for exact mode gets a clear error", "[matching]") {
  const auto pool = pool_of(static_cast<std::size_t>(max_exact_free_seekers) + 1, 1);
  const auto r = form_exact(pool, quick_options());
  REQUIRE(r.state == status::invalid_options);
  REQUIRE(r.networks.empty());
  REQUIRE(r.left_out.size() == pool.size());
  REQUIRE_THAT(r.message, Catch::Contains("Exact mode"));
}

}  // namespace
}  // namespace kreds::matching
