// The value types that go into and come out of the matching engine: who is
// waiting (seeker), how networks should be formed (options, weights), which
// networks already exist (anchored_network), and what a run produced
// (result: networks with explanation facts, unplaced seekers with a reason,
// and a report). They are plain aggregates with no behaviour beyond small
// helpers, so the server can build them from a database snapshot and copy them
// freely. Being public aggregates, their fields carry no trailing underscore.
// They carry no shared state and are safe to use from any thread as
// long as one object is not written while another thread reads it.
#pragma once

#include <bitset>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace kreds::matching {

using seeker_id = std::uint64_t;
using network_id = std::uint64_t;

// Weekly availability: 7 days x 3 parts of the day = 21 slots. Slot index is
// day * 3 + part, day 0 = Monday ... 6 = Sunday, part 0 = morning (08-12),
// 1 = afternoon (12-16), 2 = evening (16-20). A set bit means "free then".
inline constexpr int days_per_week = 7;
inline constexpr int parts_per_day = 3;
inline constexpr int slot_count = days_per_week * parts_per_day;
using week_slots = std::bitset<slot_count>;

constexpr int slot_index(int day, int part) noexcept { return day * parts_per_day + part; }

// A goal is a target occupation (an ISCO-08 unit group, four digits, e.g.
// 2512 "software developers"; armed forces codes such as 0110 are written 110)
// or one of the goals that are not an occupation.
enum class goal_kind : std::uint8_t { occupation, education, own_business };

struct goal {
  goal_kind kind = goal_kind::occupation;
  std::uint16_t isco = 0;  // only for goal_kind::occupation

  friend bool operator==(const goal&, const goal&) = default;
};

constexpr goal occupation_goal(std::uint16_t isco) noexcept { return {goal_kind::occupation, isco}; }
constexpr goal education_goal() noexcept { return {goal_kind::education, 0}; }
constexpr goal own_business_goal() noexcept { return {goal_kind::own_business, 0}; }

// CEFR levels with "native" on top; the order is the comparison order.
enum class language_level : std::uint8_t { a1, a2, b1, b2, c1, c2, native };

struct language_skill {
  std::string code;  // ISO 639-1, lower case: "da", "en", "ar", ...
  language_level level = language_level::b1;
};

enum class meeting_mode : std::uint8_t { in_person, online, both };

// WGS84 coordinates. The server feeds real postcode (or address) coordinates;
// when absent the engine falls back to approximate_position(postcode).
struct position {
  double latitude = 0;
  double longitude = 0;
};

struct prior_meeting {
  seeker_id other = 0;
  std::uint32_t times = 1;  // how many networks the two shared before
};

struct seeker {
  seeker_id id = 0;
  std::uint32_t municipality = 0;     // networks never cross municipalities
  std::vector<goal> goals;            // at least one; the first is the main goal
  std::vector<std::uint32_t> skills;  // skill ids (ESCO skill index), any order
  std::vector<language_skill> languages;
  std::uint16_t postcode = 0;  // Danish postcode 1000-9999
  std::optional<position> where;
  meeting_mode mode = meeting_mode::both;
  week_slots availability;
  // Attribute values covered by the "nobody is the only one of their kind"
  // rule, e.g. "age_under_30" or "speaks_en". Only configured attributes
  // belong here; protected attributes never do.
  std::vector<std::string> kinds;
  std::vector<prior_meeting> prior;     // earlier co-membership
  std::vector<seeker_id> do_not_group;  // caseworker-set pairs, either side suffices
};

// Weights of the soft terms. The objective is documented in docs/matching.md;
// in short every placed member earns `placed` plus weighted network qualities
// in [0, 1], minus penalties for lonely kinds and repeated pairs.
struct weights {
  double placed = 10.0;   // per placed member; makes placing people dominate
  double goal = 4.0;      // mean pairwise goal closeness
  double skill = 1.0;     // mean pairwise skill complementarity within shared goals
  double schedule = 1.0;  // shared weekly slots beyond the hard minimum
  double place = 1.0;     // short distances between in-person members
  double lonely = 3.0;    // per member who is the only one of a kind
  double repeat = 2.0;    // per prior meeting of a pair placed together again
};

struct options {
  int min_size = 6;
  int max_size = 8;
  int min_shared_slots = 1;                                  // hard: slots every member has free
  int target_shared_slots = 6;                               // soft: schedule term saturates here
  double max_travel_km = 25.0;                               // hard: between in-person members
  language_level working_level = language_level::b1;         // hard
  std::vector<std::string> preferred_languages{"da", "en"};  // working language tie-break
  weights weight;
  std::uint64_t seed = 1;
  // Local search effort: full improvement rounds over every seeker. The run
  // stops earlier when a round finds no improving move.
  int search_rounds = 40;
  // Extra effort for small municipalities (at most 400 people): seeker visits
  // spent on iterated local search after the plain local search converges.
  int polish_visits = 60'000;
  int threads = 2;  // across municipalities; results do not depend on it
  // Cancellation: when stop is requested the search stops at the next round
  // and returns what it has (still within every hard constraint) with
  // status::cancelled. Results of a cancelled run depend on timing.
  std::stop_token stop;
  // Called after each block of work (a municipality or goal family) with
  // (done, total). Called from the engine's worker threads, one call at a
  // time; keep it short and never call back into the engine from it.
  std::function<void(int done, int total)> progress;
};

// A network that exists before the run. Its members never move. A locked
// network is returned exactly as given; an open one may take newcomers into
// free seats (refill) and, if it is a proposal with pins, fills up around them.
struct anchored_network {
  network_id id = 0;
  std::vector<seeker_id> members;
  bool locked = false;
};

// Why a member is in their network: structured facts, rendered to words by
// render_explanation() in explain.hpp.
enum class fact_kind : std::uint8_t {
  shared_goal,           // target shared with `count` others at `closeness`
  related_goal,          // target close (same minor/sub-major/major group) to `count` others
  shared_slots,          // `slots` free for the whole network (`count` of them)
  working_language,      // `language` is the network's working language
  complementary_skills,  // `count` skills no other member has, `amount` shared ones
  near,                  // in-person, at most `amount` km from the other in-person members
  online,                // meets online, so distance does not matter
  same_kind,             // `kind_name` shared with `count` others
  only_one_of_kind,      // `kind_name` held by no one else (a soft rule could not be met)
  met_before,            // met `count` members before, `amount` times in all
  anchored,              // was already in this network (refill) or pinned
};

// How close two goals are in the ISCO-08 hierarchy.
enum class goal_closeness : std::uint8_t { none, major, sub_major, minor, unit };

struct fact {
  fact_kind kind = fact_kind::shared_goal;
  goal target{};
  goal_closeness closeness = goal_closeness::none;
  int count = 0;
  double amount = 0;
  week_slots slots;
  std::string language;
  std::string kind_name;
};

struct member_explanation {
  seeker_id seeker = 0;
  std::vector<fact> facts;  // most important first
};

// The parts of a network's value, each already weighted, so they add up to
// value (see docs/matching.md).
struct score_terms {
  double placed = 0;
  double goal = 0;
  double skill = 0;
  double schedule = 0;
  double place = 0;
  double lonely = 0;  // <= 0
  double repeat = 0;  // <= 0
};

struct network {
  network_id id = 0;  // the anchored id, or 0 for a network the run created
  bool is_new = true;
  bool locked = false;
  std::uint32_t municipality = 0;
  std::vector<seeker_id> members;
  std::string working_language;  // empty only if an anchored network has none
  week_slots shared_slots;
  double value = 0;  // contribution to the total objective
  double score = 0;  // value per member: comparable across sizes
  score_terms terms;
  std::vector<member_explanation> explanations;  // same order as members
};

enum class unplaced_reason : std::uint8_t {
  invalid_seeker,      // the seeker's data is unusable (detail says why)
  duplicate_seeker,    // the id appears more than once; only the first counts
  invalid_options,     // the run's options are unusable; nobody was placed
  pool_too_small,      // fewer than min_size seekers in the municipality
  too_few_compatible,  // fewer than min_size - 1 others share language, time and place
  no_fitting_network,  // compatible people exist but no network could take them
};

struct unplaced {
  seeker_id seeker = 0;
  unplaced_reason reason = unplaced_reason::no_fitting_network;
  std::string detail;  // English, for logs and caseworkers
  int compatible = 0;  // how many others in the municipality are compatible
};

struct report {
  double objective = 0;
  double mean_network_score = 0;
  double worst_network_score = 0;
  int hard_violations = 0;  // must be 0; counted by an independent check
  int networks = 0;
  int placed = 0;
  int unplaced = 0;
  int lonely_members = 0;
  int repeated_pairs = 0;
  bool optimal = false;  // exact mode: proven optimum
  // Exact mode: an upper bound on the optimum (the LP bound where the search
  // stopped early; equal to objective when optimal).
  double bound = 0;
};

enum class status : std::uint8_t { ok, invalid_options, empty_pool, cancelled };

struct result {
  status state = status::ok;
  std::string message;  // why, when state != ok
  std::vector<network> networks;
  std::vector<unplaced> left_out;
  report summary;
};

}  // namespace kreds::matching
