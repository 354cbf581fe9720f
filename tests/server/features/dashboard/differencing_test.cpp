// Differencing attacks on the whole dashboard (build_dashboard over a real
// SQLite schema), as a property test over random populations: an admin who
// asks two adjacent views whose only difference is one person, subtracts
// shown cells across tables, or filters down to a cell another view shows
// as "<5", must not learn that person's outcome with certainty. Without the
// cell-key method every one of these attacks succeeds every time.
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>

#include "core/clock.hpp"
#include "features/dashboard/dashboard.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

using namespace kreds;
using namespace kreds::features;
using std::chrono::sys_days;

namespace {

const std::array<const char*, 3> tracks{"network", "network_sparring", "individual"};
const auto today = *parse_iso_date("2026-09-01");

// A municipality of `n` seekers who started in January to March 2025 and the target, who alone started in
// December 2024. Each found work within 12 weeks of starting with probability ½ (recorded by the caseworker).
struct population {
  std::unique_ptr<SQLite::Database> db;
  std::string target_track;
  bool target_in_work = false;
  std::map<std::string, int> per_track;  // the true number of people per track, the target included
  int in_work = 0;                       // the true number who found work

  // n = 0: none (and no target); with_target false: no target either.
  population(std::mt19937& random, int n, bool with_target = true) {
    auto opened = storage::open_database({":memory:"});
    REQUIRE(opened);
    db = std::move(*opened);
    REQUIRE(storage::migrate(*db));
    db->exec("INSERT INTO municipality (id, code, name) VALUES (1, '751', 'Aarhus')");
    db->exec(
        "INSERT INTO account (id, municipality_id, role, email, display_name) VALUES (1, 1, 'caseworker', "
        "'cw@x.dk', 'Caseworker')");
    for (int id = 2; n > 0 && id < n + (with_target ? 3 : 2); ++id) {
      const bool target = with_target && id == n + 2;
      const auto start =
          target ? *parse_iso_date("2024-12-10") : *parse_iso_date("2025-01-01") + std::chrono::days(random() % 88);
      const std::string track = tracks[random() % tracks.size()];
      const bool in_work_flag = random() % 2 == 0;
      if (target) {
        target_track = track;
        target_in_work = in_work_flag;
      }
      ++per_track[track];
      if (in_work_flag) ++in_work;
      add_seeker(id, start, track,
                 in_work_flag ? std::optional(start + std::chrono::days(7 + random() % 77)) : std::nullopt);
    }
  }

  void add_seeker(int id, std::chrono::sys_days start, const std::string& track,
                  std::optional<std::chrono::sys_days> job) {
    const auto sid = std::to_string(id);
    db->exec("INSERT INTO account (id, municipality_id, role, email, display_name) VALUES (" + sid +
             ", 1, 'seeker', 's" + sid + "@x.dk', 'Seeker " + sid + "')");
    db->exec(
        "INSERT INTO track_decision (municipality_id, account_id, track, suggested_track, score, factors, "
        "decided_by, decided_at) VALUES (1, " +
        sid + ", '" + track + "', '" + track + "', 1, '[]', 1, '" + to_iso_date(start) + "T09:00:00Z')");
    if (job) {
      db->exec(
          "INSERT INTO case_outcome (account_id, municipality_id, kind, on_date, recorded_by, recorded_at) "
          "VALUES (" +
          sid + ", 1, 'job', '" + to_iso_date(*job) + "', 1, '" + to_iso_date(*job) + "T10:00:00Z')");
    }
  }

  dashboard_view view(const std::string& query) const {
    auto built = build_dashboard(*db, 1, query, today, 90);
    REQUIRE(built);
    return std::move(*built);
  }
};

const dashboard_table& table(const dashboard_view& view, const std::string& id) {
  for (const auto& t : view.tables) {
    if (t.id == id) return t;
  }
  FAIL("no table " << id);
  throw std::logic_error("unreachable");
}

// A cell by table, row key and column key.
const table_cell& cell(const dashboard_view& view, const std::string& id, const std::string& row,
                       const std::string& column) {
  const auto& t = table(view, id);
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    if (t.rows[r].key == row) return t.cell(r, column);
  }
  FAIL("no row " << row << " in " << id);
  throw std::logic_error("unreachable");
}

double number(const table_cell& c) { return c.mark == cell_mark::small ? 2.5 : c.value.value_or(0); }

}  // namespace

TEST_CASE(
    "dashboard differencing: a period one person wider than another is withheld, and an open start closes at "
    "a month with enough people",
    "[dashboard][disclosure][differencing]") {
  std::mt19937 random(20261207);
  int shown = 0;
  for (int trial = 0; trial < 40; ++trial) {
    const population p(random, 60 + static_cast<int>(random() % 60));
    // December holds the target alone: the period that adds December to January–March is withheld.
    const auto with = p.view("from=2024-12&to=2026-06");
    REQUIRE(with.withheld());
    CHECK(with.body.at("withheld").at("reason").as_string() == "period_edge");
    CHECK(with.body.at("withheld").at("field").as_string() == "from");
    // Without a start, the period starts at the first month with enough people: the same view as from=2025-01.
    const auto open = p.view("to=2026-06");
    const auto january = p.view("from=2025-01&to=2026-06");
    if (january.withheld()) continue;  // January itself was too thin in this draw
    ++shown;
    REQUIRE_FALSE(open.withheld());
    CHECK(open.body.at("filters").at("from").as_string() == "2025-01");
    CHECK(open.body.at("tables") == january.body.at("tables"));
  }
  CHECK(shown > 20);
}

// The first day of the m-th month from July 2024.
sys_days first_of_month(int m) {
  using namespace std::chrono;
  return sys_days{year_month_day{year(2024) / July / 1} + months(m)};
}

// A population whose months are uneven (some hold one or two people) and whose tracks are too.
struct sparse_population : population {
  struct seeker {
    std::string month;
    std::string track;
  };
  std::vector<seeker> seekers;

  sparse_population(std::mt19937& random, int n) : population(random, 0) {
    std::vector<double> weights;
    for (int m = 0; m < 12; ++m) weights.push_back(static_cast<double>(random() % 10) + (random() % 4 == 0 ? 0.1 : 0));
    std::discrete_distribution<int> month_of(weights.begin(), weights.end());
    std::discrete_distribution<int> track_of({0.6, 0.3, 0.1});
    for (int i = 0; i < n; ++i) {
      const auto day = first_of_month(month_of(random)) + std::chrono::days(random() % 27);
      const std::string track = tracks[track_of(random)];
      seekers.push_back({to_iso_date(day).substr(0, 7), track});
      add_seeker(1000 + i, day, track, random() % 2 ? std::optional(day + std::chrono::days(30)) : std::nullopt);
    }
  }

  // The seekers a shown view counts, by their index: those who started within its (closed) period on its track.
  std::set<std::size_t> counted(const dashboard_view& view) const {
    const auto& filters = view.body.at("filters");
    const std::string from(filters.at("from").as_string()), to(filters.at("to").as_string());
    const auto track = filters.at("track").is_null() ? std::string() : std::string(filters.at("track").as_string());
    std::set<std::size_t> people;
    for (std::size_t i = 0; i < seekers.size(); ++i) {
      if (seekers[i].month >= from && seekers[i].month <= to && (track.empty() || seekers[i].track == track)) {
        people.insert(i);
      }
    }
    return people;
  }
};

TEST_CASE("dashboard differencing: two shown views, one inside the other, differ by nobody or by several people",
          "[dashboard][disclosure][differencing]") {
  std::mt19937 random(314);
  std::vector<std::string> months;
  for (int m = 0; m < 12; ++m) months.push_back(to_iso_date(first_of_month(m)).substr(0, 7));
  int nested_pairs = 0, withheld = 0, shown_views = 0;
  for (int trial = 0; trial < 12; ++trial) {
    const sparse_population p(random, 40 + static_cast<int>(random() % 110));
    std::vector<std::set<std::size_t>> views;
    for (int v = 0; v < 40; ++v) {
      std::string query = "to=2025-08";
      auto a = random() % months.size(), b = random() % months.size();
      if (a > b) std::swap(a, b);
      if (random() % 3) query = "from=" + months[a] + "&to=" + months[b];
      if (random() % 2) query += std::string("&track=") + tracks[random() % tracks.size()];
      const auto view = p.view(query);
      if (view.withheld()) {
        ++withheld;
        continue;
      }
      ++shown_views;
      views.push_back(p.counted(view));
      // The sets are right: the true count behind the total row is theirs.
      CHECK(cell(view, "outcomes_by_track", "total", "people").people.count ==
            static_cast<std::int64_t>(views.back().size()));
    }
    for (const auto& inner : views) {
      for (const auto& outer : views) {
        if (inner.size() >= outer.size() || !std::includes(outer.begin(), outer.end(), inner.begin(), inner.end()))
          continue;
        ++nested_pairs;
        INFO("a view of " << inner.size() << " inside one of " << outer.size());
        // docs/dashboard.md promises at least 10 as published, so at least 7 in truth.
        CHECK(outer.size() - inner.size() >= 7);
      }
    }
  }
  WARN(shown_views << " views shown, " << withheld << " withheld, " << nested_pairs << " nested pairs checked");
  CHECK(nested_pairs > 50);
  CHECK(withheld > 0);
}

TEST_CASE("dashboard differencing: the same people show the same in every table and in a filtered view",
          "[dashboard][disclosure][differencing]") {
  std::mt19937 random(42);
  int withheld = 0, shown = 0;
  for (int trial = 0; trial < 60; ++trial) {
    const population p(random, 60 + static_cast<int>(random() % 60), false);
    const auto all = p.view("from=2025-01&to=2026-06");
    if (all.withheld()) continue;
    ++shown;
    // Behind the noise, the true counts: everyone, and everyone the caseworker recorded in work.
    int everyone = 0;
    for (const auto& [track, n] : p.per_track) everyone += n;
    CHECK(cell(all, "outcomes_by_track", "total", "people").people.count == everyone);
    CHECK(cell(all, "time_to_job", "total", "job_or_education").people.count == p.in_work);
    for (const auto* track : tracks) {
      const auto& people = cell(all, "outcomes_by_track", track, "people");
      CHECK(cell(all, "time_to_job", track, "people").value == people.value);
      CHECK(cell(all, "exits_other", track, "people").value == people.value);
      // Filtered to the track: its row is the same people, so the same cells — "<5" stays "<5" — or the view
      // is withheld as a whole when they are under the minimum population.
      const auto filtered = p.view(std::string("from=2025-01&to=2026-06&track=") + track);
      if (*people.value < 20) CHECK(filtered.withheld());
      if (filtered.withheld()) {
        ++withheld;
        CHECK(filtered.tables.empty());
        continue;
      }
      for (const char* column : {"people", "in_work_13", "followed_52", "share_13"}) {
        INFO(track << " " << column);
        CHECK(cell(filtered, "outcomes_by_track", track, column).value ==
              cell(all, "outcomes_by_track", track, column).value);
        CHECK(cell(filtered, "outcomes_by_track", track, column).mark ==
              cell(all, "outcomes_by_track", track, column).mark);
      }
    }
  }
  CHECK(withheld > 0);
  CHECK(shown > 30);
}

TEST_CASE("dashboard differencing: subtracting the other rows from the total does not recover a row",
          "[dashboard][disclosure][differencing]") {
  std::mt19937 random(99);
  constexpr int trials = 200;
  int exact = 0;
  for (int trial = 0; trial < trials; ++trial) {
    const population p(random, 60 + static_cast<int>(random() % 40), false);
    const auto all = p.view("");
    REQUIRE_FALSE(all.withheld());
    const std::string target = tracks[trial % tracks.size()];
    double rest = number(cell(all, "outcomes_by_track", "total", "people"));
    for (const auto* track : tracks) {
      if (track != target) rest -= number(cell(all, "outcomes_by_track", track, "people"));
    }
    exact += static_cast<std::int64_t>(rest) == cell(all, "outcomes_by_track", target, "people").people.count;
  }
  const double rate = static_cast<double>(exact) / trials;
  WARN("a track's people recovered exactly by subtraction: " << rate << " (without noise: 1)");
  CHECK(rate < 0.5);
}

TEST_CASE("dashboard filters: the period is whole months, never a day", "[dashboard][disclosure]") {
  std::mt19937 random(5);
  const population p(random, 30);
  for (const auto* query :
       {"from=2025-01-15", "to=2025-03-31", "from=2025-1", "to=2025-13", "from=2025-05&to=2025-04"}) {
    auto built = build_dashboard(*p.db, 1, query, today, 90);
    INFO(query);
    REQUIRE_FALSE(built);
    CHECK(built.err().code() == errc::invalid_field);
  }
  CHECK(p.view("from=2025-01&to=2025-03").body.at("filters").at("from").as_string() == "2025-01");
}
