// Bad input gives a clear result and never a crash.
#include "support.hpp"

#include "kreds/matching/explain.hpp"
#include "kreds/matching/geo.hpp"
#include "kreds/matching/isco.hpp"

namespace kreds::matching {
namespace {

using testing::pool_of;
using testing::quick_options;
using testing::require_valid;

seeker plain(seeker_id id) {
  seeker s;
  s.id = id;
  s.municipality = 101;
  s.goals = {occupation_goal(2512)};
  s.skills = {1, 2, 3};
  s.languages = {{"da", language_level::native}};
  s.postcode = 8000;
  s.mode = meeting_mode::both;
  s.availability.set(static_cast<std::size_t>(slot_index(1, 0)));
  s.availability.set(static_cast<std::size_t>(slot_index(3, 0)));
  return s;
}

TEST_CASE("bad input: a minimum size above the maximum is refused and nobody is placed", "[matching]") {
  const auto pool = pool_of(30, 1);
  auto opts = quick_options();
  opts.min_size = 9;
  opts.max_size = 6;
  for (const auto& r : {form(pool, opts), form_greedy(pool, opts), form_random(pool, opts), form_exact(pool, opts)}) {
    REQUIRE(r.state == status::invalid_options);
    REQUIRE_THAT(r.message, Catch::Contains("minimum network size"));
    REQUIRE(r.networks.empty());
    REQUIRE(r.left_out.size() == pool.size());
    for (const auto& u : r.left_out) REQUIRE(u.reason == unplaced_reason::invalid_options);
  }
}

TEST_CASE("bad input: other unusable options are refused with a reason", "[matching]") {
  std::vector<options> bad(8, quick_options());
  bad[0].min_size = 1;
  bad[1].max_size = 40;
  bad[2].min_shared_slots = 22;
  bad[3].max_travel_km = 0;
  bad[4].weight.goal = -1;
  bad[5].weight.repeat = std::nan("");
  bad[6].threads = 0;
  bad[7].target_shared_slots = 0;
  for (const auto& o : bad) {
    REQUIRE_FALSE(validate(o).empty());
    const auto r = form(pool_of(10, 1), o);
    REQUIRE(r.state == status::invalid_options);
    REQUIRE(r.message == validate(o));
  }
  REQUIRE(validate(quick_options()).empty());
}

TEST_CASE("bad input: an empty pool gives an empty result", "[matching]") {
  const auto r = form({}, quick_options());
  REQUIRE(r.state == status::empty_pool);
  REQUIRE(r.networks.empty());
  REQUIRE(r.left_out.empty());
  REQUIRE_FALSE(r.message.empty());
  REQUIRE(form_exact({}, quick_options()).state == status::empty_pool);
  REQUIRE(refill({}, {}, quick_options()).state == status::empty_pool);
}

TEST_CASE("bad input: unknown codes and broken records leave only those seekers unplaced", "[matching]") {
  auto pool = pool_of(40, 2);
  pool[0].goals = {occupation_goal(2500)};   // not an ISCO-08 unit group
  pool[1].goals = {occupation_goal(12345)};  // not four digits
  pool[2].goals.clear();
  pool[3].languages = {{"dansk", language_level::native}};
  pool[4].where.reset();
  pool[4].postcode = 3900;  // Greenland
  pool[5].where = position{std::nan(""), 10};
  pool[6].id = pool[7].id;  // duplicate
  const auto opts = quick_options(2);
  const auto r = form(pool, opts);
  require_valid(pool, opts, r);
  std::map<seeker_id, unplaced_reason> why;
  for (const auto& u : r.left_out) why[u.seeker] = u.reason;
  for (int i = 0; i <= 5; ++i) REQUIRE(why.at(pool[static_cast<std::size_t>(i)].id) == unplaced_reason::invalid_seeker);
  bool duplicate_reported = false;
  for (const auto& u : r.left_out) {
    duplicate_reported =
        duplicate_reported || (u.seeker == pool[7].id && u.reason == unplaced_reason::duplicate_seeker);
  }
  REQUIRE(duplicate_reported);
  for (const auto& u : r.left_out) {
    if (u.seeker == pool[0].id) REQUIRE_THAT(u.detail, Catch::Contains("2500"));
  }
}

TEST_CASE("bad input: a pool that cannot be grouped leaves everyone unplaced with a reason", "[matching]") {
  SECTION("no shared language") {
    std::vector<seeker> pool;
    const char* languages[] = {"da", "en", "ar", "uk", "pl", "tr", "so", "fa"};
    for (int i = 0; i < 8; ++i) {
      auto s = plain(static_cast<seeker_id>(i + 1));
      s.languages = {{languages[i], language_level::native}};
      pool.push_back(s);
    }
    const auto r = form(pool, quick_options());
    require_valid(pool, quick_options(), r);
    REQUIRE(r.networks.empty());
    for (const auto& u : r.left_out) REQUIRE(u.reason == unplaced_reason::too_few_compatible);
  }
  SECTION("no free time") {
    std::vector<seeker> pool;
    for (int i = 0; i < 8; ++i) {
      auto s = plain(static_cast<seeker_id>(i + 1));
      s.availability.reset();
      pool.push_back(s);
    }
    const auto r = form(pool, quick_options());
    require_valid(pool, quick_options(), r);
    REQUIRE(r.networks.empty());
    REQUIRE(r.left_out.size() == 8);
  }
  SECTION("too few seekers in the municipality") {
    std::vector<seeker> pool{plain(1), plain(2), plain(3)};
    const auto r = form(pool, quick_options());
    require_valid(pool, quick_options(), r);
    for (const auto& u : r.left_out) REQUIRE(u.reason == unplaced_reason::pool_too_small);
    REQUIRE_FALSE(render_unplaced(r.left_out.front(), "da").empty());
  }
  SECTION("everyone vetoes everyone") {
    std::vector<seeker> pool;
    for (int i = 0; i < 7; ++i) {
      auto s = plain(static_cast<seeker_id>(i + 1));
      for (int j = 0; j < 7; ++j) {
        if (j != i) s.do_not_group.push_back(static_cast<seeker_id>(j + 1));
      }
      pool.push_back(s);
    }
    const auto r = form(pool, quick_options());
    require_valid(pool, quick_options(), r);
    REQUIRE(r.networks.empty());
  }
}

TEST_CASE("bad input: given networks that name unknown seekers are reported, not fatal", "[matching]") {
  const auto pool = pool_of(30, 4);
  const std::vector<anchored_network> anchored{
      {1, {pool[0].id, 999'999}, false}, {2, {pool[0].id, pool[1].id}, true}, {3, {888'888}, false}};
  const auto r = form(pool, quick_options(), anchored);
  REQUIRE(r.state == status::ok);
  REQUIRE_THAT(r.message, Catch::Contains("999999"));
  REQUIRE_THAT(r.message, Catch::Contains("more than one"));
  std::map<seeker_id, int> times;
  for (const auto& n : r.networks) {
    for (const auto id : n.members) ++times[id];
  }
  for (const auto& u : r.left_out) ++times[u.seeker];
  for (const auto& s : pool) REQUIRE(times[s.id] == 1);
}

TEST_CASE("explain: every member gets facts and sentences in Danish and English", "[matching]") {
  const auto pool = pool_of(60, 5);
  const auto r = form(pool, quick_options(5));
  REQUIRE_FALSE(r.networks.empty());
  const title_lookup titles = [](std::uint16_t isco, std::string_view language) -> std::string {
    if (isco != 2512) return {};
    return language == "da" ? "softwareudvikler" : "software developer";
  };
  for (const auto& n : r.networks) {
    for (const auto& e : n.explanations) {
      REQUIRE_FALSE(e.facts.empty());
      bool has_slots = false;
      for (const auto& f : e.facts) has_slots = has_slots || f.kind == fact_kind::shared_slots;
      REQUIRE(has_slots);
      const auto da = render_explanation(e, "da", titles);
      const auto en = render_explanation(e, "en", titles);
      REQUIRE_FALSE(da.empty());
      REQUIRE_FALSE(en.empty());
      REQUIRE(da != en);
      REQUIRE_THAT(en, Catch::Contains("Everyone in the network is free"));
      REQUIRE_THAT(da, Catch::Contains("Alle i netværket har tid"));
    }
  }
}

TEST_CASE("explain: the goal, times, language and distance read as plain words", "[matching]") {
  std::vector<seeker> pool;
  for (int i = 0; i < 6; ++i) {
    auto s = plain(static_cast<seeker_id>(i + 1));
    s.skills = {static_cast<std::uint32_t>(i), 100};
    s.mode = meeting_mode::in_person;
    pool.push_back(s);
  }
  const auto r = form(pool, quick_options());
  REQUIRE(r.networks.size() == 1);
  const title_lookup titles = [](std::uint16_t, std::string_view language) -> std::string {
    return language == "da" ? "softwareudvikler" : "software developer";
  };
  const auto en = render_explanation(r.networks[0].explanations[0], "en", titles);
  REQUIRE_THAT(en, Catch::Contains("Shares the goal 'software developer' (ISCO 2512) with 5 other members."));
  REQUIRE_THAT(en, Catch::Contains("Tuesday and Thursday mornings"));
  REQUIRE_THAT(en, Catch::Contains("works in Danish"));
  REQUIRE_THAT(en, Catch::Contains("Brings 1 skill that no one else"));
  REQUIRE_THAT(en, Catch::Contains("km of the others who meet in person"));
  const auto da = render_explanation(r.networks[0].explanations[0], "da", titles);
  REQUIRE_THAT(da, Catch::Contains("Har målet 'softwareudvikler' (ISCO 2512) til fælles med 5 andre medlemmer."));
  REQUIRE_THAT(da, Catch::Contains("tirsdag og torsdag formiddag"));
  REQUIRE_THAT(da, Catch::Contains("taler dansk"));
  REQUIRE(render_slots(week_slots{}, "en") == "no common time");
}

TEST_CASE("isco and geo: codes are checked and distances are plausible", "[matching]") {
  REQUIRE(is_isco_unit_group(2512));
  REQUIRE(is_isco_unit_group(110));
  REQUIRE_FALSE(is_isco_unit_group(2500));
  REQUIRE(closeness(occupation_goal(2512), occupation_goal(2513)) == goal_closeness::minor);
  REQUIRE(closeness(occupation_goal(2512), occupation_goal(2521)) == goal_closeness::sub_major);
  REQUIRE(closeness(occupation_goal(2512), occupation_goal(2611)) == goal_closeness::major);
  REQUIRE(closeness(occupation_goal(2512), occupation_goal(7411)) == goal_closeness::none);
  REQUIRE(closeness(education_goal(), education_goal()) == goal_closeness::unit);
  REQUIRE(closeness(education_goal(), own_business_goal()) == goal_closeness::none);
  const double copenhagen_aarhus =
      distance_km(project(approximate_position(1050)), project(approximate_position(8000)));
  REQUIRE(copenhagen_aarhus > 140);
  REQUIRE(copenhagen_aarhus < 175);
  REQUIRE_FALSE(is_danish_postcode(3900));
  REQUIRE(is_danish_postcode(9990));
}

}  // namespace
}  // namespace kreds::matching
