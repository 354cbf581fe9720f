#include "features/dashboard/cell_key.hpp"

#include <array>
#include <cmath>
#include <stdexcept>

namespace kreds::features {

namespace {

// The maximum-entropy probabilities over `noises` with mean 0 and the given
// variance: p(v) proportional to exp(a·v + b·v²). (a, b) minimise the convex
// dual log Σ exp(a·v + b·v²) − b·variance, whose gradient is (E v, E v² −
// variance) and whose Hessian is the covariance of (v, v²): Newton's method
// with a backtracking line search.
std::vector<double> maximum_entropy(const std::vector<int>& noises, double variance) {
  const auto probabilities = [&](double a, double b) {
    std::vector<double> p;
    double largest = -INFINITY;
    for (int v : noises) largest = std::max(largest, a * v + b * v * v);
    double sum = 0;
    for (int v : noises) sum += p.emplace_back(std::exp(a * v + b * v * v - largest));
    for (auto& x : p) x /= sum;
    return std::pair{p, largest + std::log(sum)};
  };
  const auto dual = [&](double a, double b) { return probabilities(a, b).second - b * variance; };
  double a = 0, b = 0;
  for (int iteration = 0; iteration < 200; ++iteration) {
    const auto [p, log_z] = probabilities(a, b);
    std::array<double, 4> m{};  // E v, E v², E v³, E v⁴
    for (std::size_t k = 0; k < noises.size(); ++k) {
      double power = 1;
      for (auto& moment : m) moment += p[k] * (power *= noises[k]);
    }
    const double g1 = m[0], g2 = m[1] - variance;
    if (std::abs(g1) < 1e-13 && std::abs(g2) < 1e-13) return p;
    const double h11 = m[1] - m[0] * m[0], h12 = m[2] - m[0] * m[1], h22 = m[3] - m[1] * m[1];
    const double det = h11 * h22 - h12 * h12;
    if (!(det > 1e-300)) break;
    const double da = -(h22 * g1 - h12 * g2) / det, db = -(h11 * g2 - h12 * g1) / det;
    const double before = log_z - b * variance;
    double step = 1;
    while (step > 1e-12 && dual(a + step * da, b + step * db) > before + 1e-4 * step * (g1 * da + g2 * db)) step /= 2;
    a += step * da;
    b += step * db;
  }
  throw std::invalid_argument("no noise distribution with that variance within the bound");
}

}  // namespace

perturbation_table::perturbation_table(int max_noise, double variance) : max_noise_(max_noise), variance_(variance) {
  if (max_noise < 1 || !(variance > 0) || variance >= static_cast<double>(max_noise) * max_noise) {
    throw std::invalid_argument("the noise needs max_noise >= 1 and 0 < variance < max_noise²");
  }
  for (std::int64_t count = 1; count <= max_noise; ++count) {
    std::vector<int> noises;
    for (int v = -static_cast<int>(std::min<std::int64_t>(count, max_noise)); v <= max_noise; ++v) noises.push_back(v);
    const auto p = maximum_entropy(noises, variance);
    perturbation_row row{count, {}};
    for (std::size_t k = 0; k < noises.size(); ++k) row.noise.emplace_back(noises[k], p[k]);
    rows_.push_back(std::move(row));
  }
}

int perturbation_table::noise(std::int64_t count, std::uint32_t cell_key) const {
  const auto& row =
      rows_.at(static_cast<std::size_t>(std::min<std::int64_t>(std::max<std::int64_t>(count, 1), max_noise_) - 1));
  const double u = std::ldexp(static_cast<double>(cell_key), -32);
  double upper = 0;
  for (const auto& [v, p] : row.noise) {
    upper += p;
    if (u < upper) return v;
  }
  return row.noise.back().first;  // rounding left u above the last sum
}

std::int64_t perturbation_table::published(const people_tally& people) const {
  if (people.count <= 0) return 0;
  return std::max<std::int64_t>(0, people.count + noise(people.count, people.key));
}

}  // namespace kreds::features
