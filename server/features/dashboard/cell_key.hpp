// The cell-key method for counts of people (docs/dashboard.md, "Small
// numbers"), as the Australian Bureau of Statistics' TableBuilder, the UK's
// ONS (Census 2021) and Destatis (Zensus 2022) publish flexible tables.
//
// Every person has a fixed random record key, uniform on [0, 2^32)
// (account.record_key). A cell that counts people gets the sum of their keys
// modulo 2^32 as its cell key; the perturbation table turns the count and the
// cell key into a small noise, at most max_noise either way. The same people
// give the same cell key, so the same cell shows the same value in every
// table and every request; one person more or less moves the cell key to an
// unrelated place, so the difference of two queries is not that person.
//
// The table's probabilities are the maximum-entropy distribution with mean 0
// and a fixed variance over the allowed noises (Giessing 2016; the R package
// ptable by Destatis builds the same): a count of i can become any of
// max(0, i - D) .. i + D. An empty cell has no people and stays 0. Pure.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "features/common/feature.hpp"

namespace kreds::features {

// Who a cell counts, as far as the method needs: how many, and the sum of
// their record keys modulo 2^32 (unsigned arithmetic wraps).
struct people_tally {
  std::int64_t count = 0;
  std::uint32_t key = 0;

  void add(std::uint32_t record_key) {
    ++count;
    key += record_key;
  }
  void add(const people_tally& other) {
    count += other.count;
    key += other.key;
  }
};

// The noise probabilities for one original count; the last row of a table
// serves every count from max_noise up.
struct perturbation_row {
  std::int64_t count;
  std::vector<std::pair<int, double>> noise;  // (noise, probability), noise ascending
};

class perturbation_table {
 public:
  // Throws std::invalid_argument when no distribution has that variance
  // within the bound (variance must be above 0 and below max_noise²).
  perturbation_table(int max_noise, double variance);

  int max_noise() const { return max_noise_; }
  double variance() const { return variance_; }
  const std::vector<perturbation_row>& rows() const { return rows_; }

  // The noise for `count` people (count >= 1) whose cell key is `cell_key`:
  // the row's noises take consecutive slices of [0, 1) by their
  // probabilities, and cell_key / 2^32 falls into one of them.
  int noise(std::int64_t count, std::uint32_t cell_key) const;

  // The count a table shows for these people: 0 for nobody, else the
  // count plus its noise (never below 0).
  std::int64_t published(const people_tally& people) const;

 private:
  int max_noise_;
  double variance_;
  std::vector<perturbation_row> rows_;  // counts 1 .. max_noise
};

}  // namespace kreds::features
