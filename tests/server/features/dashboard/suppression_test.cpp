#include <catch2/catch.hpp>

#include "features/dashboard/suppression.hpp"

using namespace kreds;
using namespace kreds::features;

namespace {

table_cell people(double n) { return {n, true}; }

// One column: rows 0..n-1 are the parts, the last row the total.
cell_grid column(const std::vector<double>& parts) {
  cell_grid grid;
  double total = 0;
  for (double p : parts) {
    grid.push_back({people(p)});
    total += p;
  }
  grid.push_back({people(total)});
  return grid;
}

sum_relation column_sum(std::size_t parts) {
  sum_relation sum{{parts, 0}, {}};
  for (std::size_t i = 0; i < parts; ++i) sum.parts.push_back({i, 0});
  return sum;
}

cell_mark mark(const cell_grid& grid, std::size_t row, std::size_t column = 0) { return grid[row][column].mark; }

}  // namespace

TEST_CASE("suppression: counts from 1 to 4 are shown as small, 0 and 5 are shown", "[dashboard][suppression]") {
  cell_grid grid{{people(0), people(1), people(4), people(5), table_cell{3.0, false}}};
  suppress_small_numbers(grid, {});
  CHECK(mark(grid, 0, 0) == cell_mark::shown);
  CHECK(mark(grid, 0, 1) == cell_mark::small);
  CHECK(mark(grid, 0, 2) == cell_mark::small);
  CHECK(mark(grid, 0, 3) == cell_mark::shown);
  CHECK(mark(grid, 0, 4) == cell_mark::shown);  // not a count of people (a number of networks)
}

TEST_CASE("suppression: one small part of a total hides the next smallest part", "[dashboard][suppression]") {
  auto grid = column({20, 3, 9, 0});  // total 32: 32 - 20 - 9 - 0 would give the 3
  suppress_small_numbers(grid, {column_sum(4)});
  CHECK(mark(grid, 1) == cell_mark::small);
  CHECK(mark(grid, 2) == cell_mark::hidden);  // 9 is the smallest shown non-zero part
  CHECK(mark(grid, 0) == cell_mark::shown);
  CHECK(mark(grid, 3) == cell_mark::shown);  // a zero reveals nothing and stays
  CHECK(mark(grid, 4) == cell_mark::shown);  // the total stays
}

TEST_CASE("suppression: with no other part to hide, the total is hidden", "[dashboard][suppression]") {
  auto grid = column({2, 0});
  suppress_small_numbers(grid, {column_sum(2)});
  CHECK(mark(grid, 0) == cell_mark::small);
  // The total (2) is itself small.
  CHECK(mark(grid, 2) == cell_mark::small);
  auto big = column({3, 0, 0});
  big.back()[0].value = 3;
  suppress_small_numbers(big, {column_sum(3)});
  CHECK(mark(big, 3) != cell_mark::shown);
}

TEST_CASE("suppression: several small parts whose sum gives them away are protected", "[dashboard][suppression]") {
  // Two small parts summing to 2 must both be 1: hide one more.
  auto ones = column({1, 1, 30});
  suppress_small_numbers(ones, {column_sum(3)});
  CHECK(mark(ones, 0) == cell_mark::small);
  CHECK(mark(ones, 1) == cell_mark::small);
  CHECK(mark(ones, 2) == cell_mark::hidden);
  // Two small parts summing to 5 could be 1+4, 2+3, ...: nothing more to hide.
  auto mixed = column({2, 3, 30});
  suppress_small_numbers(mixed, {column_sum(3)});
  CHECK(mark(mixed, 2) == cell_mark::shown);
  CHECK(mark(mixed, 3) == cell_mark::shown);
}

TEST_CASE("suppression: a cell hidden for one sum is protected in the other sum it belongs to",
          "[dashboard][suppression]") {
  // Rows: two tracks and a total; columns: events, still searching, people.
  // events + searching = people in every row; each column sums to its total.
  cell_grid grid{
      {people(3), people(10), people(13)}, {people(12), people(20), people(32)}, {people(15), people(30), people(45)}};
  std::vector<sum_relation> sums{
      {{0, 2}, {{0, 0}, {0, 1}}}, {{1, 2}, {{1, 0}, {1, 1}}}, {{2, 2}, {{2, 0}, {2, 1}}},
      {{2, 0}, {{0, 0}, {1, 0}}}, {{2, 1}, {{0, 1}, {1, 1}}}, {{2, 2}, {{0, 2}, {1, 2}}},
  };
  suppress_small_numbers(grid, sums);
  CHECK(mark(grid, 0, 0) == cell_mark::small);
  // No sum may have exactly one suppressed part while its total is shown.
  for (const auto& sum : sums) {
    int hidden = 0;
    for (const auto& p : sum.parts) hidden += grid[p.row][p.column].mark != cell_mark::shown;
    const bool total_shown = grid[sum.total.row][sum.total.column].mark == cell_mark::shown;
    CHECK_FALSE((hidden == 1 && total_shown));
  }
}

TEST_CASE("suppression: a share computed from a suppressed count is hidden", "[dashboard][suppression]") {
  cell_grid grid{{people(3), people(40), table_cell{3.0 / 40}}, {people(12), people(40), table_cell{12.0 / 40}}};
  suppress_small_numbers(grid, {}, {{{0, 2}, {{0, 0}, {0, 1}}}, {{1, 2}, {{1, 0}, {1, 1}}}});
  CHECK(mark(grid, 0, 2) == cell_mark::hidden);
  CHECK(mark(grid, 1, 2) == cell_mark::shown);
}

TEST_CASE("suppression: a hidden total whose parts are all shown gets a part hidden too", "[dashboard][suppression]") {
  // 24 + 6 + 58 would give the hidden 88 back.
  cell_grid grid{{people(88), people(24), people(6), people(58)}};
  grid[0][0].mark = cell_mark::hidden;  // hidden because another table hides it
  suppress_small_numbers(grid, {{{0, 0}, {{0, 1}, {0, 2}, {0, 3}}}});
  CHECK(mark(grid, 0, 2) == cell_mark::hidden);  // the smallest part
  CHECK(mark(grid, 0, 1) == cell_mark::shown);
  // All parts zero: nothing to protect, and the loop ends.
  cell_grid zeros{{people(0), people(0), people(0)}};
  zeros[0][0].mark = cell_mark::hidden;
  suppress_small_numbers(zeros, {{{0, 0}, {{0, 1}, {0, 2}}}});
  CHECK(mark(zeros, 0, 1) == cell_mark::shown);
}
