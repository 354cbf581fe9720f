#include "search.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <optional>
#include <tuple>
#include <unordered_map>

namespace kreds::matching::detail {

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t salt) noexcept {
  random_stream r(seed ^ (salt * 0xD1B54A32D192ED03ull));
  r.next();
  return r.next();
}

namespace {

constexpr double improvement = 1e-9;
constexpr double impossible = -std::numeric_limits<double>::infinity();
// Construction looks this far ahead in goal order for the next member; far
// enough to cover a whole unit group in most municipalities, short enough to
// keep construction linear.
constexpr std::size_t window = 48;
// Candidate networks per seeker and move round, found through the goal index.
constexpr std::size_t max_candidates = 10;
constexpr std::size_t max_unplaced_candidates = 8;
constexpr std::size_t samples_per_key = 6;
// Swap partners per candidate network whose home side is evaluated too.
constexpr int swap_completions = 1;
// Below this many networks every network is a candidate.
constexpr std::size_t small_block_groups = 24;
// Blocks with at most this many movable seekers get iterated local search
// (ruin and recreate); larger blocks stop after plain local search.
constexpr std::size_t perturbation_limit = 400;
// One seeker's pair terms with the members of one network. Networks stay far
// below this (max_size is at most 16); only an oversized anchored network
// reaches it, and the local search leaves that one alone.
constexpr std::size_t pair_cache_size = 32;
using pair_cache = std::array<pair_terms, pair_cache_size>;

struct group {
  std::vector<std::uint32_t> local;
  std::vector<std::uint32_t> global;
  // Per member: sum of pair terms with the other members, so removing a
  // member costs no pair evaluations.
  std::vector<double> row_quality;
  std::vector<double> row_distance;
  std::vector<double> row_repeat;
  group_stats stats;
  double value = 0;
  std::int64_t anchor = -1;
  bool locked = false;
};

struct snapshot {
  std::vector<group> groups;
  std::vector<std::int32_t> group_of;
  std::vector<int> spare;
};

class block_search {
 public:
  block_search(const instance& inst, const block_input& input, std::uint64_t seed)
      : inst_(inst), opts_(inst.opts()), random_(seed) {
    for (std::size_t i = 0; i < input.anchors.size(); ++i) {
      const auto& a = input.anchors[i];
      const int g = new_group();
      groups_[static_cast<std::size_t>(g)].anchor = static_cast<std::int64_t>(i);
      for (const auto p : a.members) {
        const auto l = add_person(p, false);
        insert(g, l);
        if (!a.locked) index(l);
      }
      groups_[static_cast<std::size_t>(g)].locked = a.locked;
    }
    for (const auto p : input.free) {
      const auto l = add_person(p, true);
      free_.push_back(l);
      index(l);
    }
    mark_.assign(groups_.size() + free_.size() + 1, 0);
  }

  void construct_greedy() {
    auto order = free_;
    std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) { return key(x) < key(y); });
    fill_anchored(order);
    std::vector<std::uint32_t> rest;
    for (const auto a : order) {
      if (group_of_[a] < 0) rest.push_back(a);
    }
    place_leftovers(grow(rest, opts_.min_size));
  }

  void construct_random() {
    auto order = free_;
    random_.shuffle(order);
    std::vector<int> open;
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      if (!groups_[g].locked) open.push_back(static_cast<int>(g));
    }
    random_.shuffle(open);
    std::vector<std::uint32_t> leftovers;
    for (const auto a : order) {
      bool placed = false;
      // First fit among the most recently opened networks keeps this linear.
      const std::size_t look = std::min<std::size_t>(open.size(), 64);
      for (std::size_t i = 0; i < look && !placed; ++i) {
        const int g = open[open.size() - 1 - i];
        if (groups_[static_cast<std::size_t>(g)].local.size() < static_cast<std::size_t>(opts_.max_size) &&
            add_delta(g, a) > impossible) {
          insert(g, a);
          placed = true;
        }
      }
      if (!placed) {
        const int g = new_group();
        insert(g, a);
        open.push_back(g);
      }
    }
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      auto& G = groups_[g];
      if (G.anchor >= 0 || G.local.empty() || G.local.size() >= static_cast<std::size_t>(opts_.min_size)) continue;
      while (!G.local.empty()) {
        leftovers.push_back(G.local.back());
        erase(static_cast<int>(g), G.local.back());
      }
    }
    for (const auto a : leftovers) {
      for (std::size_t g = 0; g < std::min<std::size_t>(groups_.size(), 512); ++g) {
        const auto& G = groups_[g];
        if (G.locked || G.local.empty() || G.local.size() >= static_cast<std::size_t>(opts_.max_size)) continue;
        if (add_delta(static_cast<int>(g), a) > impossible) {
          insert(static_cast<int>(g), a);
          break;
        }
      }
    }
  }

  void improve(bool polish) {
    local_search(opts_.search_rounds);
    if (!polish || global_.size() > perturbation_limit || free_.size() < 2) return;
    // Iterated local search: ruin a few networks, rebuild them from a random
    // order, polish, and keep the result unless it falls more than a
    // fraction below the best (record-to-record travel), so the search can
    // cross shallow valleys; the best state seen is what is returned.
    snapshot best = save();
    double best_total = total();
    std::size_t visits = 0;
    while (visits < static_cast<std::size_t>(opts_.polish_visits) && !opts_.stop.stop_requested()) {
      ruin();
      regroup_unplaced(true);
      visits += local_search(8);
      const double now = total();
      if (now > best_total + improvement) {
        best_total = now;
        best = save();
      } else if (now < best_total - 0.004 * std::abs(best_total)) {
        restore(best);
      }
    }
    restore(best);
  }

  block_output output() const {
    block_output out;
    for (const auto& G : groups_) {
      if (G.local.empty() && G.anchor < 0) continue;
      out.groups.push_back({G.global, G.anchor, G.value});
    }
    for (const auto a : free_) {
      if (group_of_[a] < 0) out.unplaced.push_back(global_[a]);
    }
    return out;
  }

 private:
  std::uint32_t add_person(std::uint32_t p, bool movable) {
    global_.push_back(p);
    movable_.push_back(movable ? 1 : 0);
    group_of_.push_back(-1);
    return static_cast<std::uint32_t>(global_.size() - 1);
  }

  static std::uint32_t level_key(std::uint16_t code, int level) {
    if (level == 0) return code;
    if (level == 1) return 20000u + code / 10u;
    return 40000u + code / 100u;
  }

  void index(std::uint32_t l) {
    const person& p = inst_.at(global_[l]);
    for (int i = 0; i < p.goal_count; ++i) {
      const int levels = p.goals[static_cast<std::size_t>(i)] >= education_code ? 1 : 3;
      for (int level = 0; level < levels; ++level)
        index_[level_key(p.goals[static_cast<std::size_t>(i)], level)].push_back(l);
    }
  }

  // Construction order: main goal, then place, so neighbours in the order
  // are natural network mates.
  std::tuple<std::uint16_t, std::int64_t, seeker_id> key(std::uint32_t l) const {
    const person& p = inst_.at(global_[l]);
    return {p.goals[0], static_cast<std::int64_t>(p.north_km * 4) * 4096 + static_cast<std::int64_t>(p.east_km * 4),
            p.id};
  }

  int new_group() {
    if (!spare_.empty()) {
      const int g = spare_.back();
      spare_.pop_back();
      return g;
    }
    groups_.emplace_back();
    if (mark_.size() < groups_.size() + 1) mark_.resize(groups_.size() * 2 + 1, 0);
    return static_cast<int>(groups_.size() - 1);
  }

  bool mobile(std::uint32_t person_index) const { return inst_.at(person_index).mode != meeting_mode::online; }

  void insert(int g, std::uint32_t a) {
    auto& G = groups_[static_cast<std::size_t>(g)];
    const auto pa = global_[a];
    const bool mobile_a = mobile(pa);
    double rq = 0, rd = 0, rr = 0;
    for (std::size_t i = 0; i < G.global.size(); ++i) {
      const auto t = inst_.pair(pa, G.global[i]);
      G.row_quality[i] += t.quality;
      rq += t.quality;
      G.row_repeat[i] += t.repeat;
      rr += t.repeat;
      if (mobile_a && mobile(G.global[i])) {
        G.row_distance[i] += t.distance;
        rd += t.distance;
      }
      G.stats.allowed = G.stats.allowed && t.allowed;
    }
    const person& p = inst_.at(pa);
    G.stats.pair_quality += rq;
    G.stats.distance += rd;
    G.stats.repeat += rr;
    G.stats.slots = G.local.empty() ? p.slots : (G.stats.slots & p.slots);
    G.stats.languages = G.local.empty() ? p.languages : (G.stats.languages & p.languages);
    G.stats.size += 1;
    G.stats.mobile += mobile_a ? 1 : 0;
    G.local.push_back(a);
    G.global.push_back(pa);
    G.row_quality.push_back(rq);
    G.row_distance.push_back(rd);
    G.row_repeat.push_back(rr);
    G.stats.lonely = inst_.lonely(G.global);
    G.value = inst_.value(G.stats);
    group_of_[a] = g;
  }

  void erase(int g, std::uint32_t a) {
    auto& G = groups_[static_cast<std::size_t>(g)];
    const auto pos = static_cast<std::size_t>(std::find(G.local.begin(), G.local.end(), a) - G.local.begin());
    const auto pa = global_[a];
    const bool mobile_a = mobile(pa);
    G.stats.pair_quality -= G.row_quality[pos];
    G.stats.distance -= G.row_distance[pos];
    G.stats.repeat -= G.row_repeat[pos];
    const auto at = static_cast<std::ptrdiff_t>(pos);
    G.local.erase(G.local.begin() + at);
    G.global.erase(G.global.begin() + at);
    G.row_quality.erase(G.row_quality.begin() + at);
    G.row_distance.erase(G.row_distance.begin() + at);
    G.row_repeat.erase(G.row_repeat.begin() + at);
    for (std::size_t i = 0; i < G.global.size(); ++i) {
      const auto t = inst_.pair(pa, G.global[i]);
      G.row_quality[i] -= t.quality;
      G.row_repeat[i] -= t.repeat;
      if (mobile_a && mobile(G.global[i])) G.row_distance[i] -= t.distance;
    }
    G.stats.size -= 1;
    G.stats.mobile -= mobile_a ? 1 : 0;
    if (G.local.empty()) {
      G.stats = {};
    } else {
      G.stats.slots = ~0u;
      G.stats.languages = ~std::uint64_t{0};
      for (const auto m : G.global) {
        G.stats.slots &= inst_.at(m).slots;
        G.stats.languages &= inst_.at(m).languages;
      }
    }
    G.stats.lonely = inst_.lonely(G.global);
    G.value = inst_.value(G.stats);
    group_of_[a] = -1;
    if (G.local.empty() && G.anchor < 0) spare_.push_back(g);
  }

  bool feasible(const group_stats& s) const {
    return s.allowed && s.languages != 0 && std::popcount(s.slots) >= opts_.min_shared_slots;
  }

  // G's stats without the member at pos (lonely left for the caller).
  group_stats without(const group& G, std::size_t pos) const {
    group_stats s = G.stats;
    s.size -= 1;
    s.pair_quality -= G.row_quality[pos];
    s.distance -= G.row_distance[pos];
    s.repeat -= G.row_repeat[pos];
    if (mobile(G.global[pos])) s.mobile -= 1;
    s.slots = ~0u;
    s.languages = ~std::uint64_t{0};
    for (std::size_t i = 0; i < G.global.size(); ++i) {
      if (i == pos) continue;
      s.slots &= inst_.at(G.global[i]).slots;
      s.languages &= inst_.at(G.global[i]).languages;
    }
    if (s.size == 0) s = {};
    return s;
  }

  // s (stats of G without the member at skip, or all of G when skip < 0)
  // plus the person pa.
  group_stats join(group_stats s, const group& G, std::int64_t skip, std::uint32_t pa) const {
    const person& p = inst_.at(pa);
    const bool mobile_a = p.mode != meeting_mode::online;
    for (std::size_t i = 0; i < G.global.size(); ++i) {
      if (static_cast<std::int64_t>(i) == skip) continue;
      const auto t = inst_.pair(pa, G.global[i]);
      s.pair_quality += t.quality;
      s.repeat += t.repeat;
      if (mobile_a && mobile(G.global[i])) s.distance += t.distance;
      s.allowed = s.allowed && t.allowed;
    }
    s.slots = s.size == 0 ? p.slots : (s.slots & p.slots);
    s.languages = s.size == 0 ? p.languages : (s.languages & p.languages);
    s.size += 1;
    s.mobile += mobile_a ? 1 : 0;
    return s;
  }

  // Gain of adding a to g, or `impossible`.
  double add_delta(int g, std::uint32_t a) const {
    const auto& G = groups_[static_cast<std::size_t>(g)];
    if (G.locked || G.local.size() >= static_cast<std::size_t>(opts_.max_size)) return impossible;
    auto s = join(G.stats, G, -1, global_[a]);
    if (!feasible(s)) return impossible;
    s.lonely = inst_.lonely(G.global, -1, global_[a]);
    return inst_.value(s) - G.value;
  }

  double total() const {
    double t = 0;
    for (const auto& G : groups_) t += G.value;
    return t;
  }

  void fill_anchored(const std::vector<std::uint32_t>& order) {
    std::vector<int> open;
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      const auto& G = groups_[g];
      if (G.anchor >= 0 && !G.locked) open.push_back(static_cast<int>(g));
    }
    if (open.empty()) return;
    for (const auto a : order) {
      if (open.size() > 64) {
        gather(a);
      } else {
        candidates_ = open;
      }
      int best = -1;
      double best_gain = improvement;
      for (const int g : candidates_) {
        if (groups_[static_cast<std::size_t>(g)].anchor < 0) continue;
        const double d = add_delta(g, a);
        if (d > best_gain) {
          best_gain = d;
          best = g;
        }
      }
      if (best >= 0) insert(best, a);
    }
  }

  // Sequential construction: seed a network with the first seeker in order
  // and grow it with the best fitting of the next few; networks that stay
  // below the minimum are undone and their members returned.
  // target 0 picks the size: see below.
  std::vector<std::uint32_t> grow(const std::vector<std::uint32_t>& list, int target = 0) {
    std::vector<std::uint32_t> leftovers;
    const std::size_t n = list.size();
    // A doubly linked list over positions 0..n-1 with n as its sentinel.
    std::vector<std::size_t> next(n + 1);
    std::vector<std::size_t> prev(n + 1);
    for (std::size_t i = 0; i <= n; ++i) {
      next[i] = (i + 1) % (n + 1);
      prev[i] = (i + n) % (n + 1);
    }
    auto unlink = [&](std::size_t i) {
      next[prev[i]] = next[i];
      prev[next[i]] = prev[i];
    };
    // Aim for as many networks as the list needs at the maximum size, at
    // equal sizes, so that a short list is split evenly (26 -> 7+7+6+6)
    // rather than into full networks and an orphaned rest. Full networks
    // keep a seat open for the leftovers of failed seeds.
    const int needed = std::max<int>(1, static_cast<int>((n + static_cast<std::size_t>(opts_.max_size) - 1) /
                                                         static_cast<std::size_t>(opts_.max_size)));
    if (target == 0) {
      target = std::clamp(static_cast<int>(n) / needed, opts_.min_size, opts_.max_size);
      if (target == opts_.max_size && opts_.max_size > opts_.min_size) target -= 1;
    }
    while (next[n] != n) {
      const std::size_t seed = next[n];
      unlink(seed);
      const int g = new_group();
      insert(g, list[seed]);
      while (static_cast<int>(groups_[static_cast<std::size_t>(g)].local.size()) < target) {
        std::size_t best = n;
        double best_gain = impossible;
        std::size_t looked = 0;
        for (std::size_t i = next[n]; i != n && looked < window; i = next[i], ++looked) {
          const double d = add_delta(g, list[i]);
          if (d > best_gain) {
            best_gain = d;
            best = i;
          }
        }
        if (best == n) break;
        unlink(best);
        insert(g, list[best]);
      }
      auto& G = groups_[static_cast<std::size_t>(g)];
      if (static_cast<int>(G.local.size()) < opts_.min_size) {
        while (!G.local.empty()) {
          const auto a = G.local.back();
          erase(g, a);
          leftovers.push_back(a);
        }
      }
    }
    return leftovers;
  }

  void place_leftovers(const std::vector<std::uint32_t>& leftovers) {
    for (const auto a : leftovers) {
      gather(a);
      int best = -1;
      double best_gain = impossible;
      for (const int g : candidates_) {
        const double d = add_delta(g, a);
        if (d > best_gain) {
          best_gain = d;
          best = g;
        }
      }
      if (best >= 0) insert(best, a);
    }
  }

  std::size_t live_groups() const { return groups_.size() - spare_.size(); }

  // Candidate networks (and unplaced swap partners) for a: the networks of
  // people with the same or a close goal, sampled so that large goal groups
  // cost no more than small ones, plus two at random for variety.
  void gather(std::uint32_t a) {
    candidates_.clear();
    unplaced_candidates_.clear();
    ++stamp_;
    if (live_groups() <= small_block_groups) {
      for (std::size_t g = 0; g < groups_.size(); ++g) {
        if (!groups_[g].locked && !groups_[g].local.empty()) candidates_.push_back(static_cast<int>(g));
      }
      for (const auto b : free_) {
        if (b != a && group_of_[b] < 0 && unplaced_candidates_.size() < 2 * max_unplaced_candidates) {
          unplaced_candidates_.push_back(b);
        }
      }
      return;
    }
    const person& p = inst_.at(global_[a]);
    auto consider = [&](std::uint32_t b) {
      if (b == a) return;
      const int g = group_of_[b];
      if (g >= 0) {
        if (mark_[static_cast<std::size_t>(g)] != stamp_ && !groups_[static_cast<std::size_t>(g)].locked) {
          mark_[static_cast<std::size_t>(g)] = stamp_;
          candidates_.push_back(g);
        }
      } else if (movable_[b] && unplaced_candidates_.size() < max_unplaced_candidates) {
        unplaced_candidates_.push_back(b);
      }
    };
    for (int level = 0; level < 3 && candidates_.size() < max_candidates; ++level) {
      for (int i = 0; i < p.goal_count && candidates_.size() < max_candidates; ++i) {
        const auto code = p.goals[static_cast<std::size_t>(i)];
        if (level > 0 && code >= education_code) continue;
        const auto it = index_.find(level_key(code, level));
        if (it == index_.end()) continue;
        const auto& list = it->second;
        if (list.size() <= samples_per_key) {
          for (const auto b : list) consider(b);
        } else {
          for (std::size_t s = 0; s < samples_per_key; ++s)
            consider(list[random_.below(static_cast<std::uint32_t>(list.size()))]);
        }
      }
    }
    for (int r = 0; r < 2 && !groups_.empty(); ++r) {
      const auto g = random_.below(static_cast<std::uint32_t>(groups_.size()));
      if (mark_[g] != stamp_ && !groups_[g].locked && !groups_[g].local.empty()) {
        mark_[g] = stamp_;
        candidates_.push_back(static_cast<int>(g));
      }
    }
  }

  enum class move_kind : std::uint8_t { none, leave, move, swap, replace };

  // The best move found so far for one seeker. A move is only worth taking
  // when it gains more than `improvement`, and a later one must gain strictly
  // more, so among equal gains the one found first wins.
  struct best_move {
    move_kind kind = move_kind::none;
    double gain = improvement;
    int target = -1;            // move, swap: the network the mover joins
    std::uint32_t partner = 0;  // swap, replace: the seeker who takes the mover's seat

    void offer(move_kind what, double value_gain, int into = -1, std::uint32_t with = 0) {
      if (!(value_gain > gain)) return;
      kind = what;
      gain = value_gain;
      target = into;
      partner = with;
    }
  };

  // Where the mover sits now, and what its network is worth without it.
  struct home_seat {
    int index = -1;                  // the mover's network, or -1 when the mover is unplaced
    const group* network = nullptr;  // groups_[index], or null when unplaced
    std::size_t position = 0;        // the mover's position in it
    group_stats rest{};              // its stats without the mover, lonely count included
    double leave_gain = 0;           // its value change when the mover leaves
    bool can_leave = false;          // it keeps at least min_size members without the mover
  };

  home_seat home_of(std::uint32_t mover) const {
    home_seat home;
    home.index = group_of_[mover];
    if (home.index < 0) return home;
    const group& network = groups_[static_cast<std::size_t>(home.index)];
    home.network = &network;
    home.position =
        static_cast<std::size_t>(std::find(network.local.begin(), network.local.end(), mover) - network.local.begin());
    home.rest = without(network, home.position);
    home.rest.lonely = inst_.lonely(network.global, global_[mover], -1);
    home.leave_gain = inst_.value(home.rest) - network.value;
    // Even a given network keeps at least min_size once it has it.
    home.can_leave = static_cast<int>(network.local.size()) > opts_.min_size;
    return home;
  }

  // join() for the mover, with its pair terms against G's members taken from
  // `pairs` (pairs[i] belongs to G.global[i]) instead of recomputed.
  group_stats join_cached(group_stats s, const group& G, std::int64_t skip, const person& mover,
                          const pair_cache& pairs) const {
    const bool mobile_mover = mover.mode != meeting_mode::online;
    for (std::size_t i = 0; i < G.global.size(); ++i) {
      if (static_cast<std::int64_t>(i) == skip) continue;
      s.pair_quality += pairs[i].quality;
      s.repeat += pairs[i].repeat;
      if (mobile_mover && mobile(G.global[i])) s.distance += pairs[i].distance;
      s.allowed = s.allowed && pairs[i].allowed;
    }
    s.slots = s.size == 0 ? mover.slots : (s.slots & mover.slots);
    s.languages = s.size == 0 ? mover.languages : (s.languages & mover.languages);
    s.size += 1;
    s.mobile += mobile_mover ? 1 : 0;
    return s;
  }

  // The home network's value change when `partner` takes the mover's seat,
  // or nothing when that breaks a hard constraint.
  std::optional<double> seat_taken_gain(const home_seat& home, std::uint32_t mover, std::uint32_t partner) const {
    auto s = join(home.rest, *home.network, static_cast<std::int64_t>(home.position), global_[partner]);
    if (!feasible(s)) return std::nullopt;
    s.lonely = inst_.lonely(home.network->global, global_[mover], global_[partner]);
    return inst_.value(s) - home.network->value;
  }

  // The mover joins the target network as an extra member.
  void consider_move(std::uint32_t mover, const home_seat& home, int target, const pair_cache& pairs,
                     best_move& best) const {
    const group& network = groups_[static_cast<std::size_t>(target)];
    if (network.global.size() >= static_cast<std::size_t>(opts_.max_size)) return;
    if (home.index >= 0 && !home.can_leave) return;
    auto s = join_cached(network.stats, network, -1, inst_.at(global_[mover]), pairs);
    if (!feasible(s)) return;
    s.lonely = inst_.lonely(network.global, -1, global_[mover]);
    best.offer(move_kind::move, inst_.value(s) - network.value + (home.index >= 0 ? home.leave_gain : 0.0), target);
  }

  // Swaps: score the target network's side for every movable member, then
  // finish the most promising (all of them in a small block), since the home
  // side costs pair evaluations of its own.
  void consider_swaps(std::uint32_t mover, const home_seat& home, int target, const pair_cache& pairs,
                      best_move& best) const {
    const group& network = groups_[static_cast<std::size_t>(target)];
    const auto mover_person = global_[mover];
    std::array<std::pair<double, std::size_t>, pair_cache_size> sides;  // (gain on the target's side, seat)
    std::size_t side_count = 0;
    for (std::size_t seat = 0; seat < network.global.size(); ++seat) {
      if (!movable_[network.local[seat]]) continue;
      const auto skip = static_cast<std::int64_t>(seat);
      auto s = join_cached(without(network, seat), network, skip, inst_.at(mover_person), pairs);
      if (!feasible(s)) continue;
      s.lonely = inst_.lonely(network.global, network.global[seat], mover_person);
      sides[side_count++] = {inst_.value(s) - network.value, seat};
    }
    const bool exhaustive = live_groups() <= small_block_groups;
    if (!exhaustive && side_count > static_cast<std::size_t>(swap_completions)) {
      const auto sides_end = sides.begin() + static_cast<std::ptrdiff_t>(side_count);
      std::partial_sort(sides.begin(), sides.begin() + swap_completions, sides_end, [](const auto& x, const auto& y) {
        return x.first > y.first || (x.first == y.first && x.second < y.second);
      });
      side_count = static_cast<std::size_t>(swap_completions);
    }
    for (std::size_t c = 0; c < side_count; ++c) {
      const auto partner = network.local[sides[c].second];
      double gain = sides[c].first;
      if (home.network != nullptr) {
        const auto home_gain = seat_taken_gain(home, mover, partner);
        if (!home_gain) continue;
        gain += *home_gain;
      }
      best.offer(move_kind::swap, gain, target, partner);
    }
  }

  // Replacements: an unplaced candidate takes the (placed) mover's seat.
  void consider_replacements(std::uint32_t mover, const home_seat& home, best_move& best) const {
    for (const auto partner : unplaced_candidates_) {
      if (group_of_[partner] >= 0) continue;
      if (const auto gain = seat_taken_gain(home, mover, partner)) best.offer(move_kind::replace, *gain, -1, partner);
    }
  }

  // Carries out the chosen move. False when there is none.
  bool apply(std::uint32_t mover, int home, const best_move& best) {
    switch (best.kind) {
      case move_kind::none:
        return false;
      case move_kind::leave:
        erase(home, mover);
        break;
      case move_kind::move:
        if (home >= 0) erase(home, mover);
        insert(best.target, mover);
        break;
      case move_kind::swap:
        if (home >= 0) erase(home, mover);
        erase(best.target, best.partner);
        insert(best.target, mover);
        if (home >= 0) insert(home, best.partner);
        break;
      case move_kind::replace:
        erase(home, mover);
        insert(home, best.partner);
        break;
    }
    return true;
  }

  // The best improving move for the mover, applied. True if one was found.
  // Moves are tried in a fixed order: leaving, then per candidate network
  // joining it and swapping with its members, then replacement by an
  // unplaced seeker.
  bool improve_one(std::uint32_t mover) {
    gather(mover);
    const home_seat home = home_of(mover);
    best_move best;
    if (home.can_leave) best.offer(move_kind::leave, home.leave_gain);
    pair_cache pairs{};
    for (const int target : candidates_) {
      if (target == home.index) continue;
      const group& network = groups_[static_cast<std::size_t>(target)];
      if (network.global.size() >= pairs.size()) continue;  // only an oversized anchored network
      for (std::size_t i = 0; i < network.global.size(); ++i) pairs[i] = inst_.pair(global_[mover], network.global[i]);
      consider_move(mover, home, target, pairs, best);
      consider_swaps(mover, home, target, pairs, best);
    }
    if (home.network != nullptr) consider_replacements(mover, home, best);
    return apply(mover, home.index, best);
  }

  // Returns the number of seeker visits spent.
  std::size_t local_search(int rounds) {
    auto order = free_;
    std::size_t visits = 0;
    for (int r = 0; r < rounds && !opts_.stop.stop_requested(); ++r) {
      random_.shuffle(order);
      const double before = total();
      int moves = 0;
      for (const auto a : order) moves += improve_one(a) ? 1 : 0;
      visits += order.size();
      const int unplaced = static_cast<int>(
          std::count_if(free_.begin(), free_.end(), [&](std::uint32_t a) { return group_of_[a] < 0; }));
      if (unplaced >= opts_.min_size) regroup_unplaced();
      // A round that gains less than 0.02% says the search has converged.
      if (moves == 0 || total() - before <= 2e-4 * std::max(1.0, std::abs(before))) break;
    }
    return visits + 1;
  }

  // shuffled: rebuild from a random order with a random network size, so
  // the perturbation explores other network counts too (several small
  // networks can beat fewer full ones).
  void regroup_unplaced(bool shuffled = false) {
    std::vector<std::uint32_t> list;
    for (const auto a : free_) {
      if (group_of_[a] < 0) list.push_back(a);
    }
    if (list.empty()) return;
    int target = 0;
    if (shuffled) {
      random_.shuffle(list);
      target = opts_.min_size +
               static_cast<int>(random_.below(static_cast<std::uint32_t>(opts_.max_size - opts_.min_size + 1)));
    } else {
      std::sort(list.begin(), list.end(), [&](std::uint32_t x, std::uint32_t y) { return key(x) < key(y); });
    }
    if (static_cast<int>(list.size()) >= opts_.min_size) {
      place_leftovers(grow(list, target));
    } else {
      place_leftovers(list);
    }
  }

  // Ruin: dissolve one to four random networks of this run. Given networks
  // are left alone, so a pinned proposal that reached min_size keeps it.
  void ruin() {
    std::vector<int> live;
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      if (groups_[g].anchor < 0 && !groups_[g].local.empty()) live.push_back(static_cast<int>(g));
    }
    if (live.empty()) return;
    const int count =
        1 + static_cast<int>(random_.below(static_cast<std::uint32_t>(std::min<std::size_t>(live.size(), 4))));
    for (int c = 0; c < count && !live.empty(); ++c) {
      const auto pick = random_.below(static_cast<std::uint32_t>(live.size()));
      const int g = live[pick];
      live.erase(live.begin() + pick);
      auto members = groups_[static_cast<std::size_t>(g)].local;
      for (const auto m : members) {
        if (movable_[m]) erase(g, m);
      }
    }
  }

  snapshot save() const { return {groups_, group_of_, spare_}; }
  void restore(const snapshot& s) {
    groups_ = s.groups;
    group_of_ = s.group_of;
    spare_ = s.spare;
  }

  const instance& inst_;
  const options& opts_;
  random_stream random_;
  std::vector<std::uint32_t> global_;
  std::vector<char> movable_;
  std::vector<std::int32_t> group_of_;
  std::vector<group> groups_;
  std::vector<int> spare_;
  std::vector<std::uint32_t> free_;
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> index_;
  std::vector<int> candidates_;
  std::vector<std::uint32_t> unplaced_candidates_;
  std::vector<std::uint32_t> mark_;
  std::uint32_t stamp_ = 0;
};

}  // namespace

block_output solve_block(const instance& inst, const block_input& input, method how, std::uint64_t seed) {
  block_search search(inst, input, seed);
  switch (how) {
    case method::random:
      search.construct_random();
      break;
    case method::greedy:
      search.construct_greedy();
      break;
    case method::search:
      search.construct_greedy();
      search.improve(input.polish);
      break;
  }
  return search.output();
}

}  // namespace kreds::matching::detail
