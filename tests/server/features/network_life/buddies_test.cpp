#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "features/network_life/buddies.hpp"

using kreds::features::buddy_history;
using kreds::features::pair_buddies;

namespace {

using groups = std::vector<std::vector<std::int64_t>>;

// Adds this period's pairs to the history, as the server does between periods.
void remember(buddy_history& history, const groups& period) {
  for (auto& [pair, seen] : history) ++seen.periods_ago;
  for (const auto& group : period) {
    for (std::size_t i = 0; i < group.size(); ++i) {
      for (std::size_t j = i + 1; j < group.size(); ++j) {
        auto& seen = history[{std::min(group[i], group[j]), std::max(group[i], group[j])}];
        ++seen.times;
        seen.periods_ago = 0;
      }
    }
  }
}

int repeats(const buddy_history& history) {
  int count = 0;
  for (const auto& [pair, seen] : history) count += seen.times > 1 ? seen.times - 1 : 0;
  return count;
}

std::set<std::int64_t> everyone(const groups& period) {
  std::set<std::int64_t> seen;
  for (const auto& group : period) seen.insert(group.begin(), group.end());
  return seen;
}

}  // namespace

TEST_CASE("buddies: an even network is split into pairs covering everyone once", "[unit][buddies]") {
  const std::vector<std::int64_t> members{11, 12, 13, 14, 15, 16, 17, 18};
  const auto period = pair_buddies(members, {}, 7);
  REQUIRE(period.size() == 4);
  for (const auto& group : period) CHECK(group.size() == 2);
  CHECK(everyone(period) == std::set<std::int64_t>(members.begin(), members.end()));
}

TEST_CASE("buddies: an odd network has exactly one group of three", "[unit][buddies]") {
  const auto period = pair_buddies({1, 2, 3, 4, 5, 6, 7}, {}, 1);
  REQUIRE(period.size() == 3);
  CHECK(std::count_if(period.begin(), period.end(), [](const auto& g) { return g.size() == 3; }) == 1);
  CHECK(everyone(period).size() == 7);
}

TEST_CASE("buddies: eight members rotate seven times without a repeat pair", "[unit][buddies]") {
  buddy_history history;
  const std::vector<std::int64_t> members{1, 2, 3, 4, 5, 6, 7, 8};
  for (int period = 0; period < 7; ++period) remember(history, pair_buddies(members, history, 100 + period));
  CHECK(repeats(history) == 0);
  CHECK(history.size() == 28);  // every pair of eight once
  // The eighth period must repeat; it picks pairs, not a trio, and each repeat only once.
  remember(history, pair_buddies(members, history, 200));
  CHECK(repeats(history) == 4);
}

TEST_CASE("buddies: when repeats are unavoidable, the pairs together longest ago come first", "[unit][buddies]") {
  buddy_history history;
  history[{1, 2}] = {1, 0};  // last period
  history[{3, 4}] = {1, 0};
  history[{1, 3}] = {1, 1};  // the period before
  history[{2, 4}] = {1, 1};
  history[{1, 4}] = {1, 5};  // long ago
  history[{2, 3}] = {1, 5};
  CHECK(pair_buddies({1, 2, 3, 4}, history, 3) == groups{{1, 4}, {2, 3}});
}

TEST_CASE("buddies: the same seed gives the same pairs - tiny networks give one group or none", "[unit][buddies]") {
  CHECK(pair_buddies({5, 6, 7, 8, 9, 10}, {}, 42) == pair_buddies({10, 9, 8, 7, 6, 5}, {}, 42));
  CHECK(pair_buddies({}, {}, 1).empty());
  CHECK(pair_buddies({4}, {}, 1) == groups{{4}});
  CHECK(pair_buddies({4, 9}, {}, 1) == groups{{4, 9}});
}
