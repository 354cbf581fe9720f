// Property tests of form() and refill() over seeded random pools.
#include "support.hpp"

namespace kreds::matching {
namespace {

using testing::pool_of;
using testing::quick_options;
using testing::require_valid;

TEST_CASE("form: every seeker lands in exactly one network or is unplaced with a reason", "[matching]") {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    for (const std::size_t n : {7u, 23u, 61u, 180u}) {
      const auto pool = pool_of(n, seed, seed % 2 == 0 ? 3 : 1);
      const auto opts = quick_options(seed);
      const auto r = form(pool, opts);
      INFO("seed " << seed << ", n " << n);
      require_valid(pool, opts, r);
    }
  }
}

TEST_CASE("form: network sizes stay within other configured bounds", "[matching]") {
  for (const auto& [low, high] : std::vector<std::pair<int, int>>{{4, 6}, {3, 3}, {8, 12}, {2, 16}}) {
    auto opts = quick_options(3);
    opts.min_size = low;
    opts.max_size = high;
    const auto pool = pool_of(90, 5);
    const auto r = form(pool, opts);
    INFO("sizes " << low << "-" << high);
    require_valid(pool, opts, r);
    REQUIRE(r.summary.networks > 0);
  }
}

TEST_CASE("form: hard constraints hold under strict options and many vetoes", "[matching]") {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    auto pool = make_population({.seekers = 150, .municipalities = 2, .seed = seed, .do_not_group_share = 0.3});
    auto opts = quick_options(seed);
    opts.min_shared_slots = 3;
    opts.max_travel_km = 8;
    opts.working_level = language_level::c1;
    const auto r = form(pool, opts);
    require_valid(pool, opts, r);
    for (const auto& n : r.networks) {
      REQUIRE(static_cast<int>(n.shared_slots.count()) >= 3);
      REQUIRE_FALSE(n.working_language.empty());
    }
  }
}

TEST_CASE("form: networks never cross municipalities", "[matching]") {
  const auto pool = pool_of(400, 9, 8);
  const auto r = form(pool, quick_options(9));
  std::map<seeker_id, std::uint32_t> home;
  for (const auto& s : pool) home[s.id] = s.municipality;
  for (const auto& n : r.networks) {
    for (const auto id : n.members) REQUIRE(home[id] == n.municipality);
  }
}

TEST_CASE("form: the same seed gives the same result, whatever the thread count", "[matching]") {
  const auto pool = pool_of(300, 4, 5);
  auto one = quick_options(17);
  one.threads = 1;
  auto two = quick_options(17);
  two.threads = 2;
  const auto a = form(pool, one);
  const auto b = form(pool, two);
  const auto c = form(pool, two);
  REQUIRE(testing::partition_of(a) == testing::partition_of(b));
  REQUIRE(testing::partition_of(b) == testing::partition_of(c));
  REQUIRE(a.summary.objective == b.summary.objective);
}

TEST_CASE("form: a large municipality is solved per goal family and stitched", "[matching]") {
  // 1,600 seekers crosses the family split threshold.
  const auto pool = pool_of(1600, 21);
  auto opts = quick_options(21);
  opts.search_rounds = 2;
  const auto r = form(pool, opts);
  require_valid(pool, opts, r);
  REQUIRE(r.summary.placed > 1500);
  auto single = opts;
  single.threads = 1;
  REQUIRE(testing::partition_of(form(pool, single)) == testing::partition_of(r));
}

TEST_CASE("form: the heuristic beats the greedy and random baselines", "[matching]") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto pool = pool_of(120, seed);
    const auto opts = quick_options(seed);
    const auto best = form(pool, opts);
    const auto greedy = form_greedy(pool, opts);
    const auto random = form_random(pool, opts);
    require_valid(pool, opts, greedy);
    require_valid(pool, opts, random);
    REQUIRE(best.summary.objective > greedy.summary.objective);
    REQUIRE(best.summary.objective > random.summary.objective);
  }
}

TEST_CASE("form: the report sums up the networks", "[matching]") {
  const auto pool = pool_of(100, 8);
  const auto r = form(pool, quick_options(8));
  int placed = 0;
  double worst = 1e9;
  double sum = 0;
  for (const auto& n : r.networks) {
    placed += static_cast<int>(n.members.size());
    worst = std::min(worst, n.score);
    sum += n.score;
    REQUIRE(n.score == Approx(n.value / static_cast<double>(n.members.size())));
    const auto& t = n.terms;
    REQUIRE(t.placed + t.goal + t.skill + t.schedule + t.place + t.lonely + t.repeat == Approx(n.value));
  }
  REQUIRE(r.summary.placed == placed);
  REQUIRE(r.summary.unplaced == static_cast<int>(r.left_out.size()));
  REQUIRE(r.summary.worst_network_score == Approx(worst));
  REQUIRE(r.summary.mean_network_score == Approx(sum / static_cast<double>(r.networks.size())));
}

TEST_CASE("cancel: a cancelled run stops early and still keeps every hard constraint", "[matching]") {
  const auto pool = pool_of(200, 14, 4);
  std::stop_source source;
  source.request_stop();
  auto opts = quick_options(14);
  opts.stop = source.get_token();
  const auto r = form(pool, opts);
  REQUIRE(r.state == status::cancelled);
  REQUIRE_THAT(r.message, Catch::Contains("cancelled"));
  const auto a = check(pool, opts, r);
  REQUIRE(a.problems.empty());
  REQUIRE(r.summary.hard_violations == 0);
  const auto exact = form_exact(pool_of(20, 3), opts);
  REQUIRE(exact.state == status::cancelled);
  REQUIRE(check(pool_of(20, 3), opts, exact).hard_violations == 0);
}

TEST_CASE("progress: every block of work is reported once, up to the total", "[matching]") {
  const auto pool = pool_of(200, 15, 6);
  auto opts = quick_options(15);
  std::vector<std::pair<int, int>> calls;
  opts.progress = [&](int done, int total) { calls.emplace_back(done, total); };
  const auto r = form(pool, opts);
  REQUIRE(r.state == status::ok);
  REQUIRE_FALSE(calls.empty());
  for (std::size_t i = 0; i < calls.size(); ++i) REQUIRE(calls[i].first == static_cast<int>(i) + 1);
  REQUIRE(calls.back().first == calls.back().second);
}

TEST_CASE("locks: locked networks and pinned members are untouched by a re-run", "[matching]") {
  const auto pool = pool_of(120, 12);
  const auto first = form(pool, quick_options(12));
  REQUIRE(first.networks.size() >= 4);
  std::vector<anchored_network> anchored;
  anchored.push_back({101, first.networks[0].members, true});
  anchored.push_back({102, first.networks[1].members, true});
  // A proposal with two pinned members; the rest of it is re-optimised.
  anchored.push_back({103, {first.networks[2].members[0], first.networks[2].members[1]}, false});
  const auto again = form(pool, quick_options(99), anchored);
  require_valid(pool, quick_options(99), again, anchored);
  std::map<network_id, const network*> by_id;
  for (const auto& n : again.networks) {
    if (!n.is_new) by_id[n.id] = &n;
  }
  REQUIRE(by_id.size() == 3);
  REQUIRE(by_id[101]->members == first.networks[0].members);
  REQUIRE(by_id[101]->locked);
  REQUIRE(by_id[102]->members == first.networks[1].members);
  const auto& pinned = by_id[103]->members;
  REQUIRE(pinned.size() >= 2);
  REQUIRE(pinned[0] == first.networks[2].members[0]);
  REQUIRE(pinned[1] == first.networks[2].members[1]);
  REQUIRE(static_cast<int>(pinned.size()) >= quick_options().min_size);
}

TEST_CASE("refill: newcomers fill open seats without moving anyone already placed", "[matching]") {
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    auto pool = pool_of(200, seed);
    const auto opts = quick_options(seed);
    const auto formed = form(pool, opts);
    std::vector<anchored_network> existing;
    for (const auto& n : formed.networks) existing.push_back({existing.size() + 1, n.members, false});
    // Members found work: every other network loses two.
    for (std::size_t i = 0; i < existing.size(); i += 2) {
      existing[i].members.resize(existing[i].members.size() - 2);
    }
    existing.back().locked = true;
    const auto newcomers = make_population({.seekers = 40, .municipalities = 1, .seed = seed + 100, .first_id = 5000});
    pool.insert(pool.end(), newcomers.begin(), newcomers.end());
    const auto r = refill(pool, existing, opts);
    require_valid(pool, opts, r, existing);
    std::set<seeker_id> already;
    for (const auto& n : existing) already.insert(n.members.begin(), n.members.end());
    int seated = 0;
    for (const auto& n : r.networks) {
      if (n.is_new) continue;
      const auto& before = existing[n.id - 1];
      REQUIRE(std::equal(before.members.begin(), before.members.end(), n.members.begin()));
      if (before.locked) REQUIRE(n.members == before.members);
      for (std::size_t i = before.members.size(); i < n.members.size(); ++i) {
        REQUIRE(already.count(n.members[i]) == 0);
        ++seated;
      }
      REQUIRE(static_cast<int>(n.members.size()) <= opts.max_size);
    }
    REQUIRE(seated > 0);
  }
}

TEST_CASE("refill: a second refill with nobody new changes nothing", "[matching]") {
  const auto everyone = pool_of(80, 6);
  const auto formed = form(everyone, quick_options(6));
  std::set<seeker_id> placed;
  for (const auto& n : formed.networks) placed.insert(n.members.begin(), n.members.end());
  std::vector<seeker> pool;
  for (const auto& s : everyone) {
    if (placed.count(s.id)) pool.push_back(s);
  }
  std::vector<anchored_network> existing;
  for (const auto& n : formed.networks) existing.push_back({existing.size() + 1, n.members, false});
  const auto r = refill(pool, existing, quick_options(7));
  require_valid(pool, quick_options(7), r, existing);
  REQUIRE(r.networks.size() == existing.size());
  for (const auto& n : r.networks) REQUIRE(n.members == existing[n.id - 1].members);
}

}  // namespace
}  // namespace kreds::matching
