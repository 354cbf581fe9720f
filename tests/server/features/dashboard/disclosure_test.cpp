// The dashboard's disclosure control on a grid of cells (disclosure.hpp):
// counts perturbed then "<5", shares from published counts, and figures
// standing only on populations of at least the minimum.
#include <catch2/catch.hpp>

#include <random>

#include "features/dashboard/disclosure.hpp"

using namespace kreds::features;

namespace {

// `n` people with keys drawn from `random`.
people_tally people(int n, std::mt19937& random) {
  people_tally tally;
  for (int i = 0; i < n; ++i) tally.add(static_cast<std::uint32_t>(random()));
  return tally;
}

table_cell count_cell(const people_tally& tally) {
  return {static_cast<double>(tally.count), true, tally, cell_mark::shown};
}

// A figure that is not a count.
table_cell figure(std::optional<double> value) { return {value, false, {}, cell_mark::shown}; }

}  // namespace

TEST_CASE("disclosure: a published count of 1 to 4 shows as small, nobody stays 0", "[dashboard][disclosure]") {
  std::mt19937 random(1);
  int small = 0;
  for (int trial = 0; trial < 500; ++trial) {
    const auto tally = people(1 + trial % 9, random);
    cell_grid grid{{count_cell(tally), count_cell({})}};
    protect_cells(grid, {}, {});
    const auto published = dashboard_perturbation().published(tally);
    CHECK(*grid[0][0].value == published);
    const bool is_small = published >= 1 && published < disclosure_limits::smallest_shown;
    CHECK((grid[0][0].mark == cell_mark::small) == is_small);
    small += is_small;
    CHECK(*grid[0][1].value == 0);
    CHECK(grid[0][1].mark == cell_mark::shown);
  }
  CHECK(small > 0);
}

TEST_CASE("disclosure: a share is computed from the published counts and needs the minimum population beneath it",
          "[dashboard][disclosure]") {
  std::mt19937 random(2);
  int shown = 0, hidden = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const auto denominator = people(5 + trial % 40, random);
    const auto numerator = people(static_cast<int>(denominator.count / 2), random);
    cell_grid grid{{count_cell(numerator), count_cell(denominator), figure(0.123)}};
    protect_cells(grid, {{{0, 2}, {0, 0}, {0, 1}}}, {});
    const auto& share = grid[0][2];
    const bool stands = grid[0][0].mark == cell_mark::shown && grid[0][1].mark == cell_mark::shown &&
                        *grid[0][1].value >= disclosure_limits::minimum_population;
    if (stands) {
      ++shown;
      CHECK(share.mark == cell_mark::shown);
      CHECK(*share.value == Approx(*grid[0][0].value / *grid[0][1].value));
    } else {
      ++hidden;
      CHECK(share.mark == cell_mark::hidden);
      CHECK_FALSE(share.value);
    }
  }
  CHECK(shown > 0);
  CHECK(hidden > 0);
  // Nobody beneath: no share at all, and nothing hidden.
  cell_grid empty{{count_cell({}), count_cell({}), figure(std::nullopt)}};
  protect_cells(empty, {{{0, 2}, {0, 0}, {0, 1}}}, {});
  CHECK(empty[0][2].mark == cell_mark::shown);
  CHECK_FALSE(empty[0][2].value);
}

TEST_CASE("disclosure: a median or average stands only on a population of at least the minimum",
          "[dashboard][disclosure]") {
  std::mt19937 random(3);
  for (int n = 1; n < 40; ++n) {
    const auto population = people(n, random);
    cell_grid grid{{figure(12.5)}};
    protect_cells(grid, {}, {{{0, 0}, population}});
    const bool stands = dashboard_perturbation().published(population) >= disclosure_limits::minimum_population;
    INFO(n << " people");
    CHECK(population_shown(population) == stands);
    CHECK((grid[0][0].mark == cell_mark::shown) == stands);
    CHECK(grid[0][0].value.has_value() == stands);
  }
}

TEST_CASE("disclosure: the same people give the same cell in every grid", "[dashboard][disclosure]") {
  std::mt19937 random(4);
  for (int trial = 0; trial < 200; ++trial) {
    const auto tally = people(1 + trial % 30, random);
    cell_grid one{{count_cell(tally)}}, other{{count_cell(people(3, random)), count_cell(tally)}};
    protect_cells(one, {}, {});
    protect_cells(other, {}, {});
    CHECK(one[0][0].value == other[0][1].value);
    CHECK(one[0][0].mark == other[0][1].mark);
  }
}
