#include "features/dashboard/disclosure.hpp"

#include <algorithm>

namespace kreds::features {

namespace {

table_cell& at(cell_grid& cells, cell_position p) { return cells.at(p.row).at(p.column); }

}  // namespace

const perturbation_table& dashboard_perturbation() {
  static const perturbation_table table(disclosure_limits::max_noise, disclosure_limits::noise_variance);
  return table;
}

bool population_shown(const people_tally& people) {
  return dashboard_perturbation().published(people) >= disclosure_limits::minimum_population;
}

void protect_cells(cell_grid& cells, const std::vector<ratio_relation>& ratios,
                   const std::vector<derived_relation>& derived) {
  for (auto& row : cells) {
    for (auto& cell : row) {
      if (!cell.people_count || !cell.value) continue;
      const auto published = dashboard_perturbation().published(cell.people);
      cell.value = static_cast<double>(published);
      if (published >= 1 && published < disclosure_limits::smallest_shown) cell.mark = cell_mark::small;
    }
  }
  for (const auto& r : ratios) {
    auto& cell = at(cells, r.derived);
    const auto& numerator = at(cells, r.numerator);
    const auto& denominator = at(cells, r.denominator);
    const bool stands = numerator.mark == cell_mark::shown && denominator.mark == cell_mark::shown && numerator.value &&
                        denominator.value && *denominator.value >= disclosure_limits::minimum_population;
    if (!stands) {
      cell.mark = denominator.value.value_or(0) > 0 ? cell_mark::hidden : cell_mark::shown;
      cell.value = std::nullopt;
      continue;
    }
    // Perturbed apart, the numerator can come out above its denominator: a share is at most 1.
    cell.value = std::min(1.0, *numerator.value / *denominator.value);
  }
  for (const auto& d : derived) {
    auto& cell = at(cells, d.derived);
    if (cell.value && !population_shown(d.population)) {
      cell.mark = cell_mark::hidden;
      cell.value = std::nullopt;
    }
  }
}

}  // namespace kreds::features
