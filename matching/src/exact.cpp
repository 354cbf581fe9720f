#include "exact.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace kreds::matching::detail {
namespace {

constexpr double tolerance = 1e-7;
// Beyond this many feasible networks the enumeration would not fit in memory
// comfortably (16 bytes each); the heuristic's answer is returned unproven.
constexpr std::size_t max_columns = 40'000'000;

struct column {
  std::uint64_t mask = 0;
  double value = 0;
  double reduced = 0;  // value minus the dual prices of its members
};

// Depth-first enumeration of every network of free seekers that meets the
// hard constraints. All constraints are monotone (adding a member can only
// break them), so a failing prefix is never extended.
class enumerator {
 public:
  enumerator(const instance& inst, const std::vector<std::uint32_t>& free) : inst_(inst), free_(free) {
    const std::size_t n = free.size();
    terms_.resize(n * n);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (i != j) terms_[i * n + j] = inst.pair(free[i], free[j]);
      }
    }
    // Local kind ids, so counting lonely kinds is an array update.
    std::vector<std::uint32_t> all;
    for (const auto p : free) {
      for (const auto k : inst.kinds(inst.at(p))) all.push_back(k);
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    kinds_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      for (const auto k : inst.kinds(inst.at(free[i]))) {
        kinds_[i].push_back(static_cast<std::uint32_t>(std::lower_bound(all.begin(), all.end(), k) - all.begin()));
      }
    }
    kind_count_.assign(all.size(), 0);
  }

  bool run() {
    members_.clear();
    go(0, group_stats{});
    return !overflow_;
  }

  std::vector<column> columns;

 private:
  void go(std::size_t start, const group_stats& s) {
    const auto& opts = inst_.opts();
    const std::size_t n = free_.size();
    if (static_cast<int>(members_.size()) >= opts.min_size) {
      if (columns.size() >= max_columns) {
        overflow_ = true;
        return;
      }
      group_stats full = s;
      full.lonely = lonely_;
      std::uint64_t mask = 0;
      for (const auto m : members_) mask |= std::uint64_t{1} << m;
      columns.push_back({mask, inst_.value(full), 0});
    }
    if (static_cast<int>(members_.size()) >= opts.max_size || overflow_) return;
    for (std::size_t j = start; j < n; ++j) {
      const person& p = inst_.at(free_[j]);
      group_stats t = s;
      const bool mobile_j = p.mode != meeting_mode::online;
      bool ok = true;
      for (const auto m : members_) {
        const auto& pt = terms_[j * n + m];
        if (!pt.allowed) {
          ok = false;
          break;
        }
        t.pair_quality += pt.quality;
        t.repeat += pt.repeat;
        if (mobile_j && inst_.at(free_[m]).mode != meeting_mode::online) t.distance += pt.distance;
      }
      if (!ok) continue;
      t.slots = members_.empty() ? p.slots : (t.slots & p.slots);
      t.languages = members_.empty() ? p.languages : (t.languages & p.languages);
      if (t.languages == 0 || std::popcount(t.slots) < opts.min_shared_slots) continue;
      t.size += 1;
      t.mobile += mobile_j ? 1 : 0;
      members_.push_back(static_cast<std::uint32_t>(j));
      for (const auto k : kinds_[j]) {
        if (kind_count_[k] == 0) ++lonely_;
        if (kind_count_[k] == 1) --lonely_;
        ++kind_count_[k];
      }
      go(j + 1, t);
      for (const auto k : kinds_[j]) {
        --kind_count_[k];
        if (kind_count_[k] == 0) --lonely_;
        if (kind_count_[k] == 1) ++lonely_;
      }
      members_.pop_back();
      if (overflow_) return;
    }
  }

  const instance& inst_;
  const std::vector<std::uint32_t>& free_;
  std::vector<pair_terms> terms_;
  std::vector<std::vector<std::uint32_t>> kinds_;
  std::vector<int> kind_count_;
  std::vector<std::uint32_t> members_;
  int lonely_ = 0;
  bool overflow_ = false;
};

// The LP relaxation of set packing (max sum v x, each seeker covered at most
// once, at most floor(n / min_size) networks, x >= 0) by a dense revised
// simplex over a growing subset of columns. Its optimal dual prices give the
// bound for the branch and bound: any packing of a set S of seekers is worth
// at most the sum of their prices plus the network-count price times
// floor(|S| / min_size). The count row matters when n is just short of a
// multiple of min_size, where the plain relaxation is loose.
class packing_lp {
 public:
  packing_lp(std::size_t seekers, double max_groups, const std::vector<column>& all)
      : m_(seekers + 1), max_groups_(max_groups), all_(all), active_flag_(all.size(), 0) {}

  std::vector<double> solve() {
    // Start from the columns with the highest value per member.
    std::vector<std::size_t> order(all_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    const std::size_t first = std::min<std::size_t>(order.size(), 2000);
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(first), order.end(),
                      [&](std::size_t a, std::size_t b) {
                        return all_[a].value / std::popcount(all_[a].mask) >
                               all_[b].value / std::popcount(all_[b].mask);
                      });
    for (std::size_t i = 0; i < first; ++i) activate(order[i]);
    reset_basis();
    for (int round = 0; round < 500; ++round) {
      simplex();
      const auto y = duals();
      // Full pricing: bring in the most attractive columns left out.
      std::vector<std::pair<double, std::size_t>> attractive;
      for (std::size_t c = 0; c < all_.size(); ++c) {
        if (active_flag_[c]) continue;
        const double rc = all_[c].value - price(all_[c].mask, y) - y[m_ - 1];
        if (rc > tolerance) attractive.emplace_back(-rc, c);
      }
      if (attractive.empty()) return y;
      const std::size_t take = std::min<std::size_t>(attractive.size(), 1000);
      std::partial_sort(attractive.begin(), attractive.begin() + static_cast<std::ptrdiff_t>(take), attractive.end());
      for (std::size_t i = 0; i < take; ++i) activate(attractive[i].second);
    }
    return duals();
  }

  static double price(std::uint64_t mask, const std::vector<double>& y) {
    double s = 0;
    while (mask) {
      s += y[static_cast<std::size_t>(std::countr_zero(mask))];
      mask &= mask - 1;
    }
    return s;
  }

 private:
  void activate(std::size_t c) {
    if (active_flag_[c]) return;
    active_flag_[c] = 1;
    active_.push_back(c);
  }

  void reset_basis() {
    inverse_.assign(m_ * m_, 0.0);
    for (std::size_t i = 0; i < m_; ++i) inverse_[i * m_ + i] = 1.0;
    basis_.assign(m_, 0);
    for (std::size_t i = 0; i < m_; ++i) basis_[i] = i;  // slack i
    cost_.assign(m_, 0.0);
    x_.assign(m_, 1.0);
    x_[m_ - 1] = max_groups_;
  }

  std::vector<double> duals() const {
    std::vector<double> y(m_, 0.0);
    for (std::size_t i = 0; i < m_; ++i) {
      if (cost_[i] == 0) continue;
      for (std::size_t j = 0; j < m_; ++j) y[j] += cost_[i] * inverse_[i * m_ + j];
    }
    return y;
  }

  // Variables: 0..m-1 are slacks, m + i is active column i.
  void simplex() {
    std::vector<double> d(m_);
    int degenerate = 0;
    for (int iteration = 0; iteration < 200000; ++iteration) {
      const auto y = duals();
      const bool bland = degenerate > 50;
      std::size_t enter = std::numeric_limits<std::size_t>::max();
      double best = tolerance;
      for (std::size_t e = 0; e < m_ && !(bland && enter != std::numeric_limits<std::size_t>::max()); ++e) {
        if (-y[e] > best) {
          best = -y[e];
          enter = e;
        }
      }
      for (std::size_t i = 0; i < active_.size() && !(bland && enter != std::numeric_limits<std::size_t>::max()); ++i) {
        const auto& c = all_[active_[i]];
        const double rc = c.value - price(c.mask, y) - y[m_ - 1];
        if (rc > best) {
          best = rc;
          enter = m_ + i;
        }
      }
      if (enter == std::numeric_limits<std::size_t>::max()) return;
      for (std::size_t r = 0; r < m_; ++r) {
        if (enter < m_) {
          d[r] = inverse_[r * m_ + enter];
        } else {
          double s = inverse_[r * m_ + m_ - 1];
          std::uint64_t mask = all_[active_[enter - m_]].mask;
          while (mask) {
            s += inverse_[r * m_ + static_cast<std::size_t>(std::countr_zero(mask))];
            mask &= mask - 1;
          }
          d[r] = s;
        }
      }
      std::size_t leave = m_;
      double ratio = std::numeric_limits<double>::infinity();
      for (std::size_t r = 0; r < m_; ++r) {
        if (d[r] <= 1e-11) continue;
        const double t = x_[r] / d[r];
        if (t < ratio - 1e-12 || (t <= ratio + 1e-12 && leave < m_ && basis_[r] < basis_[leave])) {
          ratio = t;
          leave = r;
        }
      }
      if (leave == m_) return;  // unbounded cannot happen with x <= 1 rows; stop safely
      degenerate = ratio <= 1e-12 ? degenerate + 1 : 0;
      const double pivot = d[leave];
      for (std::size_t j = 0; j < m_; ++j) inverse_[leave * m_ + j] /= pivot;
      x_[leave] /= pivot;
      for (std::size_t r = 0; r < m_; ++r) {
        if (r == leave || d[r] == 0) continue;
        const double f = d[r];
        for (std::size_t j = 0; j < m_; ++j) inverse_[r * m_ + j] -= f * inverse_[leave * m_ + j];
        x_[r] -= f * x_[leave];
        if (x_[r] < 0 && x_[r] > -1e-12) x_[r] = 0;
      }
      basis_[leave] = enter;
      cost_[leave] = enter < m_ ? 0.0 : all_[active_[enter - m_]].value;
    }
  }

  std::size_t m_;
  double max_groups_;
  const std::vector<column>& all_;
  std::vector<char> active_flag_;
  std::vector<std::size_t> active_;
  std::vector<double> inverse_;
  std::vector<std::size_t> basis_;
  std::vector<double> cost_;
  std::vector<double> x_;
};

class branch_and_bound {
 public:
  branch_and_bound(std::size_t n, std::vector<column> columns, std::vector<double> price, double group_price,
                   int min_size, double incumbent, std::uint64_t node_limit, std::stop_token stop)
      : n_(n),
        price_(std::move(price)),
        group_price_(group_price),
        min_size_(min_size),
        best_(incumbent),
        limit_(node_limit),
        stop_(std::move(stop)) {
    lists_.resize(n);
    for (auto& c : columns) lists_[static_cast<std::size_t>(std::countr_zero(c.mask))].push_back(c);
    for (auto& l : lists_) {
      std::sort(l.begin(), l.end(), [](const column& a, const column& b) {
        return a.reduced > b.reduced || (a.reduced == b.reduced && a.mask < b.mask);
      });
    }
  }

  // True when the search completed (the best is proven optimal).
  bool run() {
    const std::uint64_t all = n_ == 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << n_) - 1);
    double sum = 0;
    for (std::size_t e = 0; e < n_; ++e) sum += price_[e];
    go(all, 0.0, sum);
    return !aborted_;
  }

  bool improved() const { return improved_; }
  double best() const { return best_; }
  const std::vector<std::uint64_t>& chosen() const { return best_chosen_; }
  std::uint64_t nodes() const { return nodes_; }

 private:
  void go(std::uint64_t available, double value, double price_left) {
    if (aborted_) return;
    if (++nodes_ > limit_ || ((nodes_ & 0xFFF) == 0 && stop_.stop_requested())) {
      aborted_ = true;
      return;
    }
    const double groups_left = group_price_ * static_cast<double>(std::popcount(available) / min_size_);
    if (value + price_left + groups_left <= best_ + tolerance) return;
    if (available == 0) {
      best_ = value;
      best_chosen_ = stack_;
      improved_ = true;
      return;
    }
    const auto e = static_cast<std::size_t>(std::countr_zero(available));
    for (const auto& c : lists_[e]) {
      // Columns come by reduced cost, and no child bound exceeds this one.
      if (value + price_left + c.reduced + groups_left <= best_ + tolerance) break;
      if (c.mask & ~available) continue;
      stack_.push_back(c.mask);
      go(available & ~c.mask, value + c.value, price_left - (c.value - c.reduced - group_price_));
      stack_.pop_back();
      if (aborted_) return;
    }
    go(available & ~(std::uint64_t{1} << e), value, price_left - price_[e]);
  }

  std::size_t n_;
  std::vector<std::vector<column>> lists_;
  std::vector<double> price_;
  double group_price_;
  int min_size_;
  double best_;
  std::uint64_t limit_;
  std::stop_token stop_;
  std::uint64_t nodes_ = 0;
  bool aborted_ = false;
  bool improved_ = false;
  std::vector<std::uint64_t> stack_;
  std::vector<std::uint64_t> best_chosen_;
};

}  // namespace

exact_outcome solve_block_exact(const instance& inst, const block_input& input, const block_output& incumbent,
                                std::uint64_t node_limit) {
  exact_outcome out;
  out.best = incumbent;
  const std::size_t n = input.free.size();
  if (n == 0) {
    out.optimal = true;
    return out;
  }
  if (n > 64) return out;

  double incumbent_value = 0;
  for (const auto& g : incumbent.groups) {
    if (g.anchor < 0) incumbent_value += inst.evaluate(g.members).value;
  }

  enumerator en(inst, input.free);
  if (!en.run()) {
    out.slack = std::numeric_limits<double>::infinity();
    return out;
  }
  out.networks_enumerated = en.columns.size();
  auto columns = std::move(en.columns);
  if (columns.empty()) {
    out.optimal = incumbent_value <= tolerance;
    return out;
  }

  const int min_size = inst.opts().min_size;
  packing_lp lp(n, static_cast<double>(static_cast<int>(n) / min_size), columns);
  auto price = lp.solve();
  // Make the prices a feasible dual exactly (the simplex stops within a
  // tolerance): no negative price, and every column covered by its members
  // and the network-count price.
  const double group_price = std::max(0.0, price[n]);
  price.resize(n);
  for (auto& p : price) p = std::max(0.0, p);
  std::vector<double> raise(n, 0.0);
  for (const auto& c : columns) {
    const double deficit = c.value - packing_lp::price(c.mask, price) - group_price;
    if (deficit <= 0) continue;
    const double share = deficit / std::popcount(c.mask);
    for (std::uint64_t m = c.mask; m; m &= m - 1) {
      auto& r = raise[static_cast<std::size_t>(std::countr_zero(m))];
      r = std::max(r, share);
    }
  }
  for (std::size_t e = 0; e < n; ++e) price[e] += raise[e];
  for (auto& c : columns) c.reduced = c.value - packing_lp::price(c.mask, price) - group_price;

  double lp_bound = group_price * static_cast<double>(static_cast<int>(n) / min_size);
  for (const auto p : price) lp_bound += p;
  branch_and_bound search(n, std::move(columns), price, group_price, min_size, incumbent_value, node_limit,
                          inst.opts().stop);
  out.optimal = search.run();
  if (!out.optimal) out.slack = std::max(0.0, lp_bound - search.best());
  out.nodes = search.nodes();
  if (search.improved()) {
    block_output better;
    for (const auto& g : incumbent.groups) {
      if (g.anchor >= 0) better.groups.push_back(g);
    }
    std::uint64_t used = 0;
    for (const auto mask : search.chosen()) {
      block_group g;
      for (std::uint64_t m = mask; m; m &= m - 1)
        g.members.push_back(input.free[static_cast<std::size_t>(std::countr_zero(m))]);
      g.value = inst.evaluate(g.members).value;
      better.groups.push_back(std::move(g));
      used |= mask;
    }
    for (std::size_t e = 0; e < n; ++e) {
      if (!(used & (std::uint64_t{1} << e))) better.unplaced.push_back(input.free[e]);
    }
    out.best = std::move(better);
  }
  return out;
}

}  // namespace kreds::matching::detail
