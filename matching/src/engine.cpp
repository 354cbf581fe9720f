#include "kreds/matching/engine.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "exact.hpp"
#include "instance.hpp"
#include "kreds/matching/isco.hpp"
#include "search.hpp"

namespace kreds::matching {
namespace {

using detail::block_input;
using detail::block_output;
using detail::instance;

enum class mode : std::uint8_t { random, greedy, search, exact };

// Municipalities with at least this many free seekers are solved per goal
// family first (in parallel), then stitched.
constexpr std::size_t family_split_threshold = 1500;

// Above this the reason for an unplaced seeker only says "at least".
constexpr int compatible_count_cap = 20;

struct prepared {
  std::vector<std::uint32_t> municipalities;
  std::vector<block_input> blocks;
  std::vector<std::vector<std::uint32_t>> people;  // every valid person per block
  std::string notes;
};

prepared prepare(const instance& inst, const std::vector<anchored_network>& anchored) {
  prepared out;
  std::map<std::uint32_t, std::size_t> block_of;
  auto block = [&](std::uint32_t municipality) -> std::size_t {
    auto [it, fresh] = block_of.emplace(municipality, out.blocks.size());
    if (fresh) {
      out.municipalities.push_back(municipality);
      out.blocks.emplace_back();
      out.people.emplace_back();
    }
    return it->second;
  };
  // Blocks in municipality order, whatever order the pool came in.
  std::vector<std::uint32_t> all_municipalities;
  for (std::uint32_t i = 0; i < inst.size(); ++i) all_municipalities.push_back(inst.at(i).municipality);
  std::sort(all_municipalities.begin(), all_municipalities.end());
  all_municipalities.erase(std::unique(all_municipalities.begin(), all_municipalities.end()), all_municipalities.end());
  for (const auto m : all_municipalities) block(m);

  std::vector<char> claimed(inst.size(), 0);
  for (std::size_t n = 0; n < anchored.size(); ++n) {
    detail::block_anchor a;
    a.source = n;
    a.locked = anchored[n].locked;
    for (const auto id : anchored[n].members) {
      const auto i = inst.find(id);
      if (i < 0) {
        out.notes += "Network " + std::to_string(anchored[n].id) + " names seeker " + std::to_string(id) +
                     ", who is not (validly) in the pool; left out. ";
        continue;
      }
      if (claimed[static_cast<std::size_t>(i)]) {
        out.notes += "Seeker " + std::to_string(id) + " is in more than one given network; kept in the first. ";
        continue;
      }
      claimed[static_cast<std::size_t>(i)] = 1;
      a.members.push_back(static_cast<std::uint32_t>(i));
    }
    if (a.members.empty()) {
      out.notes += "Network " + std::to_string(anchored[n].id) + " has no member in the pool; left out. ";
      continue;
    }
    out.blocks[block(inst.at(a.members.front()).municipality)].anchors.push_back(std::move(a));
  }
  for (std::uint32_t i = 0; i < inst.size(); ++i) {
    const auto b = block(inst.at(i).municipality);
    out.people[b].push_back(i);
    if (!claimed[i]) out.blocks[b].free.push_back(i);
  }
  return out;
}

int family_of(const detail::person& p) {
  const auto code = p.goals[0];
  if (code >= detail::education_code) return 10 + (code - detail::education_code);
  return code / 1000;
}

int count_compatible(const instance& inst, std::uint32_t who, const std::vector<std::uint32_t>& people) {
  int n = 0;
  for (const auto other : people) {
    if (other != who && inst.compatible(who, other) && ++n >= compatible_count_cap) break;
  }
  return n;
}

unplaced explain_unplaced(const instance& inst, std::uint32_t who, const std::vector<std::uint32_t>& people) {
  const auto& opts = inst.opts();
  unplaced u;
  u.seeker = inst.at(who).id;
  const auto id = std::to_string(u.seeker);
  if (static_cast<int>(people.size()) < opts.min_size) {
    u.reason = unplaced_reason::pool_too_small;
    u.compatible = static_cast<int>(people.size()) - 1;
    u.detail = "Seeker " + id + "'s municipality has only " + std::to_string(people.size()) +
               " seekers, fewer than the minimum network size of " + std::to_string(opts.min_size) + ".";
    return u;
  }
  u.compatible = count_compatible(inst, who, people);
  if (u.compatible < opts.min_size - 1) {
    u.reason = unplaced_reason::too_few_compatible;
    u.detail = "Seeker " + id + " shares a working language, " + std::to_string(opts.min_shared_slots) +
               " free weekly slot(s) and travel distance with only " + std::to_string(u.compatible) +
               " others in the municipality; a network needs " + std::to_string(opts.min_size - 1) + ".";
  } else {
    u.reason = unplaced_reason::no_fitting_network;
    u.detail = "Seeker " + id + " is compatible with " + (u.compatible >= compatible_count_cap ? "at least " : "") +
               std::to_string(u.compatible) + " others, but no network fitting them all had a free seat.";
  }
  return u;
}

fact make_fact(fact_kind kind, int count = 0, double amount = 0) {
  fact f;
  f.kind = kind;
  f.count = count;
  f.amount = amount;
  return f;
}

// The goal that most others share at the closest level; nothing when no
// other member's goal is related to any of this member's goals.
std::optional<fact> goal_fact(const instance& inst, std::uint32_t who, const std::vector<std::uint32_t>& members) {
  fact best_goal;
  int best_level = 0;
  for (const auto& g : inst.source(who).goals) {
    int counts[5] = {0, 0, 0, 0, 0};  // others per closeness level
    for (const auto m : members) {
      if (m == who) continue;
      int level = 0;
      for (const auto& h : inst.source(m).goals) level = std::max(level, static_cast<int>(matching::closeness(g, h)));
      ++counts[level];
    }
    for (int level = 4; level >= 1; --level) {
      if (counts[level] == 0) continue;
      if (level > best_level || (level == best_level && counts[level] > best_goal.count)) {
        best_level = level;
        best_goal.kind = level == 4 ? fact_kind::shared_goal : fact_kind::related_goal;
        best_goal.target = g;
        best_goal.closeness = static_cast<goal_closeness>(level);
        best_goal.count = counts[level];
      }
      break;
    }
  }
  if (best_level == 0) return std::nullopt;
  return best_goal;
}

// Online, or the distance to the farthest other in-person member; nothing
// when the member is the only one who meets in person.
std::optional<fact> place_fact(const instance& inst, std::uint32_t who, const std::vector<std::uint32_t>& members) {
  if (inst.at(who).mode == meeting_mode::online) return make_fact(fact_kind::online);
  double farthest = -1;
  for (const auto m : members) {
    if (m == who || inst.at(m).mode == meeting_mode::online) continue;
    farthest = std::max(farthest, inst.pair(who, m).distance);
  }
  if (farthest < 0) return std::nullopt;
  return make_fact(fact_kind::near, 0, std::round(farthest * 10) / 10);
}

// How many of the member's skills no other member has, and how many others
// share; nothing when the member listed no skills.
std::optional<fact> skills_fact(const instance& inst, std::uint32_t who, const std::vector<std::uint32_t>& members) {
  int own = 0, shared = 0;
  for (const auto s : inst.skills(inst.at(who))) {
    bool others = false;
    for (const auto m : members) {
      if (m == who) continue;
      const auto sk = inst.skills(inst.at(m));
      if (std::binary_search(sk.begin(), sk.end(), s)) {
        others = true;
        break;
      }
    }
    (others ? shared : own) += 1;
  }
  if (own + shared == 0) return std::nullopt;
  return make_fact(fact_kind::complementary_skills, own, static_cast<double>(shared));
}

// One fact per kind the member holds: shared with others, or held alone.
void add_kind_facts(std::vector<fact>& facts, const instance& inst, std::uint32_t who,
                    const std::vector<std::uint32_t>& members) {
  for (const auto k : inst.kinds(inst.at(who))) {
    int others = 0;
    for (const auto m : members) {
      if (m == who) continue;
      const auto ks = inst.kinds(inst.at(m));
      others += std::binary_search(ks.begin(), ks.end(), k) ? 1 : 0;
    }
    auto f = make_fact(others > 0 ? fact_kind::same_kind : fact_kind::only_one_of_kind, others);
    f.kind_name = inst.kind_name(k);
    facts.push_back(std::move(f));
  }
}

// How many members the member met before, and how often in all; nothing
// when none.
std::optional<fact> met_before_fact(const instance& inst, std::uint32_t who,
                                    const std::vector<std::uint32_t>& members) {
  int met = 0;
  double times = 0;
  for (const auto m : members) {
    if (m == who) continue;
    const auto r = inst.pair(who, m).repeat;
    if (r > 0) {
      ++met;
      times += r;
    }
  }
  if (met == 0) return std::nullopt;
  return make_fact(fact_kind::met_before, met, times);
}

std::vector<fact> facts_for(const instance& inst, std::uint32_t who, const std::vector<std::uint32_t>& members,
                            const std::vector<char>& anchored_member, std::size_t position, const network& n) {
  std::vector<fact> facts;
  auto add = [&](std::optional<fact> f) {
    if (f) facts.push_back(std::move(*f));
  };
  if (anchored_member[position]) facts.push_back(make_fact(fact_kind::anchored));
  add(goal_fact(inst, who, members));
  auto slots = make_fact(fact_kind::shared_slots, static_cast<int>(n.shared_slots.count()));
  slots.slots = n.shared_slots;
  facts.push_back(slots);
  if (!n.working_language.empty()) {
    auto language = make_fact(fact_kind::working_language);
    language.language = n.working_language;
    facts.push_back(language);
  }
  add(place_fact(inst, who, members));
  add(skills_fact(inst, who, members));
  add_kind_facts(facts, inst, who, members);
  add(met_before_fact(inst, who, members));
  return facts;
}

network describe(const instance& inst, const detail::block_group& g, const std::vector<anchored_network>& anchored,
                 const block_input& input) {
  network n;
  const auto e = inst.evaluate(g.members);
  std::vector<char> anchored_member(g.members.size(), 0);
  if (g.anchor >= 0 && !input.anchors[static_cast<std::size_t>(g.anchor)].internal) {
    const auto& a = input.anchors[static_cast<std::size_t>(g.anchor)];
    n.id = anchored[a.source].id;
    n.is_new = false;
    n.locked = anchored[a.source].locked;  // exact mode freezes open ones too, but they stay unlocked
    for (std::size_t i = 0; i < g.members.size(); ++i) {
      anchored_member[i] = std::find(a.members.begin(), a.members.end(), g.members[i]) != a.members.end() ? 1 : 0;
    }
  }
  n.municipality = g.members.empty() ? 0 : inst.at(g.members.front()).municipality;
  for (const auto m : g.members) n.members.push_back(inst.at(m).id);
  const int lang = inst.working_language(e.stats.languages);
  if (lang >= 0) n.working_language = inst.language_name(lang);
  n.shared_slots = detail::to_slots(e.stats.slots);
  n.value = e.value;
  n.score = g.members.empty() ? 0 : e.value / static_cast<double>(g.members.size());
  n.terms = e.terms;
  for (std::size_t i = 0; i < g.members.size(); ++i) {
    n.explanations.push_back({n.members[i], facts_for(inst, g.members[i], g.members, anchored_member, i, n)});
  }
  return n;
}

result invalid(const std::vector<seeker>& pool, status state, std::string message) {
  result r;
  r.state = state;
  r.message = std::move(message);
  for (const auto& s : pool) {
    r.left_out.push_back({s.id, unplaced_reason::invalid_options, r.message, 0});
  }
  r.summary.unplaced = static_cast<int>(r.left_out.size());
  return r;
}

result empty_pool() {
  result r;
  r.state = status::empty_pool;
  r.message = "The pool is empty: there is nobody to group.";
  return r;
}

// Empty when every municipality is small enough for exact mode, else why not.
std::string too_large_for_exact(const prepared& prep) {
  for (std::size_t b = 0; b < prep.blocks.size(); ++b) {
    if (static_cast<int>(prep.blocks[b].free.size()) > max_exact_free_seekers) {
      return "Exact mode handles at most " + std::to_string(max_exact_free_seekers) +
             " seekers per municipality; municipality " + std::to_string(prep.municipalities[b]) + " has " +
             std::to_string(prep.blocks[b].free.size()) + ".";
    }
  }
  return {};
}

// Work is split into tasks: whole municipalities, or for a large
// municipality without given networks one task per goal family (ISCO major
// group, education, own business) followed by a stitch task that seats the
// families' leftovers anywhere in the municipality. Each task's seed
// depends only on its municipality and family, so the result does not
// depend on the number of threads.
struct task {
  std::size_t block = 0;
  block_input input;
  std::uint64_t salt = 0;  // mixed into the run's seed
  block_output output;
  bool optimal = true;  // exact mode: the output is proven optimal
  double slack = 0;     // exact mode: how far the bound may lie above the output
};

struct task_plan {
  std::vector<std::vector<task>> by_block;  // per block; a split block ends up holding only its stitch task
  std::vector<char> split;                  // per block: solved per goal family, then stitched

  // Every task of the run, stitch tasks included (they are added later).
  int task_count() const {
    int n = 0;
    for (std::size_t b = 0; b < by_block.size(); ++b) n += static_cast<int>(by_block[b].size()) + (split[b] ? 1 : 0);
    return n;
  }
};

// The first-stage tasks. Takes the blocks' inputs out of prep.
task_plan plan_tasks(const instance& inst, prepared& prep, mode how) {
  const std::size_t count = prep.blocks.size();
  task_plan plan;
  plan.by_block.resize(count);
  plan.split.assign(count, 0);
  for (std::size_t b = 0; b < count; ++b) {
    auto& input = prep.blocks[b];
    const bool large = input.free.size() >= family_split_threshold && input.anchors.empty();
    if (!large || how == mode::random || how == mode::exact) {
      input.polish = true;
      plan.by_block[b].push_back({b, std::move(input), prep.municipalities[b], {}, true});
      continue;
    }
    plan.split[b] = 1;
    std::map<int, std::vector<std::uint32_t>> by_family;
    for (const auto p : input.free) by_family[family_of(inst.at(p))].push_back(p);
    for (auto& [family, people] : by_family) {
      block_input part;
      part.free = std::move(people);
      const auto salt = prep.municipalities[b] * 64 + static_cast<std::uint64_t>(family) + 1;
      plan.by_block[b].push_back({b, std::move(part), salt, {}, true});
    }
    input = {};
  }
  return plan;
}

// The stitch tasks: each split block's family networks become open internal
// anchors and their leftovers the free seekers. Empties those blocks' lists.
std::vector<task> stitch_tasks(const prepared& prep, task_plan& plan) {
  std::vector<task> stitches;
  for (std::size_t b = 0; b < plan.by_block.size(); ++b) {
    if (!plan.split[b]) continue;
    task st;
    st.block = b;
    st.salt = prep.municipalities[b] * 64;
    for (auto& t : plan.by_block[b]) {
      for (auto& g : t.output.groups) {
        detail::block_anchor a;
        a.internal = true;
        a.members = std::move(g.members);
        st.input.anchors.push_back(std::move(a));
      }
      st.input.free.insert(st.input.free.end(), t.output.unplaced.begin(), t.output.unplaced.end());
    }
    plan.by_block[b].clear();
    stitches.push_back(std::move(st));
  }
  return stitches;
}

// Solves tasks on up to opts.threads threads and reports progress after
// each one, counting over all the stages it runs.
class task_runner {
 public:
  task_runner(const instance& inst, const options& opts, mode how, std::uint64_t node_limit, int total_tasks)
      : inst_(inst), opts_(opts), how_(how), node_limit_(node_limit), total_tasks_(total_tasks) {}

  void run_all(std::vector<task*>& tasks) {
    // Largest first so the threads finish together.
    std::stable_sort(tasks.begin(), tasks.end(), [](const task* x, const task* y) {
      return x->input.free.size() + x->input.anchors.size() > y->input.free.size() + y->input.anchors.size();
    });
    std::atomic<std::size_t> next{0};
    auto work = [&] {
      for (std::size_t i = next++; i < tasks.size(); i = next++) {
        solve(*tasks[i]);
        report_progress();
      }
    };
    const auto threads = static_cast<std::size_t>(std::clamp(opts_.threads, 1, 64));
    std::vector<std::thread> helpers;
    for (std::size_t t = 1; t < std::min(threads, tasks.size()); ++t) helpers.emplace_back(work);
    work();
    for (auto& h : helpers) h.join();
  }

 private:
  void solve(task& t) const {
    const auto seed = detail::mix_seed(opts_.seed, t.salt);
    switch (how_) {
      case mode::random:
        t.output = detail::solve_block(inst_, t.input, detail::method::random, seed);
        break;
      case mode::greedy:
        t.output = detail::solve_block(inst_, t.input, detail::method::greedy, seed);
        break;
      case mode::search:
        t.output = detail::solve_block(inst_, t.input, detail::method::search, seed);
        break;
      case mode::exact: {
        const auto start = detail::solve_block(inst_, t.input, detail::method::search, seed);
        auto found = detail::solve_block_exact(inst_, t.input, start, node_limit_);
        t.output = std::move(found.best);
        t.optimal = found.optimal;
        t.slack = found.slack;
        break;
      }
    }
  }

  void report_progress() {
    if (!opts_.progress) return;
    const std::lock_guard lock(progress_mutex_);
    opts_.progress(++done_tasks_, total_tasks_);
  }

  const instance& inst_;
  const options& opts_;
  const mode how_;
  const std::uint64_t node_limit_;
  const int total_tasks_;
  int done_tasks_ = 0;
  std::mutex progress_mutex_;
};

std::vector<task*> pointers_to(std::vector<task>& tasks) {
  std::vector<task*> out;
  for (auto& t : tasks) out.push_back(&t);
  return out;
}

// The report's figures, from the described networks. `tracked` is the
// objective as the search tracked it; slack is exact mode's bound gap.
void summarise(result& r, double tracked, bool exact, bool all_optimal, double slack) {
  auto& s = r.summary;
  s.objective = tracked;
  s.networks = static_cast<int>(r.networks.size());
  s.unplaced = static_cast<int>(r.left_out.size());
  s.worst_network_score = r.networks.empty() ? 0 : r.networks.front().score;
  double score_sum = 0;
  for (const auto& n : r.networks) {
    s.placed += static_cast<int>(n.members.size());
    score_sum += n.score;
    s.worst_network_score = std::min(s.worst_network_score, n.score);
    for (const auto& e : n.explanations) {
      for (const auto& f : e.facts) {
        if (f.kind == fact_kind::only_one_of_kind) ++s.lonely_members;
        if (f.kind == fact_kind::met_before) s.repeated_pairs += f.count;
      }
    }
  }
  s.repeated_pairs /= 2;
  s.mean_network_score = r.networks.empty() ? 0 : score_sum / static_cast<double>(r.networks.size());
  s.optimal = exact && all_optimal;
  if (exact) s.bound = s.objective + slack;
}

// The run's result from the solved tasks, block by block: networks described,
// unplaced seekers explained, the report filled except hard_violations.
result assemble(const instance& inst, const options& opts, const prepared& prep, const task_plan& plan,
                const std::vector<anchored_network>& anchored, mode how) {
  result r;
  r.message = prep.notes;
  if (opts.stop.stop_requested()) {
    r.state = status::cancelled;
    r.message = "The run was cancelled; the networks are the best found so far. " + r.message;
  }
  if (!r.message.empty() && r.message.back() == ' ') r.message.pop_back();
  r.left_out = inst.rejected();
  double tracked = 0;
  bool all_optimal = true;
  double slack = 0;
  for (std::size_t b = 0; b < plan.by_block.size(); ++b) {
    for (const auto& t : plan.by_block[b]) {
      all_optimal = all_optimal && t.optimal;
      slack += t.slack;
      for (const auto& g : t.output.groups) {
        r.networks.push_back(describe(inst, g, anchored, t.input));
        tracked += g.value;
      }
      for (const auto who : t.output.unplaced) r.left_out.push_back(explain_unplaced(inst, who, prep.people[b]));
    }
  }
  summarise(r, tracked, how == mode::exact, all_optimal, slack);
  return r;
}

result run(const std::vector<seeker>& pool, const options& opts, const std::vector<anchored_network>& anchored,
           mode how, std::uint64_t node_limit = 0) {
  if (auto why = validate(opts); !why.empty()) return invalid(pool, status::invalid_options, why);
  if (pool.empty()) return empty_pool();
  const instance inst(pool, opts);
  auto prep = prepare(inst, anchored);
  if (how == mode::exact) {
    if (auto why = too_large_for_exact(prep); !why.empty()) return invalid(pool, status::invalid_options, why);
    for (auto& input : prep.blocks) {
      for (auto& a : input.anchors) a.locked = true;
    }
  }
  auto plan = plan_tasks(inst, prep, how);
  task_runner runner(inst, opts, how, node_limit, plan.task_count());
  std::vector<task*> first;
  for (auto& list : plan.by_block) {
    for (auto& t : list) first.push_back(&t);
  }
  runner.run_all(first);
  auto stitches = stitch_tasks(prep, plan);
  auto second = pointers_to(stitches);
  runner.run_all(second);
  for (auto& t : stitches) plan.by_block[t.block].push_back(std::move(t));
  auto r = assemble(inst, opts, prep, plan, anchored, how);
  r.summary.hard_violations = check(pool, opts, r, anchored).hard_violations;
  return r;
}

}  // namespace

std::string validate(const options& opts) {
  if (opts.min_size < 2) return "The minimum network size must be at least 2.";
  if (opts.max_size > 16) return "The maximum network size must be at most 16.";
  if (opts.min_size > opts.max_size) {
    return "The minimum network size (" + std::to_string(opts.min_size) + ") is larger than the maximum (" +
           std::to_string(opts.max_size) + ").";
  }
  if (opts.min_shared_slots < 0 || opts.min_shared_slots > slot_count) {
    return "The minimum of shared weekly slots must be between 0 and " + std::to_string(slot_count) + ".";
  }
  if (opts.target_shared_slots < 1 || opts.target_shared_slots > slot_count) {
    return "The target of shared weekly slots must be between 1 and " + std::to_string(slot_count) + ".";
  }
  if (!(opts.max_travel_km > 0) || !std::isfinite(opts.max_travel_km))
    return "The travel distance must be a positive number of kilometres.";
  if (static_cast<int>(opts.working_level) > static_cast<int>(language_level::native))
    return "The working language level is invalid.";
  const auto& w = opts.weight;
  for (const double x : {w.placed, w.goal, w.skill, w.schedule, w.place, w.lonely, w.repeat}) {
    if (!std::isfinite(x) || x < 0) return "Every weight must be a finite number of zero or more.";
  }
  if (opts.search_rounds < 0 || opts.search_rounds > 1000) return "The search rounds must be between 0 and 1000.";
  if (opts.polish_visits < 0) return "The polish effort must be zero or more.";
  if (opts.threads < 1) return "At least one thread is needed.";
  return {};
}

result form(const std::vector<seeker>& pool, const options& opts, const std::vector<anchored_network>& anchored) {
  return run(pool, opts, anchored, mode::search);
}

result refill(const std::vector<seeker>& pool, const std::vector<anchored_network>& existing, const options& opts) {
  return run(pool, opts, existing, mode::search);
}

result form_exact(const std::vector<seeker>& pool, const options& opts, const std::vector<anchored_network>& anchored,
                  std::uint64_t node_limit) {
  return run(pool, opts, anchored, mode::exact, node_limit);
}

result form_random(const std::vector<seeker>& pool, const options& opts,
                   const std::vector<anchored_network>& anchored) {
  return run(pool, opts, anchored, mode::random);
}

result form_greedy(const std::vector<seeker>& pool, const options& opts,
                   const std::vector<anchored_network>& anchored) {
  return run(pool, opts, anchored, mode::greedy);
}

namespace {

// One check(): the audit being filled, plus each pool id's balance (its
// appearances in the result minus its appearances in the pool), which must
// end at zero: duplicates are reported as unplaced. Problems are recorded in
// the order they are found.
class auditor {
 public:
  auditor(const instance& inst, const std::vector<seeker>& pool, const std::vector<anchored_network>& anchored)
      : inst_(inst), opts_(inst.opts()) {
    for (const auto& s : pool) --seen_[s.id];
    for (const auto& n : anchored) given_.emplace(n.id, &n);
  }

  audit examine(const result& r) && {
    for (const auto& u : r.left_out) count(u.seeker);
    for (const auto& n : r.networks) check_network(n);
    for (const auto& [id, balance] : seen_) {
      if (balance != 0) {
        problem("Seeker " + std::to_string(id) + (balance < 0 ? " is missing from" : " appears too often in") +
                    " the result.",
                false);
      }
    }
    return std::move(audit_);
  }

 private:
  // Which rules apply to a network: given networks are held only to what
  // the engine may do with them.
  struct rules {
    bool min_size = true;     // false for a given network: it may have shrunk; the engine only adds
    bool constraints = true;  // false when nothing is left to check
  };

  void problem(std::string text, bool hard) {
    audit_.problems.push_back(std::move(text));
    if (hard) ++audit_.hard_violations;
  }

  void count(seeker_id id) {
    auto it = seen_.find(id);
    if (it == seen_.end()) {
      problem("Seeker " + std::to_string(id) + " is in the result but not in the pool.", false);
    } else {
      ++it->second;
    }
  }

  // Counts the network's members and adds its value to the objective, then
  // checks the hard constraints that apply to it.
  void check_network(const network& n) {
    std::vector<std::uint32_t> members;
    bool known = true;
    for (const auto id : n.members) {
      count(id);
      const auto i = inst_.find(id);
      if (i < 0) {
        problem("Network member " + std::to_string(id) + " is not a valid seeker of the pool.", true);
        known = false;
      } else {
        members.push_back(static_cast<std::uint32_t>(i));
      }
    }
    if (!known) return;
    const auto e = inst_.evaluate(members);
    audit_.objective += e.value;
    const auto name = "Network " + std::to_string(n.id) + " (" + std::to_string(n.members.size()) + " members)";
    const auto applying = n.is_new ? rules{} : given_network_rules(n, name);
    if (applying.constraints) check_constraints(n, members, e, name, applying.min_size);
  }

  // A network that claims to exist already must have been given, keep its
  // anchored members, and stay as given when locked. Only what it took in
  // beyond its anchored members is checked further.
  rules given_network_rules(const network& n, const std::string& name) {
    const auto it = given_.find(n.id);
    if (it == given_.end()) {
      problem(name + " claims to exist already but was not given.", true);
      return {false, false};
    }
    std::vector<seeker_id> before;
    for (const auto id : it->second->members) {
      if (inst_.find(id) >= 0) before.push_back(id);
    }
    if (it->second->locked) {
      if (n.members != before) problem(name + " is locked but its members changed.", true);
      return {false, false};
    }
    for (const auto id : before) {
      if (std::find(n.members.begin(), n.members.end(), id) == n.members.end()) {
        problem(name + " lost the anchored member " + std::to_string(id) + ".", true);
      }
    }
    return {false, n.members.size() > before.size()};
  }

  // The hard constraints, on a network the engine formed or added to.
  void check_constraints(const network& n, const std::vector<std::uint32_t>& members, const detail::evaluation& e,
                         const std::string& name, bool check_min) {
    const int k = static_cast<int>(members.size());
    if ((check_min && k < opts_.min_size) || k > opts_.max_size) {
      problem(
          name + " has a size outside " + std::to_string(opts_.min_size) + "-" + std::to_string(opts_.max_size) + ".",
          true);
    }
    for (const auto m : members) {
      if (inst_.at(m).municipality != inst_.at(members.front()).municipality) {
        problem(name + " crosses municipalities.", true);
        break;
      }
    }
    if (e.stats.languages == 0) problem(name + " has no working language that every member speaks well enough.", true);
    if (std::popcount(e.stats.slots) < opts_.min_shared_slots) problem(name + " shares too few weekly slots.", true);
    for (std::size_t i = 0; i < members.size(); ++i) {
      for (std::size_t j = i + 1; j < members.size(); ++j) {
        if (!inst_.pair(members[i], members[j]).allowed) {
          problem(name + " puts seekers " + std::to_string(n.members[i]) + " and " + std::to_string(n.members[j]) +
                      " together against a do-not-group pair or the travel limit.",
                  true);
        }
      }
    }
  }

  const instance& inst_;
  const options& opts_;
  audit audit_;
  std::unordered_map<seeker_id, int> seen_;
  std::unordered_map<network_id, const anchored_network*> given_;
};

}  // namespace

audit check(const std::vector<seeker>& pool, const options& opts, const result& r,
            const std::vector<anchored_network>& anchored) {
  if (!validate(opts).empty()) {
    audit a;
    if (!r.networks.empty()) {
      a.problems.push_back("Networks were formed although the options are invalid.");
      ++a.hard_violations;
    }
    return a;
  }
  const instance inst(pool, opts);
  return auditor(inst, pool, anchored).examine(r);
}

}  // namespace kreds::matching
