#include "features/followup/portfolio.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include "features/common/network_access.hpp"
#include "features/common/network_messages.hpp"
#include "features/common/staff_time.hpp"
#include "features/followup/alerts.hpp"
#include "features/followup/routes.hpp"
#include "features/followup/triage.hpp"
#include "features/networks/membership.hpp"
#include "platform/api_router.hpp"
#include "platform/audit.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/json_output.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"

namespace kreds::features {
namespace {

namespace json = boost::json;
using boost::asio::awaitable;

http_reply ok(int status, const json::object& body) { return json_reply(status, json_text(body)); }

std::string language_of(const http_request& request) {
  return query_parameter(request.query, "lang").value_or("da") == "en" ? "en" : "da";
}

kreds::error not_yours() { return {errc::not_found, "no such network among yours"}; }

std::int64_t scalar(SQLite::Database& db, const char* sql, std::int64_t network, const std::string& since) {
  SQLite::Statement query(db, sql);
  storage::bind_all(query, network, since);
  query.executeStep();
  return query.getColumn(0).isNull() ? 0 : query.getColumn(0).getInt64();
}

// One network's health over the last days, and how much it needs the caseworker.
json::object health_json(SQLite::Database& db, std::int64_t network, time_point now, int seats) {
  const auto week_ago = to_iso(now - std::chrono::days(7));
  const auto month_ago = to_iso(now - std::chrono::days(28));
  SQLite::Statement base(
      db,
      "SELECT created_at, (SELECT count(*) FROM network_member WHERE network_id = n.id AND left_at IS NULL), "
      "(SELECT count(*) FROM network_member WHERE network_id = n.id AND left_at IS NULL AND alumnus_since IS NULL) "
      "FROM network n WHERE id = ?");
  base.bind(1, network);
  base.executeStep();
  const auto activity =
      scalar(db,
             "SELECT (SELECT count(*) FROM chat_message WHERE network_id = ?1 AND created_at >= ?2) + "
             "(SELECT count(*) FROM job_lead WHERE network_id = ?1 AND created_at >= ?2) + "
             "(SELECT count(*) FROM weekly_checkin WHERE network_id = ?1 AND checked_in_at >= ?2) + "
             "(SELECT count(DISTINCT account_id || week) FROM weekly_goal WHERE network_id = ?1 AND created_at >= ?2)",
             network, week_ago);
  SQLite::Statement held_query(
      db,
      "SELECT count(*) FROM meeting WHERE network_id = ? AND cancelled_at IS NULL AND starts_at >= ? "
      "AND starts_at <= ?");
  storage::bind_all(held_query, network, month_ago, to_iso(now));
  held_query.executeStep();
  const auto held = held_query.getColumn(0).getInt64();
  const auto recorded = scalar(db,
                               "SELECT count(*) FROM meeting_attendance t JOIN meeting m ON m.id = t.meeting_id "
                               "WHERE m.network_id = ?1 AND m.starts_at >= ?2",
                               network, month_ago);
  const auto present = scalar(db,
                              "SELECT count(*) FROM meeting_attendance t JOIN meeting m ON m.id = t.meeting_id "
                              "WHERE m.network_id = ?1 AND m.starts_at >= ?2 AND t.present = 1",
                              network, month_ago);
  const auto leads =
      scalar(db, "SELECT count(*) FROM job_lead WHERE network_id = ?1 AND created_at >= ?2", network, month_ago);
  const auto used =
      scalar(db,
             "SELECT count(*) FROM job_lead_mark k JOIN job_lead l ON l.id = k.lead_id WHERE l.network_id = ?1 "
             "AND l.created_at >= ?2 AND k.status IN ('applied', 'interview', 'got_job')",
             network, month_ago);
  const auto last_week = to_iso_date(monday_of(day_of(now)) - std::chrono::days(7));
  const auto goals_set =
      scalar(db, "SELECT count(*) FROM weekly_goal WHERE network_id = ?1 AND week = ?2", network, last_week);
  const auto goals_met =
      scalar(db, "SELECT count(*) FROM weekly_goal WHERE network_id = ?1 AND week = ?2 AND done >= target", network,
             last_week);
  const auto open_help =
      scalar(db, "SELECT count(*) FROM help_request WHERE network_id = ?1 AND answered_at IS NULL AND created_at <= ?2",
             network, to_iso(now));
  const auto open_alerts =
      scalar(db,
             "SELECT count(*) FROM alert WHERE network_id = ?1 AND (status IN ('open', 'acknowledged') OR "
             "(status = 'snoozed' AND snoozed_until <= ?2))",
             network, to_iso(now));
  const auto outcomes =
      scalar(db, "SELECT count(*) FROM outcome WHERE network_id = ?1 AND reported_at <= ?2", network, to_iso(now));
  const json::value attendance =
      recorded > 0 ? json::value(static_cast<double>(present) / static_cast<double>(recorded)) : json::value(nullptr);
  const json::value goals_rate = goals_set > 0
                                     ? json::value(static_cast<double>(goals_met) / static_cast<double>(goals_set))
                                     : json::value(nullptr);
  double need =
      3.0 * static_cast<double>(open_alerts) + 2.0 * static_cast<double>(open_help) + (activity == 0 ? 3.0 : 0.0);
  if (goals_set > 0 && goals_met * 2 < goals_set) need += 1;
  if (recorded > 0 && present * 2 < recorded) need += 1;
  return json::object{{"id", network},
                      {"created_at", base.getColumn(0).getString()},
                      {"members", base.getColumn(1).getInt64()},
                      {"open_seats", std::max<std::int64_t>(0, seats - base.getColumn(2).getInt64())},
                      {"activity_7d", activity},
                      {"meetings_held_28d", held},
                      {"attendance_rate_28d", attendance},
                      {"leads_shared_28d", leads},
                      {"leads_used_28d", used},
                      {"goals_met_rate_last_week", goals_rate},
                      {"open_help_requests", open_help},
                      {"open_alerts", open_alerts},
                      {"outcomes", outcomes},
                      {"need", need}};
}

// GET /api/v1/portfolio
awaitable<result<http_reply>> portfolio(context& ctx, const caller& who) {
  auto reading = read_db<json::array>(
      ctx.readers(),
      [who, now = ctx.now(),
       seats = ctx.pilot(who.municipality_id)->matching.max_size](SQLite::Database& db) -> result<json::array> {
        SQLite::Statement ids(
            db, "SELECT id FROM network WHERE municipality_id = ? AND facilitator_id = ? AND closed_at IS NULL");
        storage::bind_all(ids, who.municipality_id, who.account_id);
        std::vector<json::object> networks;
        while (ids.executeStep()) networks.push_back(health_json(db, ids.getColumn(0).getInt64(), now, seats));
        std::stable_sort(networks.begin(), networks.end(), [](const json::object& a, const json::object& b) {
          return a.at("need").as_double() > b.at("need").as_double();
        });
        return json::array(networks.begin(), networks.end());
      });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return ok(200, {{"networks", std::move(*found)}});
}

// GET /api/v1/portfolio/networks/{id}?purpose=&lang= (audited per member)
awaitable<result<http_reply>> network_detail(context& ctx, const http_request& request, const caller& who) {
  const auto network = id_parameter(request, "id");
  if (!network) co_return not_yours();
  auto purpose = query_parameter(request.query, "purpose").value_or("network follow-up");
  if (utf8_length(purpose) < 3 || utf8_length(purpose) > 200) {
    co_return kreds::error{errc::invalid_field, "purpose must say why you look, in 3 to 200 characters", "purpose"};
  }
  auto reading = write_db<json::object>(
      ctx.writer(),
      [who, network = *network, purpose, now = ctx.now(), language = language_of(request),
       seats = ctx.pilot(who.municipality_id)->matching.max_size](SQLite::Database& db) -> result<json::object> {
        if (!facilitates(db, who, network)) return not_yours();
        json::array members;
        for (const auto& member : current_members(db, network)) {
          append_audit(db, who, member.account_id, "read_network_member", purpose, to_iso(now));
          SQLite::Statement facts(
              db,
              "SELECT m.joined_at, (SELECT track FROM track_decision d WHERE d.account_id = m.account_id "
              "ORDER BY d.id DESC LIMIT 1), max(m.joined_at, coalesce((SELECT max(created_at) FROM chat_message c "
              "WHERE c.network_id = m.network_id AND c.author_id = m.account_id), ''), coalesce((SELECT "
              "max(checked_in_at) FROM weekly_checkin k WHERE k.network_id = m.network_id AND k.account_id = "
              "m.account_id), '')) FROM network_member m WHERE m.network_id = ? AND m.account_id = ? AND m.left_at IS "
              "NULL");
          storage::bind_all(facts, network, member.account_id);
          facts.executeStep();
          members.push_back(
              json::object{{"account_id", member.account_id},
                           {"display_name", member.display_name},
                           {"alumnus", member.alumnus},
                           {"track", facts.getColumn(1).isNull() ? json::value(nullptr)
                                                                 : json::value(facts.getColumn(1).getString())},
                           {"joined_at", facts.getColumn(0).getString()},
                           {"last_activity_at", facts.getColumn(2).getString()},
                           {"alerts", open_alerts_of(db, member.account_id, now, language)}});
        }
        json::array reports;
        SQLite::Statement reported(
            db,
            "SELECT r.id, c.seq, a.display_name, c.body, r.reason, r.created_at FROM chat_report r JOIN "
            "chat_message c ON c.id = r.message_id JOIN account a ON a.id = c.author_id WHERE c.network_id = ? "
            "AND r.handled_at IS NULL ORDER BY r.id");
        reported.bind(1, network);
        while (reported.executeStep()) {
          reports.push_back(json::object{{"report_id", reported.getColumn(0).getInt64()},
                                         {"seq", reported.getColumn(1).getInt64()},
                                         {"author", reported.getColumn(2).getString()},
                                         {"body", reported.getColumn(3).getString()},
                                         {"reason", reported.getColumn(4).getString()},
                                         {"reported_at", reported.getColumn(5).getString()}});
        }
        return json::object{{"network", health_json(db, network, now, seats)},
                            {"members", std::move(members)},
                            {"reports", std::move(reports)}};
      });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return ok(200, *found);
}

// POST /api/v1/networks/{id}/messages/{seq}/hide {reason}
awaitable<result<http_reply>> hide(context& ctx, const http_request& request, const caller& who) {
  const auto network = id_parameter(request, "id");
  const auto seq = id_parameter(request, "seq");
  if (!network || !seq) co_return kreds::error{errc::not_found, "no such message"};
  auto body = parse_json_object(request.body);
  KREDS_CO_RETURN_IF_ERROR(body);
  KREDS_CO_CHECK(only_fields(*body, {"reason"}));
  auto reason = string_field(*body, "reason", 3, 500);
  KREDS_CO_RETURN_IF_ERROR(reason);
  auto storing = write_db<json::object>(
      ctx.writer(),
      [who, network = *network, seq = *seq, reason = *reason, now = to_iso(ctx.now()),
       minutes = ctx.settings().staff_time.moderation](SQLite::Database& db) -> result<json::object> {
        if (!facilitates(db, who, network)) return not_yours();
        SQLite::Statement message(
            db,
            "SELECT c.id, c.author_id, a.display_name, c.created_at, c.client_id FROM chat_message c "
            "JOIN account a ON a.id = c.author_id WHERE c.network_id = ? AND c.seq = ?");
        storage::bind_all(message, network, seq);
        if (!message.executeStep()) return kreds::error{errc::not_found, "no such message"};
        const auto id = message.getColumn(0).getInt64();
        SQLite::Statement update(
            db,
            "UPDATE chat_message SET body = '', deleted_at = coalesce(deleted_at, ?), hidden_reason = ? WHERE id = ?");
        storage::bind_all(update, now, reason, id);
        update.exec();
        SQLite::Statement handled(db,
                                  "UPDATE chat_report SET handled_at = ? WHERE message_id = ? AND handled_at IS NULL");
        storage::bind_all(handled, now, id);
        handled.exec();
        record_staff_time(db, who, std::nullopt, network, "moderation", minutes, now);
        // The tombstone, as members see it (docs/protocol.md, chat.updated).
        return json::object{{"network_id", network},
                            {"seq", seq},
                            {"author", json::object{{"id", message.getColumn(1).getInt64()},
                                                    {"display_name", message.getColumn(2).getString()}}},
                            {"body", ""},
                            {"created_at", message.getColumn(3).getString()},
                            {"client_id", message.getColumn(4).getString()},
                            {"deleted", true},
                            {"hidden", true}};
      },
      [&ctx](const json::object& tombstone) {
        publish_to_network(ctx, tombstone.at("network_id").as_int64(), "chat.updated", tombstone);
      });
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return ok(200, {{"network_id", *network}, {"seq", *seq}});
}

struct moved {
  json::object member;  // {network_id (left), account_id, display_name}
  std::optional<std::int64_t> to;
  json::object joined;  // network.joined payload for the member
};

// POST /api/v1/networks/{id}/members/{account_id}/move {to, reason}
awaitable<result<http_reply>> move(context& ctx, const http_request& request, const caller& who) {
  const auto from = id_parameter(request, "id");
  const auto member = id_parameter(request, "account_id");
  if (!from || !member) co_return kreds::error{errc::not_found, "no such member"};
  auto body = parse_json_object(request.body);
  KREDS_CO_RETURN_IF_ERROR(body);
  KREDS_CO_CHECK(only_fields(*body, {"to", "reason"}));
  auto reason = string_field(*body, "reason", 3, 500);
  KREDS_CO_RETURN_IF_ERROR(reason);
  std::optional<std::int64_t> to;
  const auto* target = body->if_contains("to");
  if (target && target->is_int64() && target->as_int64() > 0) {
    to = target->as_int64();
  } else if (!target || !target->is_string() || target->as_string() != "individual") {
    co_return kreds::error{errc::invalid_field, "to must be a network id or \"individual\"", "to"};
  }
  auto storing = write_db<moved>(
      ctx.writer(),
      [who, from = *from, member = *member, to, reason = *reason, now = ctx.now(),
       settings = ctx.pilot(who.municipality_id),
       language = language_of(request)](SQLite::Database& db) -> result<moved> {
        if (!facilitates(db, who, from)) return not_yours();
        if (to && (*to == from || !facilitates(db, who, *to))) {
          return kreds::error{errc::invalid_field, "to must be another network you facilitate", "to"};
        }
        const auto stamp = to_iso(now);
        if (!close_membership(db, from, member, reason, stamp))
          return kreds::error{errc::not_found, "no such member in this network"};
        moved out{member_json(db, member), to, {}};
        out.member["network_id"] = from;
        if (to) {
          SQLite::Statement join(
              db,
              "INSERT INTO network_member (network_id, account_id, municipality_id, joined_at, why_da, why_en) "
              "VALUES (?, ?, ?, ?, ?, ?)");
          storage::bind_all(join, *to, member, who.municipality_id, stamp,
                            "Flyttet hertil af din jobrådgiver: " + reason, "Moved here by your caseworker: " + reason);
          join.exec();
          out.joined = json::object{{"network_id", *to},
                                    {"why", json::object{{"da", "Flyttet hertil af din jobrådgiver: " + reason},
                                                         {"en", "Moved here by your caseworker: " + reason}}}};
        } else {
          auto decided =
              record_track_decision(db, who, member, "individual", reason, std::nullopt, now, *settings, language);
          KREDS_RETURN_IF_ERROR(decided);
        }
        append_audit(db, who, member, "move_member", "move: " + reason.substr(0, 190), stamp);
        record_staff_time(db, who, member, std::nullopt, "move", settings->staff_time.move, stamp);
        return out;
      },
      [&ctx](const moved& done) {
        announce_departure(ctx, done.member);
        if (done.to) {
          const auto account = done.member.at("account_id").as_int64();
          ctx.connections().subscribe_account(account, "network:" + std::to_string(*done.to), ctx.hub());
          publish_to_account(ctx, account, "network.joined", done.joined);
        }
      });
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return ok(200, {{"account_id", *member},
                     {"from", *from},
                     {"to", stored->to ? json::value(*stored->to) : json::value("individual")}});
}

}  // namespace

void register_portfolio_routes(context& ctx, api_router& api) {
  const auto staff = permission::follow_up_seekers;
  api.add("GET", "/api/v1/portfolio", staff, reveals_nobody,
          [&ctx](const http_request&, const caller* who) { return portfolio(ctx, *who); });
  api.add("GET", "/api/v1/portfolio/networks/{id}", staff, audited_by_handler("read_network_member"),
          [&ctx](const http_request& request, const caller* who) { return network_detail(ctx, request, *who); });
  api.add("POST", "/api/v1/networks/{id}/messages/{seq}/hide", staff, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return hide(ctx, request, *who); });
  api.add("POST", "/api/v1/networks/{id}/members/{account_id}/move", staff, audited_by_handler("move_member"),
          [&ctx](const http_request& request, const caller* who) { return move(ctx, request, *who); });
}

}  // namespace kreds::features
