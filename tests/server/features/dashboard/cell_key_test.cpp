// The cell-key method's perturbation table and lookup (cell_key.hpp): each
// row is the documented distribution, the same people always get the same
// count, and the noise stays within its bound.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <stdexcept>
#include <string>

#include "features/dashboard/cell_key.hpp"
#include "features/dashboard/disclosure.hpp"

using namespace kreds::features;

TEST_CASE("cell key: every row of the table has mean 0, the set variance and noise within the bound",
          "[dashboard][cell_key]") {
  for (const auto& [max_noise, variance] : {std::pair{3, 2.0}, std::pair{2, 1.0}, std::pair{5, 3.0}}) {
    const perturbation_table table(max_noise, variance);
    REQUIRE(table.rows().size() == static_cast<std::size_t>(max_noise));
    for (const auto& row : table.rows()) {
      double sum = 0, mean = 0, square = 0;
      for (const auto& [v, p] : row.noise) {
        INFO("D " << max_noise << " count " << row.count << " noise " << v);
        CHECK(p > 0);
        CHECK(std::abs(v) <= max_noise);
        CHECK(row.count + v >= 0);
        sum += p;
        mean += p * v;
        square += p * v * v;
      }
      CHECK(sum == Approx(1).margin(1e-12));
      CHECK(mean == Approx(0).margin(1e-9));
      CHECK(square - mean * mean == Approx(variance).margin(1e-9));
    }
    // The last row serves every larger count: symmetric around 0.
    const auto& last = table.rows().back().noise;
    REQUIRE(last.size() == static_cast<std::size_t>(2 * max_noise + 1));
    for (std::size_t i = 0; i < last.size(); ++i) CHECK(last[i].second == Approx(last[last.size() - 1 - i].second));
  }
}

TEST_CASE("cell key: a variance the bound cannot carry is refused", "[dashboard][cell_key]") {
  CHECK_THROWS_AS(perturbation_table(3, 9.0), std::invalid_argument);
  CHECK_THROWS_AS(perturbation_table(3, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(perturbation_table(0, 0.5), std::invalid_argument);
}

TEST_CASE("cell key: over evenly spread cell keys the noise follows the row's probabilities", "[dashboard][cell_key]") {
  const auto& table = dashboard_perturbation();
  constexpr std::uint64_t samples = 100000;
  for (const auto& row : table.rows()) {
    std::map<int, std::uint64_t> seen;
    for (std::uint64_t k = 0; k < samples; ++k) {
      ++seen[table.noise(row.count, static_cast<std::uint32_t>((k << 32) / samples))];
    }
    for (const auto& [v, p] : row.noise) {
      INFO("count " << row.count << " noise " << v);
      CHECK(static_cast<double>(seen[v]) / samples == Approx(p).margin(2.0 / samples));
    }
  }
}

TEST_CASE("cell key: the same people give the same count, nobody gives 0, and every count is within the bound",
          "[dashboard][cell_key]") {
  const auto& table = dashboard_perturbation();
  CHECK(table.published({}) == 0);
  std::mt19937 random(20261207);
  for (int trial = 0; trial < 2000; ++trial) {
    people_tally people;
    const int n = 1 + static_cast<int>(random() % 60);
    for (int i = 0; i < n; ++i) people.add(static_cast<std::uint32_t>(random()));
    const auto shown = table.published(people);
    CHECK(shown == table.published(people));
    CHECK(shown >= 0);
    CHECK(std::abs(shown - n) <= disclosure_limits::max_noise);
  }
}

TEST_CASE("cell key: one person more draws the noise afresh", "[dashboard][cell_key]") {
  // Adding a person moves the cell key by that person's random key: the noise
  // of the larger cell is (nearly) independent of the smaller one's. With
  // independent draws from the symmetric row, both noises agree with
  // probability sum(p²); the difference of two counts is then not the person.
  const auto& table = dashboard_perturbation();
  double agree_expected = 0;
  for (const auto& [v, p] : table.rows().back().noise) agree_expected += p * p;
  std::mt19937 random(7);
  int agree = 0, exact_difference = 0;
  constexpr int trials = 20000;
  for (int trial = 0; trial < trials; ++trial) {
    people_tally before;
    for (int i = 0; i < 30; ++i) before.add(static_cast<std::uint32_t>(random()));
    auto after = before;
    after.add(static_cast<std::uint32_t>(random()));
    const auto a = table.published(before), b = table.published(after);
    if (a - before.count == b - after.count) ++agree;
    if (b - a == 1) ++exact_difference;
  }
  CHECK(static_cast<double>(agree) / trials == Approx(agree_expected).margin(0.02));
  CHECK(static_cast<double>(exact_difference) / trials < 0.35);
}

TEST_CASE("cell key: docs/dashboard.md publishes the table the code uses", "[dashboard][cell_key]") {
  std::ifstream docs(std::string(KREDS_SOURCE_DIR) + "/docs/dashboard.md");
  REQUIRE(docs);
  std::string line;
  bool inside = false;
  std::vector<std::string> published;
  while (std::getline(docs, line)) {
    if (line == "<!-- perturbation table: begin -->") inside = true;
    if (line == "<!-- perturbation table: end -->") inside = false;
    if (inside && line.rfind("| ", 0) == 0 && line.find("---") == std::string::npos &&
        line.find("true count") == std::string::npos) {
      published.push_back(line);
    }
  }
  const auto& table = dashboard_perturbation();
  std::vector<std::string> computed;
  for (const auto& row : table.rows()) {
    const bool last = row.count == table.max_noise();
    std::string text = "| " + std::to_string(row.count) + (last ? " and more |" : " |");
    for (int v = -table.max_noise(); v <= table.max_noise(); ++v) {
      const auto found = std::find_if(row.noise.begin(), row.noise.end(), [&](const auto& n) { return n.first == v; });
      char cell[16] = "";
      if (found != row.noise.end()) std::snprintf(cell, sizeof cell, " %.4f", found->second);
      text += std::string(cell) + " |";
    }
    computed.push_back(text);
  }
  CHECK(published == computed);
}
