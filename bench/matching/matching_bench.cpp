// matching_bench: the matching engine's benchmark. Prints one JSON object per
// line per case (see docs/matching.md for the cases and the goals). Usage:
//   matching_bench [--case exact|pool_1000|pool_10000|national_150000|refill_1pct|all] [--seeds N]
// Peak RSS is the process's (getrusage), so run one case per process when
// the memory figure matters; run.sh does.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "kreds/matching/engine.hpp"
#include "kreds/matching/synthetic.hpp"

namespace {

using namespace kreds::matching;
using clock_type = std::chrono::steady_clock;

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

template <class F>
double timed(F&& f) {
  const auto start = clock_type::now();
  f();
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

struct line {
  std::string text = "{";
  void add(const char* key, const std::string& raw) {
    if (text.size() > 1) text.push_back(',');
    text.push_back('"');
    text.append(key);
    text.append("\":");
    text.append(raw);
  }
  void add(const char* key, double v) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6g", v);
    add(key, std::string(buffer));
  }
  void add(const char* key, int v) { add(key, std::to_string(v)); }
  void add(const char* key, std::size_t v) { add(key, std::to_string(v)); }
  void add(const char* key, bool v) { add(key, std::string(v ? "true" : "false")); }
  void add_text(const char* key, const std::string& v) {
    std::string quoted(1, '"');
    quoted.append(v);
    quoted.push_back('"');
    add(key, quoted);
  }
  void print() {
    std::printf("%s}\n", text.c_str());
    std::fflush(stdout);
  }
};

void common(line& out, const result& heuristic, double seconds, const result& random, const result& greedy) {
  out.add("seconds", seconds);
  out.add("peak_rss_mb", peak_rss_mb());
  out.add("objective", heuristic.summary.objective);
  out.add("worst_network", heuristic.summary.worst_network_score);
  out.add("mean_network", heuristic.summary.mean_network_score);
  out.add("hard_violations", heuristic.summary.hard_violations);
  out.add("networks", heuristic.summary.networks);
  out.add("placed", heuristic.summary.placed);
  out.add("unplaced", heuristic.summary.unplaced);
  out.add("lonely_members", heuristic.summary.lonely_members);
  out.add("random_objective", random.summary.objective);
  out.add("greedy_objective", greedy.summary.objective);
  out.add("random_hard_violations", random.summary.hard_violations);
  out.add("greedy_hard_violations", greedy.summary.hard_violations);
  out.add("better_than_greedy", heuristic.summary.objective > greedy.summary.objective);
}

void exact_cases(int seeds) {
  double gap_sum = 0;
  double gap_max = 0;
  int runs = 0;
  int proven = 0;
  int beat_greedy = 0;
  int violations = 0;
  for (int n = 24; n <= 30; ++n) {
    for (int seed = 1; seed <= seeds; ++seed) {
      const auto pool = make_population({.seekers = static_cast<std::size_t>(n),
                                         .municipalities = 1,
                                         .seed = static_cast<std::uint64_t>(1000 * n + seed)});
      options opts;
      opts.seed = static_cast<std::uint64_t>(seed);
      result heuristic;
      const double seconds = timed([&] { heuristic = form(pool, opts); });
      const auto random = form_random(pool, opts);
      const auto greedy = form_greedy(pool, opts);
      result exact;
      const double exact_seconds = timed([&] { exact = form_exact(pool, opts); });
      line out;
      out.add_text("case", "exact");
      out.add("n", n);
      out.add("seed", seed);
      common(out, heuristic, seconds, random, greedy);
      const double optimum = exact.summary.objective;
      const double gap = optimum > 0 ? 100.0 * (optimum - heuristic.summary.objective) / optimum : 0.0;
      out.add("exact_objective", optimum);
      out.add("gap_pct", gap);
      out.add("exact_seconds", exact_seconds);
      out.add("exact_optimal", exact.summary.optimal);
      out.add("exact_bound", exact.summary.bound);
      out.add("gap_to_bound_pct",
              optimum > 0 ? 100.0 * (exact.summary.bound - heuristic.summary.objective) / exact.summary.bound : 0.0);
      out.add("exact_hard_violations", exact.summary.hard_violations);
      out.print();
      gap_sum += gap;
      gap_max = std::max(gap_max, gap);
      ++runs;
      proven += exact.summary.optimal ? 1 : 0;
      beat_greedy += heuristic.summary.objective > greedy.summary.objective ? 1 : 0;
      violations += heuristic.summary.hard_violations + exact.summary.hard_violations;
    }
  }
  line out;
  out.add_text("case", "exact_summary");
  out.add("runs", runs);
  out.add("mean_gap_pct", runs > 0 ? gap_sum / runs : 0.0);
  out.add("max_gap_pct", gap_max);
  out.add("proven_optimal", proven);
  out.add("better_than_greedy", beat_greedy);
  out.add("hard_violations", violations);
  out.print();
}

void pool_case(const char* name, std::size_t n, int municipalities) {
  const auto pool = make_population({.seekers = n, .municipalities = municipalities, .seed = 7});
  options opts;
  opts.seed = 7;
  result heuristic;
  const double seconds = timed([&] { heuristic = form(pool, opts); });
  const double rss = peak_rss_mb();
  result random;
  result greedy;
  const double greedy_seconds = timed([&] { greedy = form_greedy(pool, opts); });
  random = form_random(pool, opts);
  line out;
  out.add_text("case", name);
  out.add("n", n);
  out.add("municipalities", municipalities);
  common(out, heuristic, seconds, random, greedy);
  out.add("peak_rss_mb_after_form", rss);
  out.add("greedy_seconds", greedy_seconds);
  out.print();
}

void refill_case() {
  const std::size_t n = 10'000;
  auto pool = make_population({.seekers = n, .municipalities = 1, .seed = 11});
  options opts;
  opts.seed = 11;
  const auto formed = form(pool, opts);
  std::vector<anchored_network> existing;
  for (const auto& net : formed.networks)
    existing.push_back({static_cast<network_id>(existing.size() + 1), net.members, false});
  // Networks thin out as members find work: drop one member from every
  // third network so there are open seats to refill.
  for (std::size_t i = 0; i < existing.size(); i += 3) existing[i].members.pop_back();
  auto newcomers = make_population({.seekers = n / 100, .municipalities = 1, .seed = 12, .first_id = 1'000'000});
  pool.insert(pool.end(), newcomers.begin(), newcomers.end());
  result refilled;
  const double seconds = timed([&] { refilled = refill(pool, existing, opts); });
  const auto random = form_random(pool, opts, existing);
  const auto greedy = form_greedy(pool, opts, existing);
  line out;
  out.add_text("case", "refill_1pct");
  out.add("n", pool.size());
  out.add("newcomers", newcomers.size());
  common(out, refilled, seconds, random, greedy);
  int seated = 0;
  for (const auto& net : refilled.networks) {
    if (!net.is_new) {
      for (const auto& e : net.explanations) {
        seated += e.seeker >= 1'000'000 ? 1 : 0;
      }
    }
  }
  out.add("newcomers_in_existing", seated);
  out.print();
}

}  // namespace

int main(int argc, char** argv) {
  std::string which = "all";
  int seeds = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--case") == 0) which = argv[i + 1];
    if (std::strcmp(argv[i], "--seeds") == 0) seeds = std::max(1, std::atoi(argv[i + 1]));
  }
  const bool all = which == "all";
  if (all || which == "exact") exact_cases(seeds);
  if (all || which == "pool_1000") pool_case("pool_1000", 1'000, 1);
  if (all || which == "pool_10000") pool_case("pool_10000", 10'000, 1);
  if (all || which == "national_150000") pool_case("national_150000", 150'000, 98);
  if (all || which == "refill_1pct") refill_case();
  return 0;
}
