#include "features/followup/alerts.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <future>

#include "features/common/network_messages.hpp"
#include "features/common/staff_time.hpp"
#include "features/followup/routes.hpp"
#include "platform/api_router.hpp"
#include "platform/audit.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/json_output.hpp"
#include "platform/logging.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"
#include "storage/row.hpp"

namespace kreds::features {

namespace json = boost::json;
using boost::asio::awaitable;

namespace {

std::string days_ago(time_point now, int days) { return to_iso(now - std::chrono::days(days)); }

// The caseworker who follows a seeker: their network's facilitator, else
// whoever decided their track last.
constexpr const char* caseworker_of_seeker =
    "coalesce((SELECT n.facilitator_id FROM network_member m JOIN network n ON n.id = m.network_id WHERE m.account_id "
    "= a.id "
    "AND m.left_at IS NULL AND n.closed_at IS NULL LIMIT 1), (SELECT d.decided_by FROM track_decision d WHERE "
    "d.account_id = a.id ORDER BY d.id DESC LIMIT 1))";

void approaching_long_term(SQLite::Database& db, time_point now, const config::signals_section& t,
                           std::vector<alert_candidate>& out) {
  SQLite::Statement query(
      db, std::string("SELECT a.municipality_id, ") + caseworker_of_seeker +
              ", a.id, p.unemployed_since, (SELECT d.track FROM track_decision d WHERE d.account_id = a.id "
              "ORDER BY d.id DESC LIMIT 1) FROM account a JOIN profile p ON p.account_id = a.id "
              "WHERE a.role = 'seeker' AND a.active = 1 AND p.unemployed_since <= ? AND NOT EXISTS "
              "(SELECT 1 FROM outcome o WHERE o.account_id = a.id AND o.kind <> 'other') AND NOT EXISTS "
              "(SELECT 1 FROM case_outcome c WHERE c.account_id = a.id AND c.kind <> 'other')");
  query.bind(1, to_iso_date(day_of(now) - std::chrono::days(7 * t.long_term_warning_weeks)));
  while (query.executeStep()) {
    const auto [municipality, caseworker, seeker, since, track] =
        storage::read_row<std::int64_t, std::optional<std::int64_t>, std::int64_t, std::string,
                          std::optional<std::string>>(query);
    if (!caseworker) continue;  // nobody follows this seeker yet
    const auto start = parse_iso_date(since);
    const int weeks = start ? static_cast<int>((day_of(now) - *start).count() / 7) : 0;
    out.push_back({municipality, *caseworker, seeker, std::nullopt, "approaching_long_term",
                   "seeker:" + std::to_string(seeker) + ":since:" + since,
                   track == "network" ? "offer_sparring" : "contact",
                   json::object{{"unemployed_since", since}, {"weeks", weeks}, {"long_term_weeks", 52}}});
  }
}

// Seated members whose last own activity in the network is older than the threshold.
void inactive(SQLite::Database& db, time_point now, const config::signals_section& t,
              std::vector<alert_candidate>& out) {
  SQLite::Statement query(db,
                          "SELECT n.municipality_id, n.facilitator_id, m.account_id, n.id, max(m.joined_at, "
                          "coalesce((SELECT max(created_at) FROM chat_message c WHERE c.network_id = n.id AND "
                          "c.author_id = m.account_id), ''), "
                          "coalesce((SELECT max(created_at) FROM job_lead l WHERE l.network_id = n.id AND l.shared_by "
                          "= m.account_id), ''), "
                          "coalesce((SELECT max(created_at) FROM weekly_goal g WHERE g.network_id = n.id AND "
                          "g.account_id = m.account_id), ''), "
                          "coalesce((SELECT max(checked_in_at) FROM weekly_checkin k WHERE k.network_id = n.id AND "
                          "k.account_id = m.account_id), '')) "
                          "AS last FROM network_member m JOIN network n ON n.id = m.network_id WHERE m.left_at IS NULL "
                          "AND m.alumnus_since IS NULL AND n.closed_at IS NULL AND last < ?");
  query.bind(1, days_ago(now, t.inactive_days));
  while (query.executeStep()) {
    const auto [municipality, facilitator, seeker, network, last] =
        storage::read_row<std::int64_t, std::int64_t, std::int64_t, std::int64_t, std::string>(query);
    const auto at = parse_iso_time(last);
    const int days = at ? static_cast<int>(std::chrono::floor<std::chrono::days>(now - *at).count()) : t.inactive_days;
    out.push_back({municipality, facilitator, seeker, network, "inactive",
                   "seeker:" + std::to_string(seeker) + ":network:" + std::to_string(network) + ":last:" + last,
                   "contact", json::object{{"last_activity_at", last}, {"days", days}}});
  }
}

// Members who set goals and did not meet them (or did not check in) in each
// of the last `goals_missed_weeks` finished weeks.
void goals_missed(SQLite::Database& db, time_point now, const config::signals_section& t,
                  std::vector<alert_candidate>& out) {
  const auto this_week = monday_of(day_of(now));
  const auto first = to_iso_date(this_week - std::chrono::days(7 * t.goals_missed_weeks));
  const auto last_week = to_iso_date(this_week - std::chrono::days(7));
  SQLite::Statement query(
      db,
      "SELECT n.municipality_id, n.facilitator_id, g.account_id, n.id, count(DISTINCT g.week) FROM weekly_goal g "
      "JOIN network n ON n.id = g.network_id JOIN network_member m ON m.network_id = n.id AND "
      "m.account_id = g.account_id AND m.left_at IS NULL WHERE n.closed_at IS NULL AND g.week >= ?1 AND "
      "g.week <= ?2 AND (g.done IS NULL OR g.done < g.target) GROUP BY n.id, g.account_id HAVING count(DISTINCT "
      "g.week) >= ?3");
  storage::bind_all(query, first, last_week, t.goals_missed_weeks);
  while (query.executeStep()) {
    const auto [municipality, facilitator, seeker, network, weeks] =
        storage::read_row<std::int64_t, std::int64_t, std::int64_t, std::int64_t, int>(query);
    out.push_back({municipality, facilitator, seeker, network, "goals_missed",
                   "seeker:" + std::to_string(seeker) + ":network:" + std::to_string(network) + ":week:" + last_week,
                   "offer_sparring", json::object{{"weeks", weeks}, {"last_week", last_week}}});
  }
}

void help_unanswered(SQLite::Database& db, time_point now, const config::signals_section& t,
                     std::vector<alert_candidate>& out) {
  SQLite::Statement query(
      db,
      "SELECT n.municipality_id, n.facilitator_id, h.account_id, n.id, h.id, h.created_at FROM help_request h "
      "JOIN network n ON n.id = h.network_id WHERE h.answered_at IS NULL AND n.closed_at IS NULL AND h.created_at < ?");
  query.bind(1, to_iso(now - std::chrono::hours(t.help_unanswered_hours)));
  while (query.executeStep()) {
    const auto [municipality, facilitator, seeker, network, request, asked_at] =
        storage::read_row<std::int64_t, std::int64_t, std::int64_t, std::int64_t, std::int64_t, std::string>(query);
    out.push_back({municipality, facilitator, seeker, network, "help_unanswered", "help:" + std::to_string(request),
                   "answer_help", json::object{{"request_id", request}, {"asked_at", asked_at}}});
  }
}

void message_reported(SQLite::Database& db, std::vector<alert_candidate>& out) {
  SQLite::Statement query(
      db,
      "SELECT n.municipality_id, n.facilitator_id, c.author_id, n.id, r.id, c.seq, r.reason FROM chat_report r "
      "JOIN chat_message c ON c.id = r.message_id JOIN network n ON n.id = c.network_id "
      "WHERE r.handled_at IS NULL AND n.closed_at IS NULL");
  while (query.executeStep()) {
    const auto [municipality, facilitator, author, network, report, seq, reason] =
        storage::read_row<std::int64_t, std::int64_t, std::int64_t, std::int64_t, std::int64_t, std::int64_t,
                          std::string>(query);
    out.push_back({municipality, facilitator, author, network, "message_reported", "report:" + std::to_string(report),
                   "moderate", json::object{{"seq", seq}, {"reason", reason}}});
  }
}

void outcome_reported(SQLite::Database& db, time_point now, std::vector<alert_candidate>& out) {
  SQLite::Statement query(
      db,
      "SELECT n.municipality_id, n.facilitator_id, o.account_id, n.id, o.id, o.kind, o.on_date FROM outcome o "
      "JOIN network n ON n.id = o.network_id WHERE o.reported_at >= ?");
  query.bind(1, days_ago(now, 30));
  while (query.executeStep()) {
    const auto [municipality, facilitator, member, network, outcome, kind, date] =
        storage::read_row<std::int64_t, std::int64_t, std::int64_t, std::int64_t, std::int64_t, std::string,
                          std::string>(query);
    out.push_back({municipality, facilitator, member, network, "outcome_reported", "outcome:" + std::to_string(outcome),
                   "congratulate", json::object{{"kind", kind}, {"date", date}}});
  }
}

std::string alert_text(const std::string& kind, const json::object& f, bool da) {
  auto number = [&](const char* key) { return f.contains(key) ? json_text(f.at(key)) : std::string("?"); };
  auto text = [&](const char* key) {
    return f.contains(key) && f.at(key).is_string() ? std::string(f.at(key).as_string()) : std::string();
  };
  if (kind == "approaching_long_term") {
    return da ? "Ledig i " + number("weeks") + " uger – nærmer sig langtidsledighed (52 uger)"
              : "Unemployed for " + number("weeks") + " weeks – approaching long-term unemployment (52 weeks)";
  }
  if (kind == "inactive")
    return da ? "Ingen aktivitet i netværket i " + number("days") + " dage"
              : "No activity in the network for " + number("days") + " days";
  if (kind == "goals_missed")
    return da ? "Ugens mål ikke nået " + number("weeks") + " uger i træk"
              : "Weekly goals not met " + number("weeks") + " weeks running";
  if (kind == "help_unanswered") return da ? "Anmodning om hjælp er ikke besvaret" : "A request for help is unanswered";
  if (kind == "message_reported") return (da ? "En besked er anmeldt: " : "A message was reported: ") + text("reason");
  if (kind == "outcome_reported") {
    const auto what = text("kind");
    return da ? (what == "job"         ? "Har fået job – sig tillykke"
                 : what == "education" ? "Er startet på uddannelse – sig tillykke"
                                       : "Har forladt ledigheden")
              : (what == "job"         ? "Got a job – congratulate"
                 : what == "education" ? "Started education – congratulate"
                                       : "Left unemployment");
  }
  return kind;
}

constexpr const char* select_alert =
    "SELECT id, kind, account_id, network_id, facts, suggested_action, status, snoozed_until, note, created_at, "
    "updated_at "
    "FROM alert ";

json::object alert_json(SQLite::Database& db, SQLite::Statement& row, time_point now, const std::string& language) {
  boost::system::error_code ec;
  auto facts = json::parse(row.getColumn(4).getString(), ec);
  if (ec || !facts.is_object()) facts = json::object{};
  const auto kind = row.getColumn(1).getString();
  std::optional<std::string> snoozed;
  if (!row.getColumn(7).isNull()) snoozed = row.getColumn(7).getString();
  return json::object{
      {"id", row.getColumn(0).getInt64()},
      {"kind", kind},
      {"seeker",
       row.getColumn(2).isNull() ? json::value(nullptr) : json::value(person_json(db, row.getColumn(2).getInt64()))},
      {"network_id", row.getColumn(3).isNull() ? json::value(nullptr) : json::value(row.getColumn(3).getInt64())},
      {"facts", facts},
      {"text", alert_text(kind, facts.as_object(), language != "en")},
      {"suggested_action", row.getColumn(5).getString()},
      {"status", effective_status(row.getColumn(6).getString(), snoozed, now)},
      {"snoozed_until", snoozed ? json::value(*snoozed) : json::value(nullptr)},
      {"note", row.getColumn(8).getString()},
      {"created_at", row.getColumn(9).getString()},
      {"updated_at", row.getColumn(10).getString()}};
}

}  // namespace

std::vector<alert_candidate> evaluate_signals(SQLite::Database& db, time_point now,
                                              const config::signals_section& thresholds) {
  std::vector<alert_candidate> found;
  approaching_long_term(db, now, thresholds, found);
  inactive(db, now, thresholds, found);
  goals_missed(db, now, thresholds, found);
  help_unanswered(db, now, thresholds, found);
  message_reported(db, found);
  outcome_reported(db, now, found);
  return found;
}

std::vector<std::pair<std::int64_t, std::int64_t>> raise_alerts(SQLite::Database& db,
                                                                const std::vector<alert_candidate>& found,
                                                                time_point now) {
  SQLite::Statement insert(
      db,
      "INSERT INTO alert (municipality_id, caseworker_id, account_id, network_id, kind, condition_key, facts, "
      "suggested_action, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (kind, condition_key) DO NOTHING");
  std::vector<std::pair<std::int64_t, std::int64_t>> raised;
  const auto stamp = to_iso(now);
  for (const auto& a : found) {
    insert.reset();
    storage::bind_all(insert, a.municipality_id, a.caseworker_id);
    storage::bind_optional(insert, 3, a.seeker);
    storage::bind_optional(insert, 4, a.network);
    insert.bind(5, a.kind);
    insert.bind(6, a.condition_key);
    insert.bind(7, json_text(a.facts));
    insert.bind(8, a.suggested_action);
    insert.bind(9, stamp);
    insert.bind(10, stamp);
    if (insert.exec() > 0) raised.emplace_back(a.caseworker_id, db.getLastInsertRowid());
  }
  return raised;
}

std::string effective_status(const std::string& status, const std::optional<std::string>& snoozed_until,
                             time_point now) {
  if (status == "snoozed" && snoozed_until && *snoozed_until <= to_iso(now)) return "open";
  return status;
}

json::array open_alerts_of(SQLite::Database& db, std::int64_t seeker, time_point now, const std::string& language) {
  SQLite::Statement rows(db,
                         std::string(select_alert) + "WHERE account_id = ? AND status <> 'resolved' ORDER BY id DESC");
  rows.bind(1, seeker);
  json::array out;
  while (rows.executeStep()) out.push_back(alert_json(db, rows, now, language));
  return out;
}

std::future<std::size_t> evaluate_signals_now(context& ctx) {
  using raised_list = std::vector<std::pair<std::int64_t, std::int64_t>>;
  auto raised = std::make_shared<raised_list>();
  auto done = std::make_shared<std::promise<std::size_t>>();
  auto evaluated = done->get_future();
  ctx.writer().submit(storage::write_job{
      [&ctx, raised](SQLite::Database& db) -> result<void> {
        *raised = raise_alerts(db, evaluate_signals(db, ctx.now(), ctx.settings().signals), ctx.now());
        return {};
      },
      [&ctx, raised, done](result<void> committed) {
        if (!committed) {
          log_warn("", "signal evaluation failed: {}", committed.err().message());
          done->set_value(0);
          return;
        }
        for (const auto& [caseworker, alert] : *raised) {
          publish_to_account(ctx, caseworker, "alert.new", json::object{{"id", alert}});
        }
        if (!raised->empty()) log_info("", "signals raised {} alerts", raised->size());
        done->set_value(raised->size());
      }});
  return evaluated;
}

namespace {

http_reply ok(int status, const json::object& body) { return json_reply(status, json_text(body)); }

std::string language_of(const http_request& request) {
  return query_parameter(request.query, "lang").value_or("da") == "en" ? "en" : "da";
}

// GET /api/v1/alerts?status=open|all
awaitable<result<http_reply>> inbox(context& ctx, const http_request& request, const caller& who) {
  const auto which = query_parameter(request.query, "status").value_or("open");
  if (which != "open" && which != "all")
    co_return kreds::error{errc::invalid_field, "status must be open or all", "status"};
  // Reading the inbox shows personal data: the router audits every seeker it names.
  auto reading = read_db<json::array>(
      ctx.readers(),
      [who, which, now = ctx.now(), language = language_of(request)](SQLite::Database& db) -> result<json::array> {
        SQLite::Statement rows(db, std::string(select_alert) +
                                       "WHERE caseworker_id = ? AND municipality_id = ? ORDER BY id DESC LIMIT 500");
        storage::bind_all(rows, who.account_id, who.municipality_id);
        json::array out;
        while (rows.executeStep()) {
          auto alert = alert_json(db, rows, now, language);
          const auto status = alert.at("status").as_string();
          if (which == "open" && status != "open" && status != "acknowledged") continue;
          out.push_back(std::move(alert));
        }
        return out;
      });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return ok(200, {{"alerts", std::move(*found)}});
}

// POST /api/v1/alerts/{id}/{acknowledge|snooze|resolve}
awaitable<result<http_reply>> handle_alert(context& ctx, const http_request& request, const caller& who,
                                           std::string action) {
  const auto id = id_parameter(request, "id");
  if (!id) co_return kreds::error{errc::not_found, "no such alert"};
  auto body = parse_json_object(request.body);
  KREDS_CO_RETURN_IF_ERROR(body);
  std::string note;
  int days = 0;
  if (action == "snooze") {
    KREDS_CO_CHECK(only_fields(*body, {"days"}));
    auto value = integer_field(*body, "days", 1, 60);
    KREDS_CO_RETURN_IF_ERROR(value);
    days = static_cast<int>(*value);
  } else if (action == "resolve") {
    KREDS_CO_CHECK(only_fields(*body, {"note"}));
    auto value = string_field(*body, "note", 3, 1000);
    KREDS_CO_RETURN_IF_ERROR(value);
    note = *value;
  } else if (auto known = only_fields(*body, {}); !known) {
    co_return std::move(known).err();
  }
  auto storing = write_db<json::object>(
      ctx.writer(),
      [who, id = *id, action, note, days, now = ctx.now(), language = language_of(request),
       minutes = ctx.settings().staff_time.alert](SQLite::Database& db) -> result<json::object> {
        SQLite::Statement found(db,
                                "SELECT status, account_id, network_id FROM alert WHERE id = ? AND caseworker_id = ? "
                                "AND municipality_id = ?");
        storage::bind_all(found, id, who.account_id, who.municipality_id);
        if (!found.executeStep()) return kreds::error{errc::not_found, "no such alert in your inbox"};
        if (found.getColumn(0).getString() == "resolved")
          return kreds::error{errc::conflict, "the alert is already resolved"};
        std::optional<std::int64_t> seeker, network;
        if (!found.getColumn(1).isNull()) seeker = found.getColumn(1).getInt64();
        if (!found.getColumn(2).isNull()) network = found.getColumn(2).getInt64();
        const auto status = action == "acknowledge" ? "acknowledged" : action == "snooze" ? "snoozed" : "resolved";
        SQLite::Statement update(
            db,
            "UPDATE alert SET status = ?, snoozed_until = ?, note = CASE WHEN ? = '' THEN note ELSE ? END, "
            "handled_by = ?, updated_at = ? WHERE id = ?");
        update.bind(1, status);
        if (days > 0) {
          update.bind(2, to_iso(now + std::chrono::days(days)));
        } else {
          update.bind(2);
        }
        update.bind(3, note);
        update.bind(4, note);
        update.bind(5, who.account_id);
        update.bind(6, to_iso(now));
        update.bind(7, id);
        update.exec();
        if (action == "resolve")
          record_staff_time(db, who, seeker, seeker ? std::nullopt : network, "alert", minutes, to_iso(now));
        SQLite::Statement row(db, std::string(select_alert) + "WHERE id = ?");
        row.bind(1, id);
        row.executeStep();
        return alert_json(db, row, now, language);
      });
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return ok(200, *stored);
}

}  // namespace

void register_alert_routes(context& ctx, api_router& api) {
  api.add("GET", "/api/v1/alerts", permission::follow_up_seekers,
          shows_people("read_alerts", "follow-up: the alert inbox", "seeker.id"),
          [&ctx](const http_request& request, const caller* who) { return inbox(ctx, request, *who); });
  for (const char* action : {"acknowledge", "snooze", "resolve"}) {
    api.add("POST", std::string("/api/v1/alerts/{id}/") + action, permission::follow_up_seekers,
            shows_people("act_on_alert", "follow-up: an alert", "seeker.id"),
            [&ctx, action = std::string(action)](const http_request& request, const caller* who) {
              return handle_alert(ctx, request, *who, action);
            });
  }
}

}  // namespace kreds::features
