// What the dashboard may publish about small groups (docs/dashboard.md,
// "Small numbers"), applied to a grid of cells before a table leaves the
// server:
//  1. every count of people is perturbed by the cell-key method
//     (cell_key.hpp): the same people always give the same number;
//  2. a published count from 1 to 4 is shown as "<5";
//  3. a share is computed from the published counts, and shown only when
//     neither is hidden and its denominator is at least the minimum
//     population;
//  4. any other figure computed from people (a median, a curve's share,
//     minutes per seeker) is shown only when its population, as published,
//     is at least the minimum population.
// A whole filtered view whose people, as published, are fewer than the
// minimum population, or that a view one step wider exceeds by only a few
// people, is withheld (dashboard.cpp, view_withheld). Pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "features/common/feature.hpp"
#include "features/dashboard/cell_key.hpp"

namespace kreds::features {

// Every parameter of the dashboard's disclosure control, published in
// docs/dashboard.md (an admin may know them: the protection lies in the
// record keys, which never leave the server).
struct disclosure_limits {
  static constexpr int max_noise = 3;            // a published count is within ±3 of the true one
  static constexpr double noise_variance = 2.0;  // of that noise (mean 0)
  static constexpr int smallest_shown = 5;       // a published count of 1 to 4 shows as "<5"
  static constexpr int minimum_population = 20;  // below it: no share, median or curve; a view is withheld
  // Two views one filter step apart (the period past its first or last month with anyone in it, or one filter
  // left out) differ by nobody or by at least this many people, as published: else the narrower is withheld.
  static constexpr int minimum_difference = 10;
};

// The perturbation table of disclosure_limits.
const perturbation_table& dashboard_perturbation();

enum class cell_mark { shown, small, hidden };  // shown, "<5", ".."

struct table_cell {
  std::optional<double> value;  // nothing: no value ("–"); a people count: its published value after protect
  bool people_count = false;    // a count of people: perturbed, and 1 to 4 suppressed
  people_tally people;          // for a people count: whom it counts
  cell_mark mark = cell_mark::shown;
};

struct cell_position {
  std::size_t row;
  std::size_t column;
};

// derived = numerator / denominator, both people counts of the same grid.
struct ratio_relation {
  cell_position derived;
  cell_position numerator;
  cell_position denominator;
};

// derived is computed from `population` (a median of a group, the share of
// a curve among those still followed).
struct derived_relation {
  cell_position derived;
  people_tally population;
};

using cell_grid = std::vector<std::vector<table_cell>>;

// Does a figure computed from these people stand (its published population
// at least the minimum)?
bool population_shown(const people_tally& people);

// Steps 1 to 4 above, in place.
void protect_cells(cell_grid& cells, const std::vector<ratio_relation>& ratios,
                   const std::vector<derived_relation>& derived);

}  // namespace kreds::features
