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

#include "platform/api_router.hpp"
#include "platform/context.hpp"
#include "features/dashboard/dashboard_table.hpp"
#include "platform/json_input.hpp"
#include "features/dashboard/kaplan_meier.hpp"
#include "features/common/staff_time.hpp"
#include "platform/storage_calls.hpp"
#include "features/dashboard/routes.hpp"

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
const std::array<keyed_label, 6> target_groups{{{"insured_unemployed", {"Forsikrede ledige", "Insured unemployed"}},
                                                {"sick_listed", {"Sygemeldte", "Sick-listed"}},
                                                {"young", {"Unge", "Young people"}},
                                                {"flex_job", {"Visiteret til fleksjob", "Eligible for flex job"}},
                                                {"other_unemployed", {"Andre ledige", "Other unemployed"}},
                                                {"", {"Ukendt (profil slettet)", "Unknown (profile erased)"}}}};
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
  std::string target_group;  // "" when the profile is erased
  std::optional<sys_days> event;  // first job or education
  std::optional<sys_days> exit;   // first exit for another reason
  std::string exit_kind;          // other_outcome, left_network, account_closed
};

struct decision {
  sys_days on;
  std::string track;
};

kreds::error bad(const std::string& field, const std::string& message) {
  return {errc::invalid_field, message, field};
}

result<filters> parse_filters(SQLite::Database& db, const std::string& query, std::int64_t municipality_id, sys_days today) {
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
    if (std::none_of(target_groups.begin(), target_groups.end() - 1, [&](const auto& t) { return *group == t.key; })) {
      return bad("target_group", "target_group must be insured_unemployed, sick_listed, young, flex_job or other_unemployed");
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
    known.bind(1, id);
    known.bind(2, municipality_id);
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
      "(SELECT min(on_date) FROM (SELECT on_date FROM outcome o WHERE o.account_id = a.id AND o.kind IN ('job', 'education') "
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
    for (const auto& [column, kind] : {std::pair{6, "other_outcome"}, std::pair{7, "left_network"}, std::pair{8, "account_closed"}}) {
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

dashboard_column count(const char* key, dashboard_label label) { return {key, "count", std::move(label)}; }

// Outcomes at 13, 26 and 52 weeks for groups of people, with a total row.
dashboard_table outcome_table(const char* id, dashboard_label title, const std::vector<std::pair<keyed_label, std::vector<const person*>>>& groups,
                              sys_days as_of) {
  dashboard_table t{id, std::move(title)};
  t.columns.push_back(count("people", {"Personer", "People"}));
  for (int h : horizons) {
    const auto w = std::to_string(h);
    t.columns.push_back({"followed_" + w, "count", {"Fulgt " + w + " uger", "Followed " + w + " weeks"}});
    t.columns.push_back({"in_work_" + w, "count", {"I job/uddannelse efter " + w + " uger", "In work/education at " + w + " weeks"}});
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
      t.set(row, "share_" + w, followed > 0 ? std::optional<double>(static_cast<double>(in_work) / followed) : std::nullopt);
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
      t.derived.push_back({{r, t.column("share_" + w)}, {{r, t.column("in_work_" + w)}, {r, t.column("followed_" + w)}}});
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

dashboard_view build(SQLite::Database& db, std::int64_t municipality_id, const filters& f, sys_days today, int baseline_minutes) {
  const auto as_of = std::min(today, *parse_iso_date(f.to));
  const auto people = load_people(db, municipality_id);
  std::vector<const person*> cohort;
  for (const auto& p : people) {
    if (matches(p, f, true, true)) cohort.push_back(&p);
  }
  std::vector<dashboard_table> tables;

  // Outcomes by track and by target group.
  std::vector<std::pair<keyed_label, std::vector<const person*>>> by_track, by_group;
  for (const auto& t : tracks) {
    if (f.track && *f.track != t.key) continue;
    std::vector<const person*> members;
    for (const auto* p : cohort) {
      if (p->track == t.key) members.push_back(p);
    }
    by_track.emplace_back(t, std::move(members));
  }
  for (const auto& g : target_groups) {
    if (f.target_group && *f.target_group != g.key) continue;
    std::vector<const person*> members;
    for (const auto* p : cohort) {
      if (p->target_group == g.key) members.push_back(p);
    }
    if (std::string(g.key).empty() && members.empty()) continue;
    by_group.emplace_back(g, std::move(members));
  }
  tables.push_back(outcome_table("outcomes_by_track", {"Job eller uddannelse efter 13, 26 og 52 uger, efter spor",
                                                       "Work or education at 13, 26 and 52 weeks, by track"},
                                 by_track, as_of));
  tables.push_back(outcome_table("outcomes_by_target_group", {"Job eller uddannelse efter 13, 26 og 52 uger, efter målgruppe",
                                                              "Work or education at 13, 26 and 52 weeks, by target group"},
                                 by_group, as_of));

  // Time to job: Kaplan–Meier per track.
  dashboard_table time_to_job{"time_to_job", {"Tid til job eller uddannelse", "Time to work or education"}};
  time_to_job.columns = {count("people", {"Personer", "People"}),
                         count("job_or_education", {"I job/uddannelse", "In work/education"}),
                         count("exits_other", {"Ophørt af andre grunde", "Left for other reasons"}),
                         count("still_searching", {"Søger stadig", "Still searching"}),
                         {"median_weeks", "weeks", {"Median, uger", "Median, weeks"}},
                         {"median_lower", "weeks", {"95 % KI, fra", "95% CI, from"}},
                         {"median_upper", "weeks", {"95 % KI, til", "95% CI, to"}}};
  dashboard_table still_searching{"still_searching", {"Andel der stadig søger, efter uger siden start",
                                                      "Share still searching, by weeks since joining"}};
  for (const auto& [t, members] : by_track) {
    still_searching.columns.push_back({std::string(t.key) + "_share", "share", {t.label.da + ": andel", t.label.en + ": share"}});
    still_searching.columns.push_back({std::string(t.key) + "_lower", "share", {t.label.da + ": 95 % KI fra", t.label.en + ": 95% CI from"}});
    still_searching.columns.push_back({std::string(t.key) + "_upper", "share", {t.label.da + ": 95 % KI til", t.label.en + ": 95% CI to"}});
    still_searching.columns.push_back({std::string(t.key) + "_at_risk", "count", {t.label.da + ": fulgt", t.label.en + ": followed"}});
  }
  for (int w : curve_weeks) still_searching.add_row("week_" + std::to_string(w), {std::to_string(w) + " uger", std::to_string(w) + " weeks"});

  json::array survival;
  std::vector<std::size_t> track_rows;
  auto km_row = [&](std::size_t row, const std::vector<const person*>& members) {
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
    return std::pair{curve, data};
  };
  std::vector<const person*> everyone;
  for (const auto& [t, members] : by_track) {
    const auto row = time_to_job.add_row(t.key, t.label);
    track_rows.push_back(row);
    everyone.insert(everyone.end(), members.begin(), members.end());
    const auto [curve, data] = km_row(row, members);
    json::array points;
    const bool shown = curve.people >= smallest_group;
    if (shown) {
      points.push_back(json::object{{"week", 0}, {"still_searching", 1.0}, {"lower", 1.0}, {"upper", 1.0}, {"at_risk", curve.people}});
      for (const auto& step : curve.steps) {
        if (step.at_risk < smallest_group) break;
        points.push_back(json::object{{"week", std::round(step.time * 10) / 10},
                                      {"still_searching", std::round(step.survival * 1000) / 1000},
                                      {"lower", std::round(step.lower * 1000) / 1000},
                                      {"upper", std::round(step.upper * 1000) / 1000},
                                      {"at_risk", step.at_risk}});
      }
    }
    survival.push_back(json::object{{"track", t.key},
                                    {"people", curve.people == 0 || curve.people >= smallest_group ? json::value(curve.people)
                                                                                                  : json::value("<5")},
                                    {"points", std::move(points)}});
    for (std::size_t i = 0; i < curve_weeks.size(); ++i) {
      const double w = curve_weeks[i];
      const int at_risk = curve.at_risk_at(w, data);
      const std::string key = t.key;
      still_searching.set(i, key + "_at_risk", at_risk);
      if (at_risk == 0) continue;
      double lower = 1, upper = 1;
      for (const auto& step : curve.steps) {
        if (step.time > w) break;
        lower = step.lower;
        upper = step.upper;
      }
      still_searching.set(i, key + "_share", curve.survival_at(w));
      still_searching.set(i, key + "_lower", lower);
      still_searching.set(i, key + "_upper", upper);
    }
  }
  // The total: the counts add up the tracks; the median is everyone's.
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
  {
    for (const auto* key : parts_of_people) {
      sum_relation sum{{total_row, time_to_job.column(key)}, {}};
      for (auto r : track_rows) sum.parts.push_back({r, time_to_job.column(key)});
      time_to_job.sums.push_back(std::move(sum));
    }
    for (std::size_t r = 0; r < time_to_job.rows.size(); ++r) {
      sum_relation row_sum{{r, time_to_job.column("people")}, {}};
      for (std::size_t i = 0; i + 1 < parts_of_people.size(); ++i) row_sum.parts.push_back({r, time_to_job.column(parts_of_people[i])});
      time_to_job.sums.push_back(std::move(row_sum));
      for (const auto* key : {"median_weeks", "median_lower", "median_upper"}) {
        time_to_job.derived.push_back({{r, time_to_job.column(key)}, {{r, time_to_job.column("people")}}});
      }
    }
    time_to_job.protect();
    std::vector<derived_relation> curve_cells;
    for (std::size_t r = 0; r < still_searching.rows.size(); ++r) {
      for (const auto& [t, members] : by_track) {
        const std::string key = t.key;
        for (const auto* part : {"_share", "_lower", "_upper"}) {
          curve_cells.push_back({{r, still_searching.column(key + part)}, {{r, still_searching.column(key + "_at_risk")}}});
        }
      }
    }
    still_searching.derived = std::move(curve_cells);
    still_searching.protect();
  }

  // Exits for other reasons.
  dashboard_table exits{"exits_other", {"Ophør af andre grunde end job eller uddannelse", "Exits for other reasons than work or education"}};
  exits.columns = {count("people", {"Personer", "People"}), count("other_outcome", {"Anden afslutning", "Other outcome"}),
                   count("left_network", {"Forladt netværket uden resultat", "Left the network without an outcome"}),
                   count("account_closed", {"Konto lukket eller slettet", "Account closed or erased"})};
  {
    std::vector<std::size_t> rows;
    auto fill = [&](std::size_t row, const std::vector<const person*>& members) {
      std::map<std::string, int> by_kind;
      for (const auto* p : members) {
        if (p->exit && *p->exit <= as_of && !(p->event && *p->event <= *p->exit)) ++by_kind[p->exit_kind];
      }
      exits.set(row, "people", static_cast<double>(members.size()));
      for (const auto* kind : {"other_outcome", "left_network", "account_closed"}) exits.set(row, kind, by_kind[kind]);
    };
    for (const auto& [t, members] : by_track) {
      rows.push_back(exits.add_row(t.key, t.label));
      fill(rows.back(), members);
    }
    std::vector<const person*> all;
    for (const auto& [t, members] : by_track) all.insert(all.end(), members.begin(), members.end());
    const auto total = exits.add_row("total", total_label);
    fill(total, all);
    for (std::size_t c = 0; c < exits.columns.size(); ++c) {
      sum_relation sum{{total, c}, {}};
      for (auto r : rows) sum.parts.push_back({r, c});
      exits.sums.push_back(std::move(sum));
    }
    exits.protect();
  }

  // The people per track stand in several tables: a count hidden in one is
  // hidden in all, or one table would give away what another hides.
  align_people({&tables[0], &time_to_job, &exits});
  for (std::size_t i = 0; i < by_track.size(); ++i) {
    const auto& count_cell = time_to_job.cell(track_rows[i], "people");
    auto& entry = survival[i].as_object();
    if (count_cell.mark == cell_mark::shown) continue;
    entry["people"] = count_cell.mark == cell_mark::small ? "<5" : "..";
    entry["points"] = json::array{};
    still_searching.cells.at(0).at(still_searching.column(std::string(by_track[i].first.key) + "_at_risk")).mark = cell_mark::hidden;
    still_searching.protect();
  }

  // Months shown in the time series: the period, at most the last two years.
  std::vector<sys_days> months;
  {
    auto first = f.from ? month_start(*parse_iso_date(*f.from)) : month_start(as_of);
    if (!f.from) {
      for (const auto& p : people) first = std::min(first, month_start(p.entry));
    }
    const auto last = month_start(as_of);
    first = std::max(first, sys_days{std::chrono::year_month_day{last} - std::chrono::months(months_shown - 1)});
    for (auto m = first; m <= last; m = sys_days{std::chrono::year_month_day{m} + std::chrono::months(1)}) months.push_back(m);
  }

  // Staff time per seeker per month by track, and hours freed.
  std::map<std::int64_t, std::vector<decision>> decisions;
  {
    SQLite::Statement rows(db, "SELECT account_id, track, decided_at FROM track_decision WHERE municipality_id = ? ORDER BY account_id, id");
    rows.bind(1, municipality_id);
    while (rows.executeStep()) {
      decisions[rows.getColumn(0).getInt64()].push_back({*date_column(rows.getColumn(2)), rows.getColumn(1).getString()});
    }
  }
  dashboard_table staff{"staff_time", {"Jobrådgivertid pr. jobsøger pr. måned, efter spor", "Caseworker minutes per seeker per month, by track"}};
  for (const auto& [t, members] : by_track) {
    staff.columns.push_back({std::string(t.key) + "_seekers", "count", {t.label.da + ": jobsøgere", t.label.en + ": seekers"}});
    staff.columns.push_back({std::string(t.key) + "_minutes", "minutes", {t.label.da + ": minutter pr. jobsøger", t.label.en + ": minutes per seeker"}});
  }
  dashboard_table freed{"hours_freed", {"Timer frigjort til individuel indsats", "Hours freed for individual effort"}};
  freed.columns = {count("network_seekers", {"Jobsøgere i netværk", "Seekers in networks"}),
                   {"minutes_per_seeker", "minutes", {"Minutter pr. jobsøger", "Minutes per seeker"}},
                   {"baseline_minutes", "minutes", {"Sammenligningsgrundlag, minutter", "Baseline, minutes"}},
                   {"hours_freed", "hours", {"Timer frigjort", "Hours freed"}}};
  json::array staff_series;
  std::vector<std::size_t> freed_rows;
  double total_seeker_months = 0, total_hours = 0;
  for (const auto month : months) {
    const auto next = sys_days{std::chrono::year_month_day{month} + std::chrono::months(1)};
    const auto minutes_of = staff_minutes_by_seeker(db, municipality_id, to_iso_date(month), to_iso_date(next));
    std::map<std::string, std::pair<int, double>> by;  // track -> seekers, minutes
    for (const auto& p : people) {
      if (!matches(p, f, false, false) || p.entry >= next) continue;
      const auto gone = std::min(p.event.value_or(sys_days::max()), p.exit.value_or(sys_days::max()));
      if (gone < month) continue;
      std::string track;
      for (const auto& d : decisions[p.id]) {
        if (d.on < next) track = d.track;
      }
      if (track.empty() || (f.track && track != *f.track)) continue;
      auto& entry = by[track];
      ++entry.first;
      if (const auto m = minutes_of.find(p.id); m != minutes_of.end()) entry.second += m->second;
    }
    const auto label = month_of(month);
    const auto row = staff.add_row(label, {label, label});
    json::object point{{"month", label}};
    for (const auto& [t, members] : by_track) {
      const auto [seekers, minutes] = by[t.key];
      staff.set(row, std::string(t.key) + "_seekers", seekers);
      const auto per = seekers > 0 ? std::optional<double>(minutes / seekers) : std::nullopt;
      staff.set(row, std::string(t.key) + "_minutes", per);
      point[t.key] = per && seekers >= smallest_group ? json::value(std::round(*per * 10) / 10) : json::value(nullptr);
    }
    staff_series.push_back(std::move(point));
    const int network_seekers = by["network"].first + by["network_sparring"].first;
    const double network_minutes = by["network"].second + by["network_sparring"].second;
    const auto r = freed.add_row(label, {label, label});
    freed_rows.push_back(r);
    freed.set(r, "network_seekers", network_seekers);
    freed.set(r, "baseline_minutes", baseline_minutes);
    if (network_seekers > 0) {
      freed.set(r, "minutes_per_seeker", network_minutes / network_seekers);
      const double hours = (baseline_minutes * network_seekers - network_minutes) / 60.0;
      freed.set(r, "hours_freed", hours);
      total_hours += hours;
    }
    total_seeker_months += network_seekers;
  }
  {
    std::vector<derived_relation> derived;
    for (std::size_t r = 0; r < staff.rows.size(); ++r) {
      for (const auto& [t, members] : by_track) {
        derived.push_back({{r, staff.column(std::string(t.key) + "_minutes")}, {{r, staff.column(std::string(t.key) + "_seekers")}}});
      }
    }
    suppress_small_numbers(staff.cells, {}, derived);
    const auto total = freed.add_row("total", {"I alt (jobsøger-måneder)", "Total (seeker-months)"});
    freed.set(total, "network_seekers", total_seeker_months);
    freed.set(total, "hours_freed", total_hours);
    freed.set(total, "baseline_minutes", baseline_minutes);
    if (total_seeker_months > 0) {
      freed.set(total, "minutes_per_seeker", baseline_minutes - total_hours * 60 / total_seeker_months);
    }
    std::vector<sum_relation> sums{{{total, freed.column("hours_freed")}, {}}, {{total, freed.column("network_seekers")}, {}}};
    std::vector<derived_relation> freed_derived;
    for (auto r : freed_rows) {
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

  // Network health across the municipality, per month.
  dashboard_table health{"network_health", {"Netværkenes sundhed", "Network health"}};
  health.columns = {{"networks_active", "number", {"Aktive netværk", "Networks active"}},
                    {"average_size", "number", {"Gennemsnitlig størrelse", "Average size"}},
                    {"attendance", "share", {"Fremmøde til møder", "Meeting attendance"}},
                    {"leads_shared", "number", {"Jobtip delt", "Leads shared"}},
                    {"leads_used", "number", {"Jobtip brugt", "Leads used"}},
                    {"refill_waiting_days", "days", {"Ventetid på genbesættelse, dage (median)", "Refill waiting time, days (median)"}}};
  json::array health_series;
  const std::int64_t facilitator = f.caseworker.value_or(0);
  for (const auto month : months) {
    const auto from = to_iso_date(month);
    const auto to = to_iso_date(sys_days{std::chrono::year_month_day{month} + std::chrono::months(1)});
    const auto label = month_of(month);
    const auto row = health.add_row(label, {label, label});
    auto scalar = [&](const char* sql) -> std::optional<double> {
      SQLite::Statement q(db, sql);
      q.bind(1, municipality_id);
      q.bind(2, from);
      q.bind(3, to);
      q.bind(4, facilitator);
      q.executeStep();
      if (q.getColumn(0).isNull()) return std::nullopt;
      return q.getColumn(0).getDouble();
    };
    const char* active_networks =
        "SELECT n.id FROM network n WHERE n.municipality_id = ?1 AND n.created_at < ?3 AND (n.closed_at IS NULL OR n.closed_at >= ?2) "
        "AND (?4 = 0 OR n.facilitator_id = ?4) AND EXISTS (SELECT 1 FROM network_member m WHERE m.network_id = n.id "
        "AND m.joined_at < ?3 AND (m.left_at IS NULL OR m.left_at >= ?2))";
    const auto active = scalar((std::string("SELECT count(*) FROM (") + active_networks + ")").c_str());
    const auto size = scalar((std::string("SELECT avg(c) FROM (SELECT (SELECT count(*) FROM network_member m WHERE m.network_id = a.id "
                                          "AND m.joined_at < ?3 AND (m.left_at IS NULL OR m.left_at >= ?3) AND (m.alumnus_since IS NULL "
                                          "OR m.alumnus_since >= ?3)) AS c FROM (") +
                              active_networks + ") a)")
                                 .c_str());
    const auto attendance = scalar(
        "SELECT avg(t.present) FROM meeting_attendance t JOIN meeting g ON g.id = t.meeting_id JOIN network n ON n.id = g.network_id "
        "WHERE g.municipality_id = ?1 AND g.starts_at >= ?2 AND g.starts_at < ?3 AND g.cancelled_at IS NULL "
        "AND (?4 = 0 OR n.facilitator_id = ?4)");
    const auto shared = scalar(
        "SELECT count(*) FROM job_lead l JOIN network n ON n.id = l.network_id WHERE l.municipality_id = ?1 AND l.created_at >= ?2 "
        "AND l.created_at < ?3 AND (?4 = 0 OR n.facilitator_id = ?4)");
    const auto used = scalar(
        "SELECT count(*) FROM job_lead_mark k JOIN job_lead l ON l.id = k.lead_id JOIN network n ON n.id = l.network_id "
        "WHERE l.municipality_id = ?1 AND k.status IN ('applied', 'interview', 'got_job') AND k.updated_at >= ?2 "
        "AND k.updated_at < ?3 AND (?4 = 0 OR n.facilitator_id = ?4)");
    // A refill: a member who joined an existing network, waiting since the
    // latest seat there opened (a member left or became an alumnus).
    std::vector<double> waits;
    {
      SQLite::Statement refills(
          db,
          "SELECT julianday(m.joined_at) - julianday((SELECT max(coalesce(o.alumnus_since, o.left_at)) FROM network_member o "
          "WHERE o.network_id = m.network_id AND coalesce(o.alumnus_since, o.left_at) <= m.joined_at)) FROM network_member m "
          "JOIN network n ON n.id = m.network_id WHERE n.municipality_id = ?1 AND m.joined_at >= ?2 AND m.joined_at < ?3 "
          "AND (?4 = 0 OR n.facilitator_id = ?4) AND julianday(m.joined_at) - julianday(n.created_at) > 1");
      refills.bind(1, municipality_id);
      refills.bind(2, from);
      refills.bind(3, to);
      refills.bind(4, facilitator);
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
    health.set(row, "networks_active", active);
    health.set(row, "average_size", active && *active > 0 ? size : std::nullopt);
    health.set(row, "attendance", attendance);
    health.set(row, "leads_shared", shared);
    health.set(row, "leads_used", used);
    health.set(row, "refill_waiting_days", median_wait);
    auto rounded = [](std::optional<double> v, double places) {
      if (!v) return json::value(nullptr);
      if (places == 1) return json::value(static_cast<std::int64_t>(std::llround(*v)));
      return json::value(std::round(*v * places) / places);
    };
    health_series.push_back(json::object{{"month", label},
                                         {"networks_active", rounded(active, 1)},
                                         {"average_size", rounded(active && *active > 0 ? size : std::nullopt, 10)},
                                         {"attendance", rounded(attendance, 1000)},
                                         {"leads_shared", rounded(shared, 1)},
                                         {"leads_used", rounded(used, 1)}});
  }
  suppress_small_numbers(health.cells, {});

  tables.push_back(std::move(time_to_job));
  tables.push_back(std::move(still_searching));
  tables.push_back(std::move(exits));
  tables.push_back(std::move(staff));
  tables.push_back(std::move(freed));
  tables.push_back(std::move(health));

  json::array caseworkers;
  {
    SQLite::Statement rows(db, "SELECT id, display_name FROM account WHERE municipality_id = ? AND role = 'caseworker' ORDER BY display_name");
    rows.bind(1, municipality_id);
    while (rows.executeStep()) {
      caseworkers.push_back(json::object{{"id", rows.getColumn(0).getInt64()}, {"display_name", rows.getColumn(1).getString()}});
    }
  }
  auto optional_text = [](const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); };
  json::array table_list;
  for (const auto& t : tables) table_list.push_back(table_json(t));
  json::object body{{"as_of", to_iso_date(as_of)},
                    {"filters", {{"from", optional_text(f.from)},
                                 {"to", f.to},
                                 {"track", optional_text(f.track)},
                                 {"target_group", optional_text(f.target_group)},
                                 {"caseworker", f.caseworker ? json::value(*f.caseworker) : json::value(nullptr)}}},
                    {"choices", {{"caseworkers", std::move(caseworkers)}}},
                    {"survival", std::move(survival)},
                    {"staff_series", std::move(staff_series)},
                    {"health_series", std::move(health_series)},
                    {"tables", std::move(table_list)}};
  return {std::move(body), std::move(tables)};
}

awaitable<result<dashboard_view>> load(context& ctx, const http_request& request, const caller& who) {
  auto reading = read_db<dashboard_view>(
      ctx.readers(), [who, query = request.query, today = day_of(ctx.now()),
                      baseline = ctx.pilot(who.municipality_id)->dashboard.baseline_minutes_per_seeker_month](
                         SQLite::Database& db) -> result<dashboard_view> {
        auto f = parse_filters(db, query, who.municipality_id, today);
        if (!f) return std::move(f).err();
        return build(db, who.municipality_id, *f, today, baseline);
      });
  co_return co_await std::move(reading);
}

// GET /api/v1/dashboard
awaitable<result<http_reply>> dashboard(context& ctx, const http_request& request, const caller& who) {
  auto view = co_await load(ctx, request, who);
  if (!view) co_return std::move(view).err();
  http_reply reply = json_reply(200, json::serialize(view->body));
  reply.headers.emplace_back("Cache-Control", "no-store");
  co_return reply;
}

// GET /api/v1/dashboard/{table}.csv?lang=da|en
awaitable<result<http_reply>> csv(context& ctx, const http_request& request, const caller& who) {
  const auto id = request.parameters.at("table");
  const auto lang = query_parameter(request.query, "lang").value_or("da");
  if (lang != "da" && lang != "en") co_return kreds::error{errc::invalid_field, "lang must be da or en", "lang"};
  auto view = co_await load(ctx, request, who);
  if (!view) co_return std::move(view).err();
  const auto found = std::find_if(view->tables.begin(), view->tables.end(), [&](const dashboard_table& t) { return t.id == id; });
  if (found == view->tables.end()) co_return kreds::error{errc::not_found, "no dashboard table named " + id};
  http_reply reply;
  reply.content_type = "text/csv; charset=utf-8";
  reply.body = table_csv(*found, lang == "da");
  reply.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"kreds-" + id + "-" + view->body.at("as_of").as_string().c_str() + ".csv\"");
  reply.headers.emplace_back("Cache-Control", "no-store");
  co_return reply;
}

}  // namespace

void register_dashboard_routes(context& ctx, api_router& api) {
  api.add("GET", "/api/v1/dashboard", permission::run_pilot,
          [&ctx](const http_request& request, const caller* who) { return dashboard(ctx, request, *who); });
  api.add("GET", "/api/v1/dashboard/{table}.csv", permission::run_pilot,
          [&ctx](const http_request& request, const caller* who) { return csv(ctx, request, *who); });
}

}  // namespace kreds::features
