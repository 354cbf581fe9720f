#include "features/dashboard/suppression.hpp"

#include <algorithm>
#include <cmath>

namespace kreds::features {

namespace {

bool suppressed(const table_cell& cell) { return cell.mark != cell_mark::shown; }

table_cell& at(cell_grid& cells, cell_position p) { return cells.at(p.row).at(p.column); }

// Could a reader work out a hidden cell of `sum` from what is shown? A
// hidden total: when every part is shown (add them up). One hidden part:
// always (total minus the rest). Several, all "<5" counts (each 1 to 4):
// when their sum is at either end (all 1 or all 4).
bool reveals(cell_grid& cells, const sum_relation& sum) {
  if (suppressed(at(cells, sum.total))) {
    return std::none_of(sum.parts.begin(), sum.parts.end(), [&](cell_position p) { return suppressed(at(cells, p)); });
  }
  std::vector<cell_position> hidden;
  double shown_sum = 0;
  for (const auto& part : sum.parts) {
    auto& cell = at(cells, part);
    if (suppressed(cell)) {
      hidden.push_back(part);
    } else {
      shown_sum += cell.value.value_or(0);
    }
  }
  if (hidden.empty()) return false;
  if (hidden.size() == 1) return true;
  const bool all_small =
      std::all_of(hidden.begin(), hidden.end(), [&](cell_position p) { return at(cells, p).mark == cell_mark::small; });
  if (!all_small) return false;
  const double rest = at(cells, sum.total).value.value_or(0) - shown_sum;
  const auto k = static_cast<double>(hidden.size());
  return std::abs(rest - k) < 0.5 || std::abs(rest - 4 * k) < 0.5;
}

// Hides the smallest shown non-zero part, or else the total; false when
// nothing is left to hide.
bool hide_another(cell_grid& cells, const sum_relation& sum) {
  const bool total_hidden = suppressed(at(cells, sum.total));
  std::optional<cell_position> smallest;
  for (const auto& part : sum.parts) {
    const auto& cell = at(cells, part);
    if (suppressed(cell) || !cell.value || *cell.value == 0) continue;
    if (!smallest || *cell.value < *at(cells, *smallest).value) smallest = part;
  }
  if (!smallest && total_hidden) return false;  // every part is zero or empty: nothing to protect
  at(cells, smallest.value_or(sum.total)).mark = cell_mark::hidden;
  return true;
}

}  // namespace

void suppress_small_numbers(cell_grid& cells, const std::vector<sum_relation>& sums,
                            const std::vector<derived_relation>& derived) {
  for (auto& row : cells) {
    for (auto& cell : row) {
      if (cell.people_count && cell.value && *cell.value >= 1 && *cell.value <= 4) cell.mark = cell_mark::small;
    }
  }
  // Hiding one cell can open a sum it belongs to, or hide a value computed
  // from it: repeat until stable (each round hides a cell, so this ends).
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& d : derived) {
      auto& cell = at(cells, d.derived);
      if (suppressed(cell)) continue;
      if (std::any_of(d.from.begin(), d.from.end(), [&](cell_position p) { return suppressed(at(cells, p)); })) {
        cell.mark = cell_mark::hidden;
        changed = true;
      }
    }
    for (const auto& sum : sums) {
      if (reveals(cells, sum) && hide_another(cells, sum)) changed = true;
    }
  }
}

}  // namespace kreds::features
