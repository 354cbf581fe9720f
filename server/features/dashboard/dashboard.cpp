#include "features/dashboard/dashboard.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "features/common/staff_time.hpp"
#include "features/common/target_groups.hpp"
#include "features/dashboard/dashboard_table.hpp"
#include "features/dashboard/kaplan_meier.hpp"
#include "features/dashboard/routes.hpp"
#include "platform/api_router.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/json_output.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"

namespace kreds::features {

namespace json = boost::json;
using boost::asio::awaitable;
using std::chrono::days;
using std::chrono::sys_days;

namespace {

struct keyed_label {
  const char* key;
  dashboard_label label;
};

const std::array<keyed_label, 3> tracks{{{"network", {"Netværk", "Network"}},
                                         {"network_sparring", {"Netværk med sparring", "Network with sparring"}},
                                         {"individual", {"Individuel indsats", "Individual effort"}}}};
// The target groups as the dashboard's rows: the five, then the profiles erased since.
const std::vector<keyed_label> target_group_rows = [] {
  std::vector<keyed_label> rows;
  for (const auto& g : target_groups) rows.push_back({g.key.data(), {std::string(g.da), std::string(g.en)}});
  rows.push_back({"", {"Ukendt (profil slettet)", "Unknown (profile erased)"}});
  return rows;
}();
const dashboard_label total_label{"I alt", "Total"};
constexpr std::array<int, 3> horizons{13, 26, 52};
constexpr std::array<int, 7> curve_weeks{0, 4, 8, 13, 26, 39, 52};
constexpr int months_shown = 24;
// Every table build() makes, in its order (the CSV route knows an unknown table before it builds any).
constexpr std::array<std::string_view, 8> table_ids{"outcomes_by_track", "outcomes_by_target_group",
                                                    "time_to_job",       "still_searching",
                                                    "exits_other",       "staff_time",
                                                    "hours_freed",       "network_health"};

// The period is whole months: from the first day of `from` to the last of `to` (no single-day bounds to slice by).
struct filters {
  std::optional<std::string> from;  // YYYY-MM-DD, a month's first day
  std::string to;                   // YYYY-MM-DD, a month's last day, or today
  bool to_given = false;
  std::optional<std::string> track;
  std::optional<std::string> target_group;
  std::optional<std::int64_t> caseworker;
};

// One person of the municipality with a track decision.
struct person {
  std::int64_t id = 0;
  std::uint32_t record_key = 0;  // account.record_key, for the cell-key method
  std::string track;             // of the first decision
  sys_days entry;
  std::int64_t decided_by = 0;
  std::string target_group;       // "" when the profile is erased
  std::optional<sys_days> event;  // first job or education
  std::optional<sys_days> exit;   // first exit for another reason
  std::string exit_kind;          // other_outcome, left_network, account_closed
};

struct decision {
  sys_days on;
  std::string track;
};

kreds::error bad(const std::string& field, const std::string& message) { return {errc::invalid_field, message, field}; }

// The first day of a month written YYYY-MM; none for anything else (a day included).
std::optional<sys_days> parse_month(const std::string& text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  return parse_iso_date(text + "-01");
}

sys_days next_month(sys_days first) { return sys_days{std::chrono::year_month_day{first} + std::chrono::months(1)}; }

result<filters> parse_filters(SQLite::Database& db, const std::string& query, std::int64_t municipality_id,
                              sys_days today) {
  filters f;
  f.to = to_iso_date(today);
  if (auto from = query_parameter(query, "from"); from && !from->empty()) {
    const auto first = parse_month(*from);
    if (!first) return bad("from", "from must be a month (YYYY-MM)");
    f.from = to_iso_date(*first);
  }
  if (auto to = query_parameter(query, "to"); to && !to->empty()) {
    const auto first = parse_month(*to);
    if (!first) return bad("to", "to must be a month (YYYY-MM)");
    f.to = to_iso_date(next_month(*first) - days(1));
    f.to_given = true;
  }
  if (f.from && *f.from > f.to) return bad("from", "from must not be after to");
  if (auto track = query_parameter(query, "track"); track && !track->empty()) {
    if (std::none_of(tracks.begin(), tracks.end(), [&](const auto& t) { return *track == t.key; })) {
      return bad("track", "track must be network, network_sparring or individual");
    }
    f.track = *track;
  }
  if (auto group = query_parameter(query, "target_group"); group && !group->empty()) {
    if (!find_target_group(*group)) {
      return bad("target_group", "target_group must be one of " + target_group_key_list());
    }
    f.target_group = *group;
  }
  if (auto caseworker = query_parameter(query, "caseworker"); caseworker && !caseworker->empty()) {
    const auto parsed = whole_number(*caseworker, 1, std::numeric_limits<std::int64_t>::max());
    if (!parsed) return bad("caseworker", "caseworker must be the id of a caseworker");
    const auto id = *parsed;
    SQLite::Statement known(db, "SELECT 1 FROM account WHERE id = ? AND municipality_id = ? AND role = 'caseworker'");
    storage::bind_all(known, id, municipality_id);
    if (!known.executeStep()) return bad("caseworker", "no such caseworker in your municipality");
    f.caseworker = id;
  }
  return f;
}

std::optional<sys_days> date_column(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return parse_iso_date(column.getString().substr(0, 10));
}

std::vector<person> load_people(SQLite::Database& db, std::int64_t municipality_id) {
  SQLite::Statement rows(
      db,
      "SELECT a.id, d.track, d.decided_at, d.decided_by, coalesce(p.target_group, ''), "
      "(SELECT min(on_date) FROM (SELECT on_date FROM outcome o WHERE o.account_id = a.id AND o.kind IN ('job', "
      "'education') "
      "  UNION ALL SELECT on_date FROM case_outcome c WHERE c.account_id = a.id AND c.kind IN ('job', 'education'))), "
      "(SELECT min(on_date) FROM (SELECT on_date FROM outcome o WHERE o.account_id = a.id AND o.kind = 'other' "
      "  UNION ALL SELECT on_date FROM case_outcome c WHERE c.account_id = a.id AND c.kind = 'other')), "
      "CASE WHEN EXISTS (SELECT 1 FROM network_member m WHERE m.account_id = a.id) "
      "  AND NOT EXISTS (SELECT 1 FROM network_member m WHERE m.account_id = a.id AND m.left_at IS NULL) "
      "  AND NOT EXISTS (SELECT 1 FROM outcome o WHERE o.account_id = a.id) "
      "  AND NOT EXISTS (SELECT 1 FROM case_outcome c WHERE c.account_id = a.id) "
      "  THEN (SELECT max(left_at) FROM network_member m WHERE m.account_id = a.id) END, "
      "a.deactivated_at, coalesce(a.record_key, 0) "
      "FROM account a JOIN track_decision d ON d.id = (SELECT min(id) FROM track_decision WHERE account_id = a.id) "
      "LEFT JOIN profile p ON p.account_id = a.id WHERE a.municipality_id = ? AND a.role = 'seeker'");
  rows.bind(1, municipality_id);
  std::vector<person> people;
  while (rows.executeStep()) {
    person p;
    p.id = rows.getColumn(0).getInt64();
    p.record_key = static_cast<std::uint32_t>(rows.getColumn(9).getInt64());
    p.track = rows.getColumn(1).getString();
    p.entry = date_column(rows.getColumn(2)).value_or(sys_days{});
    p.decided_by = rows.getColumn(3).getInt64();
    p.target_group = rows.getColumn(4).getString();
    p.event = date_column(rows.getColumn(5));
    for (const auto& [column, kind] :
         {std::pair{6, "other_outcome"}, std::pair{7, "left_network"}, std::pair{8, "account_closed"}}) {
      const auto day = date_column(rows.getColumn(column));
      if (day && (!p.exit || *day < *p.exit)) {
        p.exit = day;
        p.exit_kind = kind;
      }
    }
    people.push_back(std::move(p));
  }
  return people;
}

// Weeks from joining to the event, or to the end of follow-up (censored).
follow_up follow(const person& p, sys_days as_of) {
  const auto end = std::min(p.exit.value_or(as_of), as_of);
  const auto weeks = [&](sys_days day) { return std::max(0.0, static_cast<double>((day - p.entry).count()) / 7.0); };
  if (p.event && *p.event <= end) return {weeks(*p.event), true};
  return {weeks(end), false};
}

bool matches(const person& p, const filters& f, bool with_period, bool with_track) {
  if (with_period && ((f.from && to_iso_date(p.entry) < *f.from) || to_iso_date(p.entry) > f.to)) return false;
  if (with_track && f.track && p.track != *f.track) return false;
  if (f.target_group && p.target_group != *f.target_group) return false;
  if (f.caseworker && p.decided_by != *f.caseworker) return false;
  return true;
}

// Groups of people under a label (a track or a target group), in the order shown.
using person_groups = std::vector<std::pair<keyed_label, std::vector<const person*>>>;

dashboard_column count(const char* key, dashboard_label label) { return {key, "count", std::move(label)}; }

// Everyone of `people`, for the cell-key method.
people_tally tally(const std::vector<const person*>& people) {
  people_tally all;
  for (const auto* p : people) all.add(p->record_key);
  return all;
}

// A count of people as the dashboard publishes it: the perturbed count, "<5" for 1 to 4.
json::value published_json(const people_tally& people) {
  const auto n = dashboard_perturbation().published(people);
  if (n >= 1 && n < disclosure_limits::smallest_shown) return "<5";
  return n;
}

// Outcomes at 13, 26 and 52 weeks for groups of people, with a total row.
dashboard_table outcome_table(const char* id, dashboard_label title, const person_groups& groups, sys_days as_of) {
  dashboard_table t{id, std::move(title)};
  t.columns.push_back(count("people", {"Personer", "People"}));
  for (int h : horizons) {
    const auto w = std::to_string(h);
    t.columns.push_back({"followed_" + w, "count", {"Fulgt " + w + " uger", "Followed " + w + " weeks"}});
    t.columns.push_back(
        {"in_work_" + w, "count", {"I job/uddannelse efter " + w + " uger", "In work/education at " + w + " weeks"}});
    t.columns.push_back({"share_" + w, "share", {"Andel efter " + w + " uger", "Share at " + w + " weeks"}});
  }
  auto fill = [&](std::size_t row, const std::vector<const person*>& people) {
    t.set_people(row, "people", tally(people));
    for (int h : horizons) {
      const auto w = std::to_string(h);
      people_tally followed, in_work;
      for (const auto* p : people) {
        if (p->entry + days(7 * h) > as_of) continue;
        followed.add(p->record_key);
        const auto f = follow(*p, as_of);
        if (f.event && f.time <= h) in_work.add(p->record_key);
      }
      t.set_people(row, "followed_" + w, followed);
      t.set_people(row, "in_work_" + w, in_work);
      t.add_ratio(row, "share_" + w, "in_work_" + w, "followed_" + w);
    }
  };
  std::vector<const person*> everyone;
  for (const auto& [label, people] : groups) {
    fill(t.add_row(label.key, label.label), people);
    everyone.insert(everyone.end(), people.begin(), people.end());
  }
  fill(t.add_row("total", total_label), everyone);
  t.protect();
  return t;
}

std::string month_of(sys_days day) { return to_iso_date(day).substr(0, 7); }

sys_days month_start(sys_days day) {
  const std::chrono::year_month_day ymd{day};
  return sys_days{ymd.year() / ymd.month() / 1};
}

// What the monthly series read besides their own arguments: the database, the municipality, the filters and its people.
struct dashboard_source {
  SQLite::Database& db;
  std::int64_t municipality_id;
  const filters& f;
  const std::vector<person>& people;
};

// Everyone whose start lies in the period and who matches every filter.
std::vector<const person*> select_cohort(const std::vector<person>& people, const filters& f) {
  std::vector<const person*> cohort;
  for (const auto& p : people) {
    if (matches(p, f, true, true)) cohort.push_back(&p);
  }
  return cohort;
}

// Why a view is withheld: its people are too few ("population"), or another view one step wider — the period
// moved past its first or last month with anyone in it, or `field` left out — would differ from it by a few people
// ("period_edge", "complement"), whose outcomes the difference would show.
struct withheld_reason {
  const char* reason;
  const char* field;  // "" for population
};

// The people of the cohort who started in its first and in its last month (by start).
std::pair<people_tally, people_tally> edge_months(const std::vector<const person*>& cohort) {
  std::map<std::string, people_tally> by_month;
  for (const auto* p : cohort) by_month[month_of(p->entry)].add(p->record_key);
  if (by_month.empty()) return {};
  return {by_month.begin()->second, by_month.rbegin()->second};
}

// Query-set-size control (docs/dashboard.md, "Views that differ by a few"): a view stands when its people, as
// published, number at least the minimum population, and every view one step wider differs from it by nobody or
// by at least disclosure_limits::minimum_difference people.
std::optional<withheld_reason> view_withheld(const std::vector<person>& people, const filters& f,
                                             const std::vector<const person*>& cohort) {
  const auto& table = dashboard_perturbation();
  if (!population_shown(tally(cohort))) return withheld_reason{"population", ""};
  const auto few = [&](const people_tally& t) {
    return t.count > 0 && table.published(t) < disclosure_limits::minimum_difference;
  };
  const auto [first, last] = edge_months(cohort);
  if (few(first)) return withheld_reason{"period_edge", "from"};
  if (few(last)) return withheld_reason{"period_edge", "to"};
  // Every wider view over the cohort's own months (its first start to its last: months in the period without anyone
  // of the cohort are no cover) with one or more of the filters left out.
  const auto [earliest, latest] = std::minmax_element(
      cohort.begin(), cohort.end(), [](const person* a, const person* b) { return a->entry < b->entry; });
  filters own = f;
  own.from = to_iso_date(month_start((*earliest)->entry));
  own.to = to_iso_date(next_month(month_start((*latest)->entry)) - days(1));
  const std::array<bool, 3> given{f.track.has_value(), f.target_group.has_value(), f.caseworker.has_value()};
  const std::array<const char*, 3> names{"track", "target_group", "caseworker"};
  for (unsigned left_out = 1; left_out < 8; ++left_out) {  // each non-empty set of the three filters
    bool possible = true;                                  // only a filter that was given can be left out
    const char* field = nullptr;
    for (unsigned i = 0; i < given.size(); ++i) {
      if (!(left_out & (1U << i))) continue;
      possible = possible && given[i];
      if (!field) field = names[i];
    }
    if (!possible) continue;
    filters wider = own;
    if (left_out & 1U) wider.track.reset();
    if (left_out & 2U) wider.target_group.reset();
    if (left_out & 4U) wider.caseworker.reset();
    people_tally others;
    for (const auto& p : people) {
      if (matches(p, wider, true, true) && !matches(p, f, true, true)) others.add(p.record_key);
    }
    if (few(others)) return withheld_reason{"complement", field};
  }
  return std::nullopt;
}

// The view's filters with each bound the admin left open closed at the first (last) month in which at least
// minimum_difference people of the view started, as published: the open view is then one of the explicit ones, and
// never a few people wider than one. Months before (after) it are not counted unless asked for explicitly.
filters close_open_bounds(const std::vector<person>& people, filters f) {
  std::map<sys_days, people_tally> by_month;
  for (const auto* p : select_cohort(people, f)) by_month[month_start(p->entry)].add(p->record_key);
  const auto enough = [](const auto& month) {
    return dashboard_perturbation().published(month.second) >= disclosure_limits::minimum_difference;
  };
  const auto first = std::find_if(by_month.begin(), by_month.end(), enough);
  const auto last = std::find_if(by_month.rbegin(), by_month.rend(), enough);
  if (first == by_month.end()) return f;  // no month has enough: view_withheld() refuses the view
  if (!f.from) f.from = to_iso_date(first->first);
  if (!f.to_given) f.to = std::min(f.to, to_iso_date(next_month(last->first) - days(1)));
  return f;
}

// The cohort per track, in the order of `tracks`; only the filtered track when there is one.
person_groups group_by_track(const std::vector<const person*>& cohort, const filters& f) {
  person_groups by_track;
  for (const auto& t : tracks) {
    if (f.track && *f.track != t.key) continue;
    std::vector<const person*> members;
    for (const auto* p : cohort) {
      if (p->track == t.key) members.push_back(p);
    }
    by_track.emplace_back(t, std::move(members));
  }
  return by_track;
}

// The cohort per target group, in the order of `target_group_rows`; the erased profiles only when there are any.
person_groups group_by_target_group(const std::vector<const person*>& cohort, const filters& f) {
  person_groups by_group;
  for (const auto& g : target_group_rows) {
    if (f.target_group && *f.target_group != g.key) continue;
    std::vector<const person*> members;
    for (const auto* p : cohort) {
      if (p->target_group == g.key) members.push_back(p);
    }
    if (std::string(g.key).empty() && members.empty()) continue;
    by_group.emplace_back(g, std::move(members));
  }
  return by_group;
}

// Outcomes by track, then by target group: two protected tables, in that order.
std::vector<dashboard_table> outcome_tables(const person_groups& by_track, const person_groups& by_group,
                                            sys_days as_of) {
  std::vector<dashboard_table> tables;
  tables.push_back(outcome_table("outcomes_by_track",
                                 {"Job eller uddannelse efter 13, 26 og 52 uger, efter spor",
                                  "Work or education at 13, 26 and 52 weeks, by track"},
                                 by_track, as_of));
  tables.push_back(outcome_table("outcomes_by_target_group",
                                 {"Job eller uddannelse efter 13, 26 og 52 uger, efter målgruppe",
                                  "Work or education at 13, 26 and 52 weeks, by target group"},
                                 by_group, as_of));
  return tables;
}

// The time to job per track: its two tables, the survival chart (one entry per track) and each track's row.
struct time_to_job_view {
  dashboard_table time_to_job;
  dashboard_table still_searching;
  json::array survival;
  std::vector<std::size_t> track_rows;  // of time_to_job, in the order of by_track
};

// A group's follow-up and its Kaplan–Meier curve, with each person's record key beside their follow-up.
struct group_curve {
  survival_curve curve;
  std::vector<follow_up> data;
  // The follow-up times, ascending, and for each index the people followed at least that long (one more entry,
  // nobody, at the end): at_risk() looks a time up instead of counting, once per step of the curve.
  std::vector<double> times;
  std::vector<people_tally> followed_from;

  // Indexes data with the record keys beside it (keys[i] is the person of data[i]).
  void index(const std::vector<std::uint32_t>& keys) {
    std::vector<std::pair<double, std::uint32_t>> sorted;
    for (std::size_t i = 0; i < data.size(); ++i) sorted.emplace_back(data[i].time, keys[i]);
    std::sort(sorted.begin(), sorted.end());
    times.clear();
    followed_from.assign(sorted.size() + 1, people_tally{});
    for (const auto& [time, key] : sorted) times.push_back(time);
    for (std::size_t i = sorted.size(); i-- > 0;) {
      followed_from[i] = followed_from[i + 1];
      followed_from[i].add(sorted[i].second);
    }
  }

  // Those still followed at `time` (as survival_curve::at_risk_at counts them: follow-up >= time).
  people_tally at_risk(double time) const {
    return followed_from[static_cast<std::size_t>(std::lower_bound(times.begin(), times.end(), time) - times.begin())];
  }
};

// The time_to_job table with its columns and no rows.
dashboard_table new_time_to_job_table() {
  dashboard_table time_to_job{"time_to_job", {"Tid til job eller uddannelse", "Time to work or education"}};
  time_to_job.columns = {count("people", {"Personer", "People"}),
                         count("job_or_education", {"I job/uddannelse", "In work/education"}),
                         count("exits_other", {"Ophørt af andre grunde", "Left for other reasons"}),
                         count("still_searching", {"Søger stadig", "Still searching"}),
                         {"median_weeks", "weeks", {"Median, uger", "Median, weeks"}},
                         {"median_lower", "weeks", {"95 % KI, fra", "95% CI, from"}},
                         {"median_upper", "weeks", {"95 % KI, til", "95% CI, to"}}};
  return time_to_job;
}

// The still_searching table: four columns per track and one empty row per week of curve_weeks.
dashboard_table new_still_searching_table(const person_groups& by_track) {
  dashboard_table still_searching{
      "still_searching",
      {"Andel der stadig søger, efter uger siden start", "Share still searching, by weeks since joining"}};
  for (const auto& [t, members] : by_track) {
    still_searching.columns.push_back(
        {std::string(t.key) + "_share", "share", {t.label.da + ": andel", t.label.en + ": share"}});
    still_searching.columns.push_back(
        {std::string(t.key) + "_lower", "share", {t.label.da + ": 95 % KI fra", t.label.en + ": 95% CI from"}});
    still_searching.columns.push_back(
        {std::string(t.key) + "_upper", "share", {t.label.da + ": 95 % KI til", t.label.en + ": 95% CI to"}});
    still_searching.columns.push_back(
        {std::string(t.key) + "_at_risk", "count", {t.label.da + ": fulgt", t.label.en + ": followed"}});
  }
  for (int w : curve_weeks)
    still_searching.add_row("week_" + std::to_string(w), {std::to_string(w) + " uger", std::to_string(w) + " weeks"});
  return still_searching;
}

// Fills a row of time_to_job with the counts and the median of `members` (the median stands on all of them);
// returns their curve.
group_curve fill_time_to_job_row(dashboard_table& time_to_job, std::size_t row,
                                 const std::vector<const person*>& members, sys_days as_of) {
  group_curve group;
  std::vector<std::uint32_t> keys;
  people_tally events, other, searching;
  for (const auto* p : members) {
    group.data.push_back(follow(*p, as_of));
    keys.push_back(p->record_key);
    if (group.data.back().event) {
      events.add(p->record_key);
    } else {
      (p->exit && *p->exit <= as_of ? other : searching).add(p->record_key);
    }
  }
  group.curve = kaplan_meier(group.data);
  group.index(keys);
  const auto everyone = tally(members);
  time_to_job.set_people(row, "people", everyone);
  time_to_job.set_people(row, "exits_other", other);
  time_to_job.set_people(row, "job_or_education", events);
  time_to_job.set_people(row, "still_searching", searching);
  time_to_job.set(row, "median_weeks", group.curve.median);
  time_to_job.set(row, "median_lower", group.curve.median_lower);
  time_to_job.set(row, "median_upper", group.curve.median_upper);
  for (const auto* key : {"median_weeks", "median_lower", "median_upper"}) time_to_job.add_derived(row, key, everyone);
  return group;
}

// A track's entry of the survival chart: the people as published, and the curve's points while the number still
// followed, as published, is at least the minimum population (none for a smaller group).
json::object survival_chart(const keyed_label& t, const group_curve& group) {
  const auto everyone = group.at_risk(0);
  json::array points;
  if (population_shown(everyone)) {
    const auto& published = dashboard_perturbation();
    points.push_back(json::object{{"week", 0},
                                  {"still_searching", 1.0},
                                  {"lower", 1.0},
                                  {"upper", 1.0},
                                  {"at_risk", published.published(everyone)}});
    for (const auto& step : group.curve.steps) {
      const auto followed = group.at_risk(step.time);
      if (!population_shown(followed)) break;
      points.push_back(json::object{{"week", std::round(step.time * 10) / 10},
                                    {"still_searching", std::round(step.survival * 1000) / 1000},
                                    {"lower", std::round(step.lower * 1000) / 1000},
                                    {"upper", std::round(step.upper * 1000) / 1000},
                                    {"at_risk", published.published(followed)}});
    }
  }
  return json::object{{"track", t.key}, {"people", published_json(everyone)}, {"points", std::move(points)}};
}

// Fills a track's columns of still_searching at each of curve_weeks: the number followed, and while anyone is,
// the share still searching with its band (standing on those followed).
void fill_still_searching(dashboard_table& still_searching, const char* track_key, const group_curve& track) {
  for (std::size_t i = 0; i < curve_weeks.size(); ++i) {
    const double w = curve_weeks[i];
    const auto followed = track.at_risk(w);
    const std::string key = track_key;
    still_searching.set_people(i, key + "_at_risk", followed);
    if (followed.count == 0) continue;
    double lower = 1, upper = 1;
    for (const auto& step : track.curve.steps) {
      if (step.time > w) break;
      lower = step.lower;
      upper = step.upper;
    }
    still_searching.set(i, key + "_share", track.curve.survival_at(w));
    still_searching.set(i, key + "_lower", lower);
    still_searching.set(i, key + "_upper", upper);
    for (const auto* part : {"_share", "_lower", "_upper"}) still_searching.add_derived(i, key + part, followed);
  }
}

// Time to job per track (Kaplan–Meier): time_to_job with a total row (everyone's counts and median) and
// still_searching, both protected, and the survival chart.
time_to_job_view time_to_job_by_track(const person_groups& by_track, sys_days as_of) {
  time_to_job_view view{new_time_to_job_table(), new_still_searching_table(by_track), {}, {}};
  std::vector<const person*> everyone;
  for (const auto& [t, members] : by_track) {
    const auto row = view.time_to_job.add_row(t.key, t.label);
    view.track_rows.push_back(row);
    everyone.insert(everyone.end(), members.begin(), members.end());
    const auto track = fill_time_to_job_row(view.time_to_job, row, members, as_of);
    view.survival.push_back(survival_chart(t, track));
    fill_still_searching(view.still_searching, t.key, track);
  }
  fill_time_to_job_row(view.time_to_job, view.time_to_job.add_row("total", total_label), everyone, as_of);
  view.time_to_job.protect();
  view.still_searching.protect();
  return view;
}

// Fills a row of exits_other: the people of `members`, and per kind those who left for another reason by as_of
// without a job or education first.
void fill_exits_row(dashboard_table& exits, std::size_t row, const std::vector<const person*>& members,
                    sys_days as_of) {
  std::map<std::string, people_tally> by_kind;
  for (const auto* p : members) {
    if (p->exit && *p->exit <= as_of && !(p->event && *p->event <= *p->exit)) by_kind[p->exit_kind].add(p->record_key);
  }
  exits.set_people(row, "people", tally(members));
  for (const auto* kind : {"other_outcome", "left_network", "account_closed"})
    exits.set_people(row, kind, by_kind[kind]);
}

// Exits for other reasons than work or education, per track with a total row; protected.
dashboard_table exits_other_table(const person_groups& by_track, sys_days as_of) {
  dashboard_table exits{
      "exits_other",
      {"Ophør af andre grunde end job eller uddannelse", "Exits for other reasons than work or education"}};
  exits.columns = {count("people", {"Personer", "People"}),
                   count("other_outcome", {"Anden afslutning", "Other outcome"}),
                   count("left_network", {"Forladt netværket uden resultat", "Left the network without an outcome"}),
                   count("account_closed", {"Konto lukket eller slettet", "Account closed or erased"})};
  std::vector<const person*> all;
  for (const auto& [t, members] : by_track) {
    fill_exits_row(exits, exits.add_row(t.key, t.label), members, as_of);
    all.insert(all.end(), members.begin(), members.end());
  }
  fill_exits_row(exits, exits.add_row("total", total_label), all, as_of);
  exits.protect();
  return exits;
}

// The first day of each month shown in the time series: the period (without a start: since the earliest entry),
// at most the last months_shown months up to as_of.
std::vector<sys_days> shown_months(const filters& f, sys_days as_of, const std::vector<person>& people) {
  std::vector<sys_days> months;
  auto first = f.from ? month_start(*parse_iso_date(*f.from)) : month_start(as_of);
  if (!f.from) {
    for (const auto& p : people) first = std::min(first, month_start(p.entry));
  }
  const auto last = month_start(as_of);
  first = std::max(first, sys_days{std::chrono::year_month_day{last} - std::chrono::months(months_shown - 1)});
  for (auto m = first; m <= last; m = sys_days{std::chrono::year_month_day{m} + std::chrono::months(1)})
    months.push_back(m);
  return months;
}

using decisions_by_seeker = std::map<std::int64_t, std::vector<decision>>;

// The seekers of a track in a month and the caseworker minutes spent on them.
struct track_month {
  people_tally seekers;
  double minutes = 0;
};
using month_staff = std::map<std::string, track_month>;  // by track

// The tables and chart series of staff time per month.
struct staff_time_view {
  dashboard_table staff;
  dashboard_table freed;
  json::array series;
};

// The rows of hours_freed so far and what its total row adds up.
struct freed_totals {
  std::vector<std::size_t> rows;
  people_tally seeker_months;  // a person once per month in a network
  double hours = 0;
};

// Every track decision of the municipality, per seeker in the order they were made.
decisions_by_seeker load_decisions(SQLite::Database& db, std::int64_t municipality_id) {
  decisions_by_seeker decisions;
  SQLite::Statement rows(
      db, "SELECT account_id, track, decided_at FROM track_decision WHERE municipality_id = ? ORDER BY account_id, id");
  rows.bind(1, municipality_id);
  while (rows.executeStep()) {
    decisions[rows.getColumn(0).getInt64()].push_back({*date_column(rows.getColumn(2)), rows.getColumn(1).getString()});
  }
  return decisions;
}

// The staff_time table: seekers and minutes per seeker for each track, no rows.
dashboard_table new_staff_table(const person_groups& by_track) {
  dashboard_table staff{
      "staff_time",
      {"Jobrådgivertid pr. jobsøger pr. måned, efter spor", "Caseworker minutes per seeker per month, by track"}};
  for (const auto& [t, members] : by_track) {
    staff.columns.push_back(
        {std::string(t.key) + "_seekers", "count", {t.label.da + ": jobsøgere", t.label.en + ": seekers"}});
    staff.columns.push_back({std::string(t.key) + "_minutes",
                             "minutes",
                             {t.label.da + ": minutter pr. jobsøger", t.label.en + ": minutes per seeker"}});
  }
  return staff;
}

// The hours_freed table with its columns and no rows.
dashboard_table new_freed_table() {
  dashboard_table freed{"hours_freed", {"Timer frigjort til individuel indsats", "Hours freed for individual effort"}};
  freed.columns = {count("network_seekers", {"Jobsøgere i netværk", "Seekers in networks"}),
                   {"minutes_per_seeker", "minutes", {"Minutter pr. jobsøger", "Minutes per seeker"}},
                   {"baseline_minutes", "minutes", {"Sammenligningsgrundlag, minutter", "Baseline, minutes"}},
                   {"hours_freed", "hours", {"Timer frigjort", "Hours freed"}}};
  return freed;
}

// Per track, the seekers matching the filters who are searching in the month [month, next) — on the track of
// their latest decision before `next` — and the caseworker minutes spent on them in it.
month_staff staff_by_track(const dashboard_source& source, const decisions_by_seeker& decisions, sys_days month,
                           sys_days next) {
  const auto& f = source.f;
  const auto minutes_of =
      staff_minutes_by_seeker(source.db, source.municipality_id, to_iso_date(month), to_iso_date(next));
  month_staff by;
  for (const auto& p : source.people) {
    if (!matches(p, f, false, false) || p.entry >= next) continue;
    const auto gone = std::min(p.event.value_or(sys_days::max()), p.exit.value_or(sys_days::max()));
    if (gone < month) continue;
    std::string track;
    if (const auto found = decisions.find(p.id); found != decisions.end()) {
      for (const auto& d : found->second) {
        if (d.on < next) track = d.track;
      }
    }
    if (track.empty() || (f.track && track != *f.track)) continue;
    auto& entry = by[track];
    entry.seekers.add(p.record_key);
    if (const auto m = minutes_of.find(p.id); m != minutes_of.end()) entry.minutes += m->second;
  }
  return by;
}

// Adds a month's row to staff_time: per track its seekers and the minutes per seeker (standing on them).
void add_staff_month(dashboard_table& staff, const std::string& label, month_staff& by, const person_groups& by_track) {
  const auto row = staff.add_row(label, {label, label});
  for (const auto& [t, members] : by_track) {
    const auto& [seekers, minutes] = by[t.key];
    const std::string key = t.key;
    staff.set_people(row, key + "_seekers", seekers);
    if (seekers.count > 0) staff.set(row, key + "_minutes", minutes / static_cast<double>(seekers.count));
    staff.add_derived(row, key + "_minutes", seekers);
  }
}

// Adds a month's row to hours_freed — the seekers of both network tracks and the hours they freed against the
// baseline, standing on them — and adds it to the totals.
void add_freed_month(dashboard_table& freed, freed_totals& totals, const std::string& label, month_staff& by,
                     int baseline_minutes) {
  people_tally network_seekers = by["network"].seekers;
  network_seekers.add(by["network_sparring"].seekers);
  const double network_minutes = by["network"].minutes + by["network_sparring"].minutes;
  const auto r = freed.add_row(label, {label, label});
  totals.rows.push_back(r);
  freed.set_people(r, "network_seekers", network_seekers);
  freed.set(r, "baseline_minutes", baseline_minutes);
  if (network_seekers.count > 0) {
    const auto n = static_cast<double>(network_seekers.count);
    freed.set(r, "minutes_per_seeker", network_minutes / n);
    const double hours = (baseline_minutes * n - network_minutes) / 60.0;
    freed.set(r, "hours_freed", hours);
    totals.hours += hours;
  }
  for (const auto* key : {"minutes_per_seeker", "hours_freed"}) freed.add_derived(r, key, network_seekers);
  totals.seeker_months.add(network_seekers);
}

// Adds the total row to hours_freed (over all seeker-months) and protects the table. The total's hours add up
// the months': hidden when a month's are, or subtracting the shown months would give that month away.
void add_freed_total(dashboard_table& freed, const freed_totals& totals, int baseline_minutes) {
  const auto total = freed.add_row("total", {"I alt (jobsøger-måneder)", "Total (seeker-months)"});
  freed.set_people(total, "network_seekers", totals.seeker_months);
  freed.set(total, "hours_freed", totals.hours);
  freed.set(total, "baseline_minutes", baseline_minutes);
  if (totals.seeker_months.count > 0) {
    freed.set(total, "minutes_per_seeker",
              baseline_minutes - totals.hours * 60 / static_cast<double>(totals.seeker_months.count));
  }
  for (const auto* key : {"minutes_per_seeker", "hours_freed"}) freed.add_derived(total, key, totals.seeker_months);
  freed.protect();
  const auto hours = freed.column("hours_freed");
  if (std::any_of(totals.rows.begin(), totals.rows.end(),
                  [&](std::size_t r) { return freed.cells[r][hours].mark != cell_mark::shown; })) {
    for (const auto* key : {"minutes_per_seeker", "hours_freed"}) {
      auto& cell = freed.cells[total][freed.column(key)];
      cell = table_cell{std::nullopt, false, {}, cell_mark::hidden};
    }
  }
}

// A figure of a protected table for a chart: null when it is hidden or empty, else rounded to 1/places.
json::value chart_value(const dashboard_table& table, std::size_t row, const std::string& key, double places) {
  const auto& cell = table.cell(row, key);
  if (cell.mark != cell_mark::shown || !cell.value) return nullptr;
  if (places == 1) return static_cast<std::int64_t>(std::llround(*cell.value));
  return std::round(*cell.value * places) / places;
}

// The staff series for the chart: per month, each track's minutes per seeker as the protected table shows them.
json::array staff_series(const dashboard_table& staff, const person_groups& by_track) {
  json::array series;
  for (std::size_t r = 0; r < staff.rows.size(); ++r) {
    json::object point{{"month", staff.rows[r].key}};
    for (const auto& [t, members] : by_track) point[t.key] = chart_value(staff, r, std::string(t.key) + "_minutes", 10);
    series.push_back(std::move(point));
  }
  return series;
}

// Staff time per seeker per month by track, and the hours it freed for individual effort; both tables protected.
staff_time_view staff_time_per_month(const dashboard_source& source, const person_groups& by_track,
                                     const std::vector<sys_days>& months, int baseline_minutes) {
  const auto decisions = load_decisions(source.db, source.municipality_id);
  staff_time_view view{new_staff_table(by_track), new_freed_table(), {}};
  freed_totals totals;
  for (const auto month : months) {
    auto by = staff_by_track(source, decisions, month, next_month(month));
    const auto label = month_of(month);
    add_staff_month(view.staff, label, by, by_track);
    add_freed_month(view.freed, totals, label, by, baseline_minutes);
  }
  view.staff.protect();
  add_freed_total(view.freed, totals, baseline_minutes);
  view.series = staff_series(view.staff, by_track);
  return view;
}

// The table and chart series of network health.
struct health_view {
  dashboard_table health;
  json::array series;
};

// The networks active in the month (see health_month for the parameters).
constexpr const char* active_networks =
    "SELECT n.id FROM network n WHERE n.municipality_id = ?1 AND n.created_at < ?3 AND (n.closed_at IS NULL OR "
    "n.closed_at >= ?2) "
    "AND (?4 = 0 OR n.facilitator_id = ?4) AND EXISTS (SELECT 1 FROM network_member m WHERE m.network_id = n.id "
    "AND m.joined_at < ?3 AND (m.left_at IS NULL OR m.left_at >= ?2))";
// Who attended or missed a meeting of the month.
constexpr const char* attendance_rows =
    "FROM meeting_attendance t JOIN meeting g ON g.id = t.meeting_id JOIN network n ON n.id = g.network_id "
    "WHERE g.municipality_id = ?1 AND g.starts_at >= ?2 AND g.starts_at < ?3 AND g.cancelled_at IS NULL "
    "AND (?4 = 0 OR n.facilitator_id = ?4)";

// The queries of one month of network health. Their parameters: ?1 the municipality, ?2 and ?3 the month's first
// day and the next month's, ?4 a facilitator (0: every network).
struct health_month {
  SQLite::Database& db;
  std::int64_t municipality_id;
  std::string from;
  std::string to;
  std::int64_t facilitator;

  // The value in the first column of the first row of `sql`; none when it is NULL.
  std::optional<double> scalar(const std::string& sql) const {
    SQLite::Statement q(db, sql);
    storage::bind_all(q, municipality_id, from, to, facilitator);
    q.executeStep();
    if (q.getColumn(0).isNull()) return std::nullopt;
    return q.getColumn(0).getDouble();
  }

  // The accounts whose ids `ids_sql` selects, for the cell-key method.
  people_tally people(const std::string& ids_sql) const {
    SQLite::Statement q(db, "SELECT count(*), coalesce(sum(record_key), 0) FROM account WHERE id IN (" + ids_sql + ")");
    storage::bind_all(q, municipality_id, from, to, facilitator);
    q.executeStep();
    return {q.getColumn(0).getInt64(), static_cast<std::uint32_t>(q.getColumn(1).getInt64())};
  }

  // The median days a refill waited in the month, and who waited; none without refills. A refill: a member who
  // joined an existing network, waiting since the latest seat there opened (a member left or became an alumnus).
  std::pair<std::optional<double>, people_tally> median_refill_wait() const {
    std::vector<double> waits;
    people_tally refilled;
    {
      SQLite::Statement refills(
          db,
          "SELECT julianday(m.joined_at) - julianday((SELECT max(coalesce(o.alumnus_since, o.left_at)) FROM "
          "network_member o "
          "WHERE o.network_id = m.network_id AND coalesce(o.alumnus_since, o.left_at) <= m.joined_at)), "
          "(SELECT coalesce(record_key, 0) FROM account a WHERE a.id = m.account_id) FROM network_member m "
          "JOIN network n ON n.id = m.network_id WHERE n.municipality_id = ?1 AND m.joined_at >= ?2 AND m.joined_at < "
          "?3 "
          "AND (?4 = 0 OR n.facilitator_id = ?4) AND julianday(m.joined_at) - julianday(n.created_at) > 1");
      storage::bind_all(refills, municipality_id, from, to, facilitator);
      while (refills.executeStep()) {
        if (refills.getColumn(0).isNull()) continue;
        waits.push_back(refills.getColumn(0).getDouble());
        refilled.add(static_cast<std::uint32_t>(refills.getColumn(1).getInt64()));
      }
    }
    std::optional<double> median_wait;
    if (!waits.empty()) {
      std::sort(waits.begin(), waits.end());
      const auto n = waits.size();
      median_wait = n % 2 ? waits[n / 2] : (waits[n / 2 - 1] + waits[n / 2]) / 2;
    }
    return {median_wait, refilled};
  }
};

// The network_health table with its columns and no rows.
dashboard_table new_health_table() {
  dashboard_table health{"network_health", {"Netværkenes sundhed", "Network health"}};
  health.columns = {{"networks_active", "number", {"Aktive netværk", "Networks active"}},
                    {"average_size", "number", {"Gennemsnitlig størrelse", "Average size"}},
                    {"attendance", "share", {"Fremmøde til møder", "Meeting attendance"}},
                    {"leads_shared", "number", {"Jobtip delt", "Leads shared"}},
                    {"leads_used", "number", {"Jobtip brugt", "Leads used"}},
                    {"refill_waiting_days",
                     "days",
                     {"Ventetid på genbesættelse, dage (median)", "Refill waiting time, days (median)"}}};
  return health;
}

// Adds a month's row to network_health. Counts of networks and leads stand as they are; the average size, the
// attendance and the refill median stand on the people they are computed from.
void add_health_month(dashboard_table& health, const health_month& q, const std::string& label) {
  const auto row = health.add_row(label, {label, label});
  const std::string active(active_networks);
  const auto active_count = q.scalar("SELECT count(*) FROM (" + active + ")");
  const auto members = "SELECT m.account_id FROM network_member m WHERE m.network_id IN (" + active +
                       ") AND m.joined_at < ?3 AND (m.left_at IS NULL OR m.left_at >= ?3) "
                       "AND (m.alumnus_since IS NULL OR m.alumnus_since >= ?3)";
  const auto size = q.scalar(
      "SELECT avg(c) FROM (SELECT (SELECT count(*) FROM network_member m "
      "WHERE m.network_id = a.id AND m.joined_at < ?3 AND (m.left_at IS NULL "
      "OR m.left_at >= ?3) AND (m.alumnus_since IS NULL OR m.alumnus_since >= ?3)) "
      "AS c FROM (" +
      active + ") a)");
  const auto attendance = q.scalar(std::string("SELECT avg(t.present) ") + attendance_rows);
  const auto shared = q.scalar(
      "SELECT count(*) FROM job_lead l JOIN network n ON n.id = l.network_id WHERE l.municipality_id = ?1 AND "
      "l.created_at >= ?2 "
      "AND l.created_at < ?3 AND (?4 = 0 OR n.facilitator_id = ?4)");
  const auto used = q.scalar(
      "SELECT count(*) FROM job_lead_mark k JOIN job_lead l ON l.id = k.lead_id JOIN network n ON n.id = l.network_id "
      "WHERE l.municipality_id = ?1 AND k.status IN ('applied', 'interview', 'got_job') AND k.updated_at >= ?2 "
      "AND k.updated_at < ?3 AND (?4 = 0 OR n.facilitator_id = ?4)");
  const auto [median_wait, refilled] = q.median_refill_wait();
  health.set(row, "networks_active", active_count);
  health.set(row, "average_size", active_count && *active_count > 0 ? size : std::nullopt);
  health.set(row, "attendance", attendance);
  health.set(row, "leads_shared", shared);
  health.set(row, "leads_used", used);
  health.set(row, "refill_waiting_days", median_wait);
  health.add_derived(row, "average_size", q.people(members));
  health.add_derived(row, "attendance", q.people(std::string("SELECT t.account_id ") + attendance_rows));
  health.add_derived(row, "refill_waiting_days", refilled);
}

// The health series for the chart, as the protected table shows it.
json::array health_series(const dashboard_table& health) {
  json::array series;
  for (std::size_t r = 0; r < health.rows.size(); ++r) {
    series.push_back(json::object{{"month", health.rows[r].key},
                                  {"networks_active", chart_value(health, r, "networks_active", 1)},
                                  {"average_size", chart_value(health, r, "average_size", 10)},
                                  {"attendance", chart_value(health, r, "attendance", 1000)},
                                  {"leads_shared", chart_value(health, r, "leads_shared", 1)},
                                  {"leads_used", chart_value(health, r, "leads_used", 1)}});
  }
  return series;
}

// Network health across the municipality (or the filtered caseworker's networks) per month; protected.
health_view network_health_per_month(const dashboard_source& source, const std::vector<sys_days>& months) {
  health_view view{new_health_table(), {}};
  const std::int64_t facilitator = source.f.caseworker.value_or(0);
  for (const auto month : months) {
    const health_month q{source.db, source.municipality_id, to_iso_date(month), to_iso_date(next_month(month)),
                         facilitator};
    add_health_month(view.health, q, month_of(month));
  }
  view.health.protect();
  view.series = health_series(view.health);
  return view;
}

// The municipality's caseworkers by name: the choices of the caseworker filter.
json::array caseworker_choices(SQLite::Database& db, std::int64_t municipality_id) {
  json::array caseworkers;
  SQLite::Statement rows(
      db,
      "SELECT id, display_name FROM account WHERE municipality_id = ? AND role = 'caseworker' ORDER BY display_name");
  rows.bind(1, municipality_id);
  while (rows.executeStep()) {
    caseworkers.push_back(
        json::object{{"id", rows.getColumn(0).getInt64()}, {"display_name", rows.getColumn(1).getString()}});
  }
  return caseworkers;
}

// The filters as applied, null where none was given.
json::object filters_json(const filters& f) {
  auto optional_text = [](const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); };
  auto month = [](const std::string& day) { return day.substr(0, 7); };
  return json::object{{"from", f.from ? json::value(month(*f.from)) : json::value(nullptr)},
                      {"to", month(f.to)},
                      {"track", optional_text(f.track)},
                      {"target_group", optional_text(f.target_group)},
                      {"caseworker", f.caseworker ? json::value(*f.caseworker) : json::value(nullptr)}};
}

// A view that view_withheld() refuses: the filters, the choices and why, and nothing counted.
dashboard_view withheld_view(SQLite::Database& db, std::int64_t municipality_id, const filters& f, sys_days as_of,
                             const withheld_reason& why) {
  json::object body{{"as_of", to_iso_date(as_of)},
                    {"filters", filters_json(f)},
                    {"choices", {{"caseworkers", caseworker_choices(db, municipality_id)}}},
                    {"withheld",
                     {{"reason", why.reason},
                      {"field", *why.field ? json::value(why.field) : json::value(nullptr)},
                      {"minimum_population", disclosure_limits::minimum_population},
                      {"minimum_difference", disclosure_limits::minimum_difference}}},
                    {"survival", json::array{}},
                    {"staff_series", json::array{}},
                    {"health_series", json::array{}},
                    {"tables", json::array{}}};
  return {std::move(body), {}};
}

// The whole dashboard for the filters as of the earlier of today and `to`: every table protected, the chart
// series beside them; withheld as a whole when view_withheld() says so.
dashboard_view build(SQLite::Database& db, std::int64_t municipality_id, const filters& asked, sys_days today,
                     int baseline_minutes) {
  const auto as_of = std::min(today, *parse_iso_date(asked.to));
  const auto people = load_people(db, municipality_id);
  const auto f = close_open_bounds(people, asked);
  const dashboard_source source{db, municipality_id, f, people};
  const auto cohort = select_cohort(people, f);
  if (const auto why = view_withheld(people, f, cohort)) return withheld_view(db, municipality_id, f, as_of, *why);
  const auto by_track = group_by_track(cohort, f);
  auto tables = outcome_tables(by_track, group_by_target_group(cohort, f), as_of);
  auto time_view = time_to_job_by_track(by_track, as_of);
  auto exits = exits_other_table(by_track, as_of);
  const auto months = shown_months(f, as_of, people);
  auto staff = staff_time_per_month(source, by_track, months, baseline_minutes);
  auto health = network_health_per_month(source, months);

  tables.push_back(std::move(time_view.time_to_job));
  tables.push_back(std::move(time_view.still_searching));
  tables.push_back(std::move(exits));
  tables.push_back(std::move(staff.staff));
  tables.push_back(std::move(staff.freed));
  tables.push_back(std::move(health.health));
  assert(std::equal(tables.begin(), tables.end(), table_ids.begin(), table_ids.end(),
                    [](const dashboard_table& t, std::string_view id) { return t.id == id; }));
  auto caseworkers = caseworker_choices(db, municipality_id);
  json::array table_list;
  for (const auto& t : tables) table_list.push_back(table_json(t));
  json::object body{{"as_of", to_iso_date(as_of)},
                    {"filters", filters_json(f)},
                    {"choices", {{"caseworkers", std::move(caseworkers)}}},
                    {"withheld", nullptr},
                    {"survival", std::move(time_view.survival)},
                    {"staff_series", std::move(staff.series)},
                    {"health_series", std::move(health.series)},
                    {"tables", std::move(table_list)}};
  return {std::move(body), std::move(tables)};
}

awaitable<result<dashboard_view>> load(context& ctx, const http_request& request, const caller& who) {
  auto reading = read_db<dashboard_view>(
      ctx.readers(),
      [who, query = request.query, today = day_of(ctx.now()),
       baseline = ctx.pilot(who.municipality_id)->dashboard.baseline_minutes_per_seeker_month](SQLite::Database& db)
          -> result<dashboard_view> { return build_dashboard(db, who.municipality_id, query, today, baseline); });
  co_return co_await std::move(reading);
}

// GET /api/v1/dashboard
awaitable<result<http_reply>> dashboard(context& ctx, const http_request& request, const caller& who) {
  auto view = co_await load(ctx, request, who);
  KREDS_CO_RETURN_IF_ERROR(view);
  http_reply reply = json_reply(200, json_text(view->body));
  reply.headers.emplace_back("Cache-Control", "no-store");
  co_return reply;
}

// GET /api/v1/dashboard/{table}.csv?lang=da|en
awaitable<result<http_reply>> csv(context& ctx, const http_request& request, const caller& who) {
  const auto id = request.parameters.at("table");
  const auto lang = query_parameter(request.query, "lang").value_or("da");
  if (lang != "da" && lang != "en") co_return kreds::error{errc::invalid_field, "lang must be da or en", "lang"};
  if (std::find(table_ids.begin(), table_ids.end(), id) == table_ids.end()) {
    co_return kreds::error{errc::not_found, "no dashboard table named " + id};
  }
  auto view = co_await load(ctx, request, who);
  KREDS_CO_RETURN_IF_ERROR(view);
  const auto found =
      std::find_if(view->tables.begin(), view->tables.end(), [&](const dashboard_table& t) { return t.id == id; });
  if (view->withheld()) {
    co_return kreds::error{errc::conflict, "this view is withheld: it has fewer than " +
                                               std::to_string(disclosure_limits::minimum_population) +
                                               " people, or a wider view would differ from it by fewer than " +
                                               std::to_string(disclosure_limits::minimum_difference) +
                                               "; choose wider filters"};
  }
  if (found == view->tables.end()) co_return kreds::error{errc::not_found, "no dashboard table named " + id};
  http_reply reply;
  reply.content_type = "text/csv; charset=utf-8";
  reply.body = table_csv(*found, lang == "da");
  reply.headers.emplace_back("Content-Disposition", "attachment; filename=\"kreds-" + id + "-" +
                                                        view->body.at("as_of").as_string().c_str() + ".csv\"");
  reply.headers.emplace_back("Cache-Control", "no-store");
  co_return reply;
}

}  // namespace

result<dashboard_view> build_dashboard(SQLite::Database& db, std::int64_t municipality_id, const std::string& query,
                                       sys_days today, int baseline_minutes) {
  auto f = parse_filters(db, query, municipality_id, today);
  KREDS_RETURN_IF_ERROR(f);
  return build(db, municipality_id, *f, today, baseline_minutes);
}

void register_dashboard_routes(context& ctx, api_router& api) {
  api.add("GET", "/api/v1/dashboard", permission::run_pilot, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return dashboard(ctx, request, *who); });
  api.add("GET", "/api/v1/dashboard/{table}.csv", permission::run_pilot, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return csv(ctx, request, *who); });
}

}  // namespace kreds::features
