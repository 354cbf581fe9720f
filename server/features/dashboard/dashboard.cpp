#include "features/dashboard/dashboard.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
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
constexpr int smallest_group = 5;  // curves stop where fewer are at risk
constexpr int months_shown = 24;

struct filters {
  std::optional<std::string> from;
  std::string to;
  std::optional<std::string> track;
  std::optional<std::string> target_group;
  std::optional<std::int64_t> caseworker;
};

// One person of the municipality with a track decision.
struct person {
  std::int64_t id = 0;
  std::string track;  // of the first decision
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

result<filters> parse_filters(SQLite::Database& db, const std::string& query, std::int64_t municipality_id,
                              sys_days today) {
  filters f;
  f.to = to_iso_date(today);
  if (auto from = query_parameter(query, "from"); from && !from->empty()) {
    if (!parse_iso_date(*from)) return bad("from", "from must be a date (YYYY-MM-DD)");
    f.from = *from;
  }
  if (auto to = query_parameter(query, "to"); to && !to->empty()) {
    if (!parse_iso_date(*to)) return bad("to", "to must be a date (YYYY-MM-DD)");
    f.to = *to;
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
    std::int64_t id = 0;
    const auto* end = caseworker->data() + caseworker->size();
    if (std::from_chars(caseworker->data(), end, id).ptr != end || id <= 0) {
      return bad("caseworker", "caseworker must be the id of a caseworker");
    }
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
      "a.deactivated_at "
      "FROM account a JOIN track_decision d ON d.id = (SELECT min(id) FROM track_decision WHERE account_id = a.id) "
      "LEFT JOIN profile p ON p.account_id = a.id WHERE a.municipality_id = ? AND a.role = 'seeker'");
  rows.bind(1, municipality_id);
  std::vector<person> people;
  while (rows.executeStep()) {
    person p;
    p.id = rows.getColumn(0).getInt64();
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
    t.set(row, "people", static_cast<double>(people.size()));
    for (int h : horizons) {
      const auto w = std::to_string(h);
      int followed = 0, in_work = 0;
      for (const auto* p : people) {
        if (p->entry + days(7 * h) > as_of) continue;
        ++followed;
        const auto f = follow(*p, as_of);
        if (f.event && f.time <= h) ++in_work;
      }
      t.set(row, "followed_" + w, followed);
      t.set(row, "in_work_" + w, in_work);
      t.set(row, "share_" + w,
            followed > 0 ? std::optional<double>(static_cast<double>(in_work) / followed) : std::nullopt);
    }
  };
  std::vector<std::size_t> part_rows;
  std::vector<const person*> everyone;
  for (const auto& [label, people] : groups) {
    part_rows.push_back(t.add_row(label.key, label.label));
    fill(part_rows.back(), people);
    everyone.insert(everyone.end(), people.begin(), people.end());
  }
  const auto total = t.add_row("total", total_label);
  fill(total, everyone);
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    if (t.columns[c].kind != "count") continue;
    sum_relation sum{{total, c}, {}};
    for (auto r : part_rows) sum.parts.push_back({r, c});
    t.sums.push_back(std::move(sum));
  }
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    for (int h : horizons) {
      const auto w = std::to_string(h);
      t.derived.push_back(
          {{r, t.column("share_" + w)}, {{r, t.column("in_work_" + w)}, {r, t.column("followed_" + w)}}});
    }
  }
  t.protect();
  return t;
}

std::string month_of(sys_days day) { return to_iso_date(day).substr(0, 7); }

sys_days month_start(sys_days day) {
  const std::chrono::year_month_day ymd{day};
  return sys_days{ymd.year() / ymd.month() / 1};
}

// Hides in every table a people count (row by key) that any of them hides,
// then protects each table again, until they agree.
void align_people(const std::vector<dashboard_table*>& tables) {
  for (bool changed = true; changed;) {
    changed = false;
    std::map<std::string, cell_mark> hidden;
    for (const auto* t : tables) {
      for (std::size_t r = 0; r < t->rows.size(); ++r) {
        const auto mark = t->cell(r, "people").mark;
        if (mark != cell_mark::shown) hidden.emplace(t->rows[r].key, mark);
      }
    }
    for (auto* t : tables) {
      bool touched = false;
      for (std::size_t r = 0; r < t->rows.size(); ++r) {
        auto& cell = t->cells[r][t->column("people")];
        const auto found = hidden.find(t->rows[r].key);
        if (found != hidden.end() && cell.mark == cell_mark::shown) {
          cell.mark = cell_mark::hidden;
          touched = changed = true;
        }
      }
      if (touched) t->protect();
    }
  }
}

struct dashboard_view {
  json::object body;
  std::vector<dashboard_table> tables;
};

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

// A group's follow-up and its Kaplan–Meier curve.
struct group_curve {
  survival_curve curve;
  std::vector<follow_up> data;
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

// Fills a row of time_to_job with the counts and the median of `members`; returns their curve.
group_curve fill_time_to_job_row(dashboard_table& time_to_job, std::size_t row,
                                 const std::vector<const person*>& members, sys_days as_of) {
  std::vector<follow_up> data;
  int other = 0, searching = 0;
  for (const auto* p : members) {
    data.push_back(follow(*p, as_of));
    if (!data.back().event) (p->exit && *p->exit <= as_of ? other : searching)++;
  }
  const auto curve = kaplan_meier(data);
  time_to_job.set(row, "people", curve.people);
  time_to_job.set(row, "exits_other", other);
  time_to_job.set(row, "job_or_education", curve.events);
  time_to_job.set(row, "still_searching", searching);
  time_to_job.set(row, "median_weeks", curve.median);
  time_to_job.set(row, "median_lower", curve.median_lower);
  time_to_job.set(row, "median_upper", curve.median_upper);
  return {curve, data};
}

// A track's entry of the survival chart: its points while at least smallest_group are at risk, none for a
// group under smallest_group (whose count shows as "<5").
json::object survival_chart(const keyed_label& t, const survival_curve& curve) {
  json::array points;
  const bool shown = curve.people >= smallest_group;
  if (shown) {
    points.push_back(
        json::object{{"week", 0}, {"still_searching", 1.0}, {"lower", 1.0}, {"upper", 1.0}, {"at_risk", curve.people}});
    for (const auto& step : curve.steps) {
      if (step.at_risk < smallest_group) break;
      points.push_back(json::object{{"week", std::round(step.time * 10) / 10},
                                    {"still_searching", std::round(step.survival * 1000) / 1000},
                                    {"lower", std::round(step.lower * 1000) / 1000},
                                    {"upper", std::round(step.upper * 1000) / 1000},
                                    {"at_risk", step.at_risk}});
    }
  }
  return json::object{
      {"track", t.key},
      {"people", curve.people == 0 || curve.people >= smallest_group ? json::value(curve.people) : json::value("<5")},
      {"points", std::move(points)}};
}

// Fills a track's columns of still_searching at each of curve_weeks: the number followed, and while anyone is,
// the share still searching with its band.
void fill_still_searching(dashboard_table& still_searching, const char* track_key, const group_curve& track) {
  for (std::size_t i = 0; i < curve_weeks.size(); ++i) {
    const double w = curve_weeks[i];
    const int at_risk = track.curve.at_risk_at(w, track.data);
    const std::string key = track_key;
    still_searching.set(i, key + "_at_risk", at_risk);
    if (at_risk == 0) continue;
    double lower = 1, upper = 1;
    for (const auto& step : track.curve.steps) {
      if (step.time > w) break;
      lower = step.lower;
      upper = step.upper;
    }
    still_searching.set(i, key + "_share", track.curve.survival_at(w));
    still_searching.set(i, key + "_lower", lower);
    still_searching.set(i, key + "_upper", upper);
  }
}

// Adds the total row to time_to_job — the counts add up the tracks; the median is everyone's — and protects it.
void add_time_to_job_total(dashboard_table& time_to_job, const std::vector<std::size_t>& track_rows,
                           const std::vector<const person*>& everyone, sys_days as_of) {
  const auto total_row = time_to_job.add_row("total", total_label);
  const auto overall = kaplan_meier([&] {
    std::vector<follow_up> data;
    for (const auto* p : everyone) data.push_back(follow(*p, as_of));
    return data;
  }());
  const std::array<const char*, 4> parts_of_people{"job_or_education", "exits_other", "still_searching", "people"};
  for (const auto* key : parts_of_people) {
    double sum = 0;
    for (auto r : track_rows) sum += time_to_job.cell(r, key).value.value_or(0);
    time_to_job.set(total_row, key, sum);
  }
  time_to_job.set(total_row, "median_weeks", overall.median);
  time_to_job.set(total_row, "median_lower", overall.median_lower);
  time_to_job.set(total_row, "median_upper", overall.median_upper);
  for (const auto* key : parts_of_people) {
    sum_relation sum{{total_row, time_to_job.column(key)}, {}};
    for (auto r : track_rows) sum.parts.push_back({r, time_to_job.column(key)});
    time_to_job.sums.push_back(std::move(sum));
  }
  for (std::size_t r = 0; r < time_to_job.rows.size(); ++r) {
    sum_relation row_sum{{r, time_to_job.column("people")}, {}};
    for (std::size_t i = 0; i + 1 < parts_of_people.size(); ++i)
      row_sum.parts.push_back({r, time_to_job.column(parts_of_people[i])});
    time_to_job.sums.push_back(std::move(row_sum));
    for (const auto* key : {"median_weeks", "median_lower", "median_upper"}) {
      time_to_job.derived.push_back({{r, time_to_job.column(key)}, {{r, time_to_job.column("people")}}});
    }
  }
  time_to_job.protect();
}

// Protects still_searching: each share and its band derive from the number followed beside them.
void protect_still_searching(dashboard_table& still_searching, const person_groups& by_track) {
  std::vector<derived_relation> curve_cells;
  for (std::size_t r = 0; r < still_searching.rows.size(); ++r) {
    for (const auto& [t, members] : by_track) {
      const std::string key = t.key;
      for (const auto* part : {"_share", "_lower", "_upper"}) {
        curve_cells.push_back(
            {{r, still_searching.column(key + part)}, {{r, still_searching.column(key + "_at_risk")}}});
      }
    }
  }
  still_searching.derived = std::move(curve_cells);
  still_searching.protect();
}

// Time to job per track (Kaplan–Meier): time_to_job with a total row and still_searching, both protected, and the
// survival chart.
time_to_job_view time_to_job_by_track(const person_groups& by_track, sys_days as_of) {
  time_to_job_view view{new_time_to_job_table(), new_still_searching_table(by_track), {}, {}};
  std::vector<const person*> everyone;
  for (const auto& [t, members] : by_track) {
    const auto row = view.time_to_job.add_row(t.key, t.label);
    view.track_rows.push_back(row);
    everyone.insert(everyone.end(), members.begin(), members.end());
    const auto track = fill_time_to_job_row(view.time_to_job, row, members, as_of);
    view.survival.push_back(survival_chart(t, track.curve));
    fill_still_searching(view.still_searching, t.key, track);
  }
  add_time_to_job_total(view.time_to_job, view.track_rows, everyone, as_of);
  protect_still_searching(view.still_searching, by_track);
  return view;
}

// Fills a row of exits_other: the people of `members`, and per kind those who left for another reason by as_of
// without a job or education first.
void fill_exits_row(dashboard_table& exits, std::size_t row, const std::vector<const person*>& members,
                    sys_days as_of) {
  std::map<std::string, int> by_kind;
  for (const auto* p : members) {
    if (p->exit && *p->exit <= as_of && !(p->event && *p->event <= *p->exit)) ++by_kind[p->exit_kind];
  }
  exits.set(row, "people", static_cast<double>(members.size()));
  for (const auto* kind : {"other_outcome", "left_network", "account_closed"}) exits.set(row, kind, by_kind[kind]);
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
  std::vector<std::size_t> rows;
  for (const auto& [t, members] : by_track) {
    rows.push_back(exits.add_row(t.key, t.label));
    fill_exits_row(exits, rows.back(), members, as_of);
  }
  std::vector<const person*> all;
  for (const auto& [t, members] : by_track) all.insert(all.end(), members.begin(), members.end());
  const auto total = exits.add_row("total", total_label);
  fill_exits_row(exits, total, all, as_of);
  for (std::size_t c = 0; c < exits.columns.size(); ++c) {
    sum_relation sum{{total, c}, {}};
    for (auto r : rows) sum.parts.push_back({r, c});
    exits.sums.push_back(std::move(sum));
  }
  exits.protect();
  return exits;
}

// The people per track stand in several tables: a count hidden in one is
// hidden in all, or one table would give away what another hides. A track
// whose count is hidden also loses its survival chart and its first
// followed count in still_searching.
void hide_people_consistently(dashboard_table& outcomes_by_track, time_to_job_view& time_view, dashboard_table& exits,
                              const person_groups& by_track) {
  align_people({&outcomes_by_track, &time_view.time_to_job, &exits});
  auto& still_searching = time_view.still_searching;
  for (std::size_t i = 0; i < by_track.size(); ++i) {
    const auto& count_cell = time_view.time_to_job.cell(time_view.track_rows[i], "people");
    auto& entry = time_view.survival[i].as_object();
    if (count_cell.mark == cell_mark::shown) continue;
    entry["people"] = count_cell.mark == cell_mark::small ? "<5" : "..";
    entry["points"] = json::array{};
    still_searching.cells.at(0).at(still_searching.column(std::string(by_track[i].first.key) + "_at_risk")).mark =
        cell_mark::hidden;
    still_searching.protect();
  }
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
using month_staff = std::map<std::string, std::pair<int, double>>;  // track -> seekers, minutes

// The tables and chart series of staff time per month.
struct staff_time_view {
  dashboard_table staff;
  dashboard_table freed;
  json::array series;
};

// The rows of hours_freed so far and what its total row adds up.
struct freed_totals {
  std::vector<std::size_t> rows;
  double seeker_months = 0;
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
    ++entry.first;
    if (const auto m = minutes_of.find(p.id); m != minutes_of.end()) entry.second += m->second;
  }
  return by;
}

// Adds a month's row to staff_time and its point to the series (minutes per seeker of each track; null under
// smallest_group seekers).
void add_staff_month(dashboard_table& staff, json::array& series, const std::string& label, month_staff& by,
                     const person_groups& by_track) {
  const auto row = staff.add_row(label, {label, label});
  json::object point{{"month", label}};
  for (const auto& [t, members] : by_track) {
    const auto [seekers, minutes] = by[t.key];
    staff.set(row, std::string(t.key) + "_seekers", seekers);
    const auto per = seekers > 0 ? std::optional<double>(minutes / seekers) : std::nullopt;
    staff.set(row, std::string(t.key) + "_minutes", per);
    point[t.key] = per && seekers >= smallest_group ? json::value(std::round(*per * 10) / 10) : json::value(nullptr);
  }
  series.push_back(std::move(point));
}

// Adds a month's row to hours_freed — the seekers of both network tracks and the hours they freed against the
// baseline — and adds it to the totals.
void add_freed_month(dashboard_table& freed, freed_totals& totals, const std::string& label, month_staff& by,
                     int baseline_minutes) {
  const int network_seekers = by["network"].first + by["network_sparring"].first;
  const double network_minutes = by["network"].second + by["network_sparring"].second;
  const auto r = freed.add_row(label, {label, label});
  totals.rows.push_back(r);
  freed.set(r, "network_seekers", network_seekers);
  freed.set(r, "baseline_minutes", baseline_minutes);
  if (network_seekers > 0) {
    freed.set(r, "minutes_per_seeker", network_minutes / network_seekers);
    const double hours = (baseline_minutes * network_seekers - network_minutes) / 60.0;
    freed.set(r, "hours_freed", hours);
    totals.hours += hours;
  }
  totals.seeker_months += network_seekers;
}

// Protects staff_time: each track's minutes per seeker derive from its seekers.
void protect_staff_table(dashboard_table& staff, const person_groups& by_track) {
  std::vector<derived_relation> derived;
  for (std::size_t r = 0; r < staff.rows.size(); ++r) {
    for (const auto& [t, members] : by_track) {
      derived.push_back(
          {{r, staff.column(std::string(t.key) + "_minutes")}, {{r, staff.column(std::string(t.key) + "_seekers")}}});
    }
  }
  suppress_small_numbers(staff.cells, {}, derived);
}

// Adds the total row to hours_freed (over all seeker-months) and protects the table.
void add_freed_total(dashboard_table& freed, const freed_totals& totals, int baseline_minutes) {
  const auto total = freed.add_row("total", {"I alt (jobsøger-måneder)", "Total (seeker-months)"});
  freed.set(total, "network_seekers", totals.seeker_months);
  freed.set(total, "hours_freed", totals.hours);
  freed.set(total, "baseline_minutes", baseline_minutes);
  if (totals.seeker_months > 0) {
    freed.set(total, "minutes_per_seeker", baseline_minutes - totals.hours * 60 / totals.seeker_months);
  }
  std::vector<sum_relation> sums{{{total, freed.column("hours_freed")}, {}},
                                 {{total, freed.column("network_seekers")}, {}}};
  std::vector<derived_relation> freed_derived;
  for (auto r : totals.rows) {
    sums[0].parts.push_back({r, freed.column("hours_freed")});
    sums[1].parts.push_back({r, freed.column("network_seekers")});
  }
  for (std::size_t r = 0; r < freed.rows.size(); ++r) {
    for (const auto* key : {"minutes_per_seeker", "hours_freed"}) {
      freed_derived.push_back({{r, freed.column(key)}, {{r, freed.column("network_seekers")}}});
    }
  }
  suppress_small_numbers(freed.cells, sums, freed_derived);
}

// Staff time per seeker per month by track, and the hours it freed for individual effort; both tables protected.
staff_time_view staff_time_per_month(const dashboard_source& source, const person_groups& by_track,
                                     const std::vector<sys_days>& months, int baseline_minutes) {
  const auto decisions = load_decisions(source.db, source.municipality_id);
  staff_time_view view{new_staff_table(by_track), new_freed_table(), {}};
  freed_totals totals;
  for (const auto month : months) {
    const auto next = sys_days{std::chrono::year_month_day{month} + std::chrono::months(1)};
    auto by = staff_by_track(source, decisions, month, next);
    const auto label = month_of(month);
    add_staff_month(view.staff, view.series, label, by, by_track);
    add_freed_month(view.freed, totals, label, by, baseline_minutes);
  }
  protect_staff_table(view.staff, by_track);
  add_freed_total(view.freed, totals, baseline_minutes);
  return view;
}

// The table and chart series of network health.
struct health_view {
  dashboard_table health;
  json::array series;
};

// The queries of one month of network health. Their parameters: ?1 the municipality, ?2 and ?3 the month's first
// day and the next month's, ?4 a facilitator (0: every network).
struct health_month {
  SQLite::Database& db;
  std::int64_t municipality_id;
  std::string from;
  std::string to;
  std::int64_t facilitator;

  // The value in the first column of the first row of `sql`; none when it is NULL.
  std::optional<double> scalar(const char* sql) const {
    SQLite::Statement q(db, sql);
    storage::bind_all(q, municipality_id, from, to, facilitator);
    q.executeStep();
    if (q.getColumn(0).isNull()) return std::nullopt;
    return q.getColumn(0).getDouble();
  }

  // The median days a refill waited in the month; none without refills. A refill: a member who joined an
  // existing network, waiting since the latest seat there opened (a member left or became an alumnus).
  std::optional<double> median_refill_wait() const {
    std::vector<double> waits;
    {
      SQLite::Statement refills(
          db,
          "SELECT julianday(m.joined_at) - julianday((SELECT max(coalesce(o.alumnus_since, o.left_at)) FROM "
          "network_member o "
          "WHERE o.network_id = m.network_id AND coalesce(o.alumnus_since, o.left_at) <= m.joined_at)) FROM "
          "network_member m "
          "JOIN network n ON n.id = m.network_id WHERE n.municipality_id = ?1 AND m.joined_at >= ?2 AND m.joined_at < "
          "?3 "
          "AND (?4 = 0 OR n.facilitator_id = ?4) AND julianday(m.joined_at) - julianday(n.created_at) > 1");
      storage::bind_all(refills, municipality_id, from, to, facilitator);
      while (refills.executeStep()) {
        if (!refills.getColumn(0).isNull()) waits.push_back(refills.getColumn(0).getDouble());
      }
    }
    std::optional<double> median_wait;
    if (!waits.empty()) {
      std::sort(waits.begin(), waits.end());
      const auto n = waits.size();
      median_wait = n % 2 ? waits[n / 2] : (waits[n / 2 - 1] + waits[n / 2]) / 2;
    }
    return median_wait;
  }
};

// A number of the health series: null for none, an integer when places is 1, else rounded to 1/places.
json::value rounded(std::optional<double> v, double places) {
  if (!v) return json::value(nullptr);
  if (places == 1) return json::value(static_cast<std::int64_t>(std::llround(*v)));
  return json::value(std::round(*v * places) / places);
}

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

// Adds a month's row to network_health and its point to the series.
void add_health_month(dashboard_table& health, json::array& series, const health_month& q, const std::string& label) {
  const auto row = health.add_row(label, {label, label});
  const char* active_networks =
      "SELECT n.id FROM network n WHERE n.municipality_id = ?1 AND n.created_at < ?3 AND (n.closed_at IS NULL OR "
      "n.closed_at >= ?2) "
      "AND (?4 = 0 OR n.facilitator_id = ?4) AND EXISTS (SELECT 1 FROM network_member m WHERE m.network_id = n.id "
      "AND m.joined_at < ?3 AND (m.left_at IS NULL OR m.left_at >= ?2))";
  const auto active = q.scalar((std::string("SELECT count(*) FROM (") + active_networks + ")").c_str());
  const auto size = q.scalar((std::string("SELECT avg(c) FROM (SELECT (SELECT count(*) FROM network_member m "
                                          "WHERE m.network_id = a.id AND m.joined_at < ?3 AND (m.left_at IS NULL "
                                          "OR m.left_at >= ?3) AND (m.alumnus_since IS NULL OR m.alumnus_since >= ?3)) "
                                          "AS c FROM (") +
                              active_networks + ") a)")
                                 .c_str());
  const auto attendance = q.scalar(
      "SELECT avg(t.present) FROM meeting_attendance t JOIN meeting g ON g.id = t.meeting_id JOIN network n ON n.id = "
      "g.network_id "
      "WHERE g.municipality_id = ?1 AND g.starts_at >= ?2 AND g.starts_at < ?3 AND g.cancelled_at IS NULL "
      "AND (?4 = 0 OR n.facilitator_id = ?4)");
  const auto shared = q.scalar(
      "SELECT count(*) FROM job_lead l JOIN network n ON n.id = l.network_id WHERE l.municipality_id = ?1 AND "
      "l.created_at >= ?2 "
      "AND l.created_at < ?3 AND (?4 = 0 OR n.facilitator_id = ?4)");
  const auto used = q.scalar(
      "SELECT count(*) FROM job_lead_mark k JOIN job_lead l ON l.id = k.lead_id JOIN network n ON n.id = l.network_id "
      "WHERE l.municipality_id = ?1 AND k.status IN ('applied', 'interview', 'got_job') AND k.updated_at >= ?2 "
      "AND k.updated_at < ?3 AND (?4 = 0 OR n.facilitator_id = ?4)");
  const auto median_wait = q.median_refill_wait();
  health.set(row, "networks_active", active);
  health.set(row, "average_size", active && *active > 0 ? size : std::nullopt);
  health.set(row, "attendance", attendance);
  health.set(row, "leads_shared", shared);
  health.set(row, "leads_used", used);
  health.set(row, "refill_waiting_days", median_wait);
  series.push_back(json::object{{"month", label},
                                {"networks_active", rounded(active, 1)},
                                {"average_size", rounded(active && *active > 0 ? size : std::nullopt, 10)},
                                {"attendance", rounded(attendance, 1000)},
                                {"leads_shared", rounded(shared, 1)},
                                {"leads_used", rounded(used, 1)}});
}

// Network health across the municipality (or the filtered caseworker's networks) per month; protected.
health_view network_health_per_month(const dashboard_source& source, const std::vector<sys_days>& months) {
  health_view view{new_health_table(), {}};
  const std::int64_t facilitator = source.f.caseworker.value_or(0);
  for (const auto month : months) {
    const auto next = sys_days{std::chrono::year_month_day{month} + std::chrono::months(1)};
    const health_month q{source.db, source.municipality_id, to_iso_date(month), to_iso_date(next), facilitator};
    add_health_month(view.health, view.series, q, month_of(month));
  }
  suppress_small_numbers(view.health.cells, {});
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
  return json::object{{"from", optional_text(f.from)},
                      {"to", f.to},
                      {"track", optional_text(f.track)},
                      {"target_group", optional_text(f.target_group)},
                      {"caseworker", f.caseworker ? json::value(*f.caseworker) : json::value(nullptr)}};
}

// The whole dashboard for the filters as of the earlier of today and `to`: every table protected, the chart
// series beside them. Counts hidden in one table of people per track are hidden in the others before the
// monthly series are added.
dashboard_view build(SQLite::Database& db, std::int64_t municipality_id, const filters& f, sys_days today,
                     int baseline_minutes) {
  const auto as_of = std::min(today, *parse_iso_date(f.to));
  const auto people = load_people(db, municipality_id);
  const dashboard_source source{db, municipality_id, f, people};
  const auto cohort = select_cohort(people, f);
  const auto by_track = group_by_track(cohort, f);
  auto tables = outcome_tables(by_track, group_by_target_group(cohort, f), as_of);
  auto time_view = time_to_job_by_track(by_track, as_of);
  auto exits = exits_other_table(by_track, as_of);
  hide_people_consistently(tables[0], time_view, exits, by_track);
  const auto months = shown_months(f, as_of, people);
  auto staff = staff_time_per_month(source, by_track, months, baseline_minutes);
  auto health = network_health_per_month(source, months);

  tables.push_back(std::move(time_view.time_to_job));
  tables.push_back(std::move(time_view.still_searching));
  tables.push_back(std::move(exits));
  tables.push_back(std::move(staff.staff));
  tables.push_back(std::move(staff.freed));
  tables.push_back(std::move(health.health));
  auto caseworkers = caseworker_choices(db, municipality_id);
  json::array table_list;
  for (const auto& t : tables) table_list.push_back(table_json(t));
  json::object body{{"as_of", to_iso_date(as_of)},
                    {"filters", filters_json(f)},
                    {"choices", {{"caseworkers", std::move(caseworkers)}}},
                    {"survival", std::move(time_view.survival)},
                    {"staff_series", std::move(staff.series)},
                    {"health_series", std::move(health.series)},
                    {"tables", std::move(table_list)}};
  return {std::move(body), std::move(tables)};
}

awaitable<result<dashboard_view>> load(context& ctx, const http_request& request, const caller& who) {
  auto reading =
      read_db<dashboard_view>(ctx.readers(),
                              [who, query = request.query, today = day_of(ctx.now()),
                               baseline = ctx.pilot(who.municipality_id)->dashboard.baseline_minutes_per_seeker_month](
                                  SQLite::Database& db) -> result<dashboard_view> {
                                auto f = parse_filters(db, query, who.municipality_id, today);
                                KREDS_RETURN_IF_ERROR(f);
                                return build(db, who.municipality_id, *f, today, baseline);
                              });
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
  auto view = co_await load(ctx, request, who);
  KREDS_CO_RETURN_IF_ERROR(view);
  const auto found =
      std::find_if(view->tables.begin(), view->tables.end(), [&](const dashboard_table& t) { return t.id == id; });
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

void register_dashboard_routes(context& ctx, api_router& api) {
  api.add("GET", "/api/v1/dashboard", permission::run_pilot, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return dashboard(ctx, request, *who); });
  api.add("GET", "/api/v1/dashboard/{table}.csv", permission::run_pilot, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return csv(ctx, request, *who); });
}

}  // namespace kreds::features
