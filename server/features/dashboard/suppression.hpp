// Small numbers never identify people (docs/dashboard.md, "Small numbers"):
// in a table of aggregates, a count of people from 1 to 4 is shown as "<5"
// (primary suppression), and where a total and the other parts of a sum
// would let a reader work a hidden cell out by subtraction, another cell —
// the smallest shown part, else the total — is hidden as ".." (secondary
// suppression). A value computed from a hidden count (a share, an average)
// is hidden too. Pure functions over a grid of cells.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>
#include "features/common/feature.hpp"

namespace kreds::features {

enum class cell_mark { shown, small, hidden };  // shown, "<5", ".."

struct table_cell {
  std::optional<double> value;  // nothing: no value ("–")
  bool people_count = false;    // a count of people: 1 to 4 is suppressed
  cell_mark mark = cell_mark::shown;
};

struct cell_position {
  std::size_t row;
  std::size_t column;
};

// total = the sum of parts.
struct sum_relation {
  cell_position total;
  std::vector<cell_position> parts;
};

// derived is computed from every cell of `from` (a share from its numerator
// and denominator): hidden when one of them is.
struct derived_relation {
  cell_position derived;
  std::vector<cell_position> from;
};

using cell_grid = std::vector<std::vector<table_cell>>;

void suppress_small_numbers(cell_grid& cells, const std::vector<sum_relation>& sums,
                            const std::vector<derived_relation>& derived = {});

}  // namespace kreds::features
