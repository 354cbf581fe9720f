#include "features/privacy/personal_data.hpp"

#include "platform/json_output.hpp"
#include "platform/pilot_settings.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include "features/privacy/routes.hpp"
#include "platform/api_router.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/logging.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"

namespace kreds::features {

namespace json = boost::json;
using boost::asio::awaitable;

const char* retention_key_of(std::string_view table) {
  static const std::pair<std::string_view, const char*> keys[] = {
      {"chat_message", "chat_messages_days"}, {"chat_report", "chat_messages_days"},
      {"help_request", "help_requests_days"}, {"alert", "alerts_days"},
      {"audit_log", "audit_log_days"},        {"track_decision", "case_records_days"},
      {"consent", "case_records_days"},
  };
  for (const auto& [name, key] : keys) {
    if (name == table) return key;
  }
  return nullptr;
}

// The table of every table holding personal data, one entry each: long
// because the schema is, and kept whole so a reviewer sees it at once.
const std::vector<personal_data_rule>& personal_data_rules() {
  // Children before parents: erasure runs in this order.
  static const std::vector<personal_data_rule> rules{
      {"municipality", "Kommunerne", "The municipalities", nullptr, "none", nullptr, nullptr, nullptr},
      {"pilot_setting", "Kommunens indstillinger for forsøget", "The municipality's pilot settings", nullptr, "none",
       nullptr, nullptr, nullptr},
      {"pilot_setting_change", "Ændringer af kommunens indstillinger for forsøget, med hvem der ændrede dem",
       "Changes of the municipality's pilot settings, with who made them", nullptr, "none", nullptr, nullptr, nullptr},
      {"retention_run", "Antal slettede rækker pr. sletningskørsel", "Rows deleted per retention run", nullptr, "none",
       nullptr, nullptr, nullptr},
      {"audit_log_cutoff", "Hvor gammel logning må slettes", "How old audit entries may be deleted", nullptr, "none",
       nullptr, nullptr, nullptr},
      {"session", "Dine login-sessioner", "Your login sessions",
       "SELECT created_at, last_seen_at, expires_at FROM session WHERE account_id = ?1", "deleted",
       "DELETE FROM session WHERE account_id = ?1", nullptr, nullptr},
      {"login_rejection", "Afviste login-forsøg på din konto", "Rejected logins to your account",
       "SELECT at, address, reason FROM login_rejection WHERE account_id = ?1", "deleted",
       "DELETE FROM login_rejection WHERE account_id = ?1 OR email = (SELECT email FROM account WHERE id = ?1)",
       nullptr, nullptr},
      {"invitation", "Invitationen, du fik", "The invitation you received",
       "SELECT created_at, expires_at, accepted_at FROM invitation WHERE account_id = ?1", "deleted",
       "DELETE FROM invitation WHERE account_id = ?1", nullptr, nullptr},
      {"consent", "Dit samtykke og en tilbagetrækning", "Your consent and any withdrawal",
       "SELECT text_version, given_at, withdrawn_at, withdrawal_reason FROM consent WHERE account_id = ?1", "kept",
       "UPDATE consent SET withdrawn_at = ?2, withdrawal_reason = 'erasure' WHERE account_id = ?1 AND withdrawn_at IS "
       "NULL",
       "Dokumentation for samtykket og tilbagetrækningen (GDPR art. 7, stk. 1)",
       "Documentation of the consent and its withdrawal (GDPR Art. 7(1))"},
      {"profile_goal", "Dine mål i profilen", "The goals in your profile",
       "SELECT position, kind, occupation_id, isco_code FROM profile_goal WHERE account_id = ?1", "deleted",
       "DELETE FROM profile_goal WHERE account_id = ?1", nullptr, nullptr},
      {"profile_skill", "Dine kompetencer", "Your skills", "SELECT skill_id FROM profile_skill WHERE account_id = ?1",
       "deleted", "DELETE FROM profile_skill WHERE account_id = ?1", nullptr, nullptr},
      {"profile_language", "Dine sprog", "Your languages",
       "SELECT code, level FROM profile_language WHERE account_id = ?1", "deleted",
       "DELETE FROM profile_language WHERE account_id = ?1", nullptr, nullptr},
      {"profile", "Din profil: postnummer, tider, målgruppe, ledighed, uddannelse, præsentation",
       "Your profile: postcode, times, target group, unemployment, education, introduction",
       "SELECT postcode, availability, meeting_preference, target_group, unemployed_since, education_level, "
       "introduction, "
       "updated_at FROM profile WHERE account_id = ?1",
       "deleted", "DELETE FROM profile WHERE account_id = ?1", nullptr, nullptr},
      {"self_assessment", "Din selvvurdering og dit ønske", "Your self-assessment and wish",
       "SELECT answers, wish, submitted_at FROM self_assessment WHERE account_id = ?1", "deleted",
       "DELETE FROM self_assessment WHERE account_id = ?1", nullptr, nullptr},
      {"track_decision", "Afgørelser om dit forløb (spor) med begrundelse", "Decisions on your track, with reasons",
       "SELECT track, suggested_track, score, factors, wish, reason, decided_at FROM track_decision WHERE account_id = "
       "?1",
       "kept", nullptr, "Forvaltningslovens notatpligt: afgørelser gemmes i sagens opbevaringsperiode",
       "The duty to record decisions (Danish Public Administration Act): kept for the case's retention period"},
      {"audit_log", "Hvem der har set dine oplysninger, hvornår og hvorfor", "Who looked at your data, when and why",
       "SELECT at, actor_role, action, purpose FROM audit_log WHERE subject_id = ?1", "kept", nullptr,
       "Logning af opslag i dine oplysninger (databeskyttelsesloven)",
       "The log of look-ups in your data (data protection law)"},
      {"network", "Netværkene", "The networks", nullptr, "none", nullptr, nullptr, nullptr},
      {"network_member", "Dine medlemskaber og hvorfor du blev placeret", "Your memberships and why you were placed",
       "SELECT network_id, joined_at, left_at, left_reason, why_da, why_en, alumnus_since FROM network_member WHERE "
       "account_id = ?1",
       "pseudonymised",
       "UPDATE network_member SET left_reason = CASE WHEN left_at IS NULL THEN 'erased' ELSE NULL END, "
       "left_at = coalesce(left_at, ?2), why_da = '', why_en = '' WHERE account_id = ?1",
       nullptr, nullptr},
      {"matching_proposal", "Matchingkørsler (uden personoplysninger)", "Matching runs (no personal data)", nullptr,
       "none", nullptr, nullptr, nullptr},
      {"matching_proposal_event", "Jobrådgiverens ændringer i forslag, der nævner dig",
       "The caseworker's changes to proposals naming you",
       "SELECT at, kind, detail FROM matching_proposal_event WHERE json_extract(detail, '$.seeker_id') = ?1",
       "pseudonymised", nullptr, nullptr, nullptr},
      {"do_not_group", "Par, der ikke skal i samme netværk", "Pairs not to be grouped together",
       "SELECT reason, created_at FROM do_not_group WHERE seeker_a = ?1 OR seeker_b = ?1", "deleted",
       "DELETE FROM do_not_group WHERE seeker_a = ?1 OR seeker_b = ?1", nullptr, nullptr},
      {"chat_report", "Beskeder, du har anmeldt", "Messages you reported",
       "SELECT message_id, reason, created_at, handled_at FROM chat_report WHERE reporter_id = ?1", "deleted",
       "DELETE FROM chat_report WHERE reporter_id = ?1", nullptr, nullptr},
      {"chat_message", "Dine beskeder i netværkets samtale", "Your messages in the network's chat",
       "SELECT network_id, seq, body, created_at, edited_at, deleted_at FROM chat_message WHERE author_id = ?1",
       "pseudonymised", nullptr, nullptr, nullptr},
      {"job_lead_mark", "Hvad du gjorde med jobtip", "What you did with job leads",
       "SELECT lead_id, status, updated_at FROM job_lead_mark WHERE account_id = ?1", "deleted",
       "DELETE FROM job_lead_mark WHERE account_id = ?1", nullptr, nullptr},
      {"job_lead", "Jobtip, du har delt", "Job leads you shared",
       "SELECT network_id, title, employer, link, deadline, note, created_at FROM job_lead WHERE shared_by = ?1",
       "pseudonymised", nullptr, nullptr, nullptr},
      {"weekly_goal", "Dine ugemål", "Your weekly goals",
       "SELECT network_id, week, kind, target, text, done FROM weekly_goal WHERE account_id = ?1", "deleted",
       "DELETE FROM weekly_goal WHERE account_id = ?1", nullptr, nullptr},
      {"weekly_checkin", "Dine ugentlige opfølgninger", "Your weekly check-ins",
       "SELECT network_id, week, note, checked_in_at FROM weekly_checkin WHERE account_id = ?1", "deleted",
       "DELETE FROM weekly_checkin WHERE account_id = ?1", nullptr, nullptr},
      {"buddy_group", "Dine makkere", "Your buddies",
       "SELECT network_id, period_start, group_no FROM buddy_group WHERE account_id = ?1", "deleted",
       "DELETE FROM buddy_group WHERE account_id = ?1", nullptr, nullptr},
      {"meeting_rsvp", "Dine svar på møder", "Your answers to meetings",
       "SELECT meeting_id, answer, updated_at FROM meeting_rsvp WHERE account_id = ?1", "deleted",
       "DELETE FROM meeting_rsvp WHERE account_id = ?1", nullptr, nullptr},
      {"meeting_attendance", "Dit fremmøde", "Your attendance",
       "SELECT meeting_id, present, recorded_at FROM meeting_attendance WHERE account_id = ?1", "pseudonymised",
       nullptr, nullptr, nullptr},
      {"meeting", "Møder, du har planlagt", "Meetings you scheduled",
       "SELECT network_id, template, starts_at, duration_minutes, place, online_link, agenda, cancelled_at FROM "
       "meeting "
       "WHERE created_by = ?1",
       "pseudonymised", nullptr, nullptr, nullptr},
      {"outcome_congratulation", "Dine lykønskninger", "Your congratulations",
       "SELECT outcome_id, created_at FROM outcome_congratulation WHERE account_id = ?1", "deleted",
       "DELETE FROM outcome_congratulation WHERE account_id = ?1", nullptr, nullptr},
      {"case_outcome", "Afslutningen af dit forløb, som jobrådgiveren registrerede den",
       "How your course ended, as your caseworker recorded it",
       "SELECT kind, on_date, recorded_at FROM case_outcome WHERE account_id = ?1", "pseudonymised", nullptr, nullptr,
       nullptr},
      {"outcome", "Job eller uddannelse, du har fået", "The job or education you reported",
       "SELECT network_id, kind, on_date, hours_per_week, sector, note, stay_as_mentor, reported_at FROM outcome WHERE "
       "account_id = ?1",
       "pseudonymised", "UPDATE outcome SET note = '' WHERE account_id = ?1", nullptr, nullptr},
      {"help_request", "Dine anmodninger om hjælp og svarene", "Your requests for help and the answers",
       "SELECT network_id, text, created_at, answer, answered_at FROM help_request WHERE account_id = ?1",
       "pseudonymised",
       "UPDATE help_request SET text = '[slettet]', answer = CASE WHEN answer IS NULL THEN NULL ELSE '[slettet]' END "
       "WHERE account_id = ?1",
       nullptr, nullptr},
      {"network_visit", "Hvad du har læst", "What you have read",
       "SELECT network_id, read_seq, visited_at FROM network_visit WHERE account_id = ?1", "deleted",
       "DELETE FROM network_visit WHERE account_id = ?1", nullptr, nullptr},
      {"alert", "Jobrådgiverens opmærksomhedspunkter om dig", "Your caseworker's alerts about you",
       "SELECT kind, facts, status, note, created_at FROM alert WHERE account_id = ?1", "deleted",
       "DELETE FROM alert WHERE account_id = ?1", nullptr, nullptr},
      {"staff_time", "Jobrådgiverens tid brugt på dig", "Caseworker time spent with you",
       "SELECT action, minutes, on_date, note FROM staff_time WHERE account_id = ?1", "pseudonymised",
       "UPDATE staff_time SET note = '' WHERE account_id = ?1", nullptr, nullptr},
      {"account", "Din konto: e-mail og navn", "Your account: e-mail and name",
       "SELECT id, email, display_name, role, created_at, active, deactivated_at FROM account WHERE id = ?1",
       "pseudonymised",
       "UPDATE account SET email = 'erased-' || id || '@invalid', display_name = 'Tidligere medlem', password_hash = "
       "NULL, "
       "active = 0, deactivated_at = coalesce(deactivated_at, ?2), erased_at = ?2, blocked_at = NULL WHERE id = ?1",
       nullptr, nullptr},
  };
  return rules;
}

namespace {

json::value column_value(const SQLite::Column& column) {
  if (column.isNull()) return nullptr;
  if (column.isInteger()) return column.getInt64();
  if (column.isFloat()) return column.getDouble();
  return json::string(column.getString());
}

std::string escape_html(std::string_view text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

}  // namespace

json::object export_personal_data(SQLite::Database& db, std::int64_t account_id, const std::string& now) {
  json::object tables;
  for (const auto& rule : personal_data_rules()) {
    if (!rule.export_sql) continue;
    SQLite::Statement query(db, rule.export_sql);
    query.bind(1, account_id);
    json::array rows;
    while (query.executeStep()) {
      json::object row;
      for (int i = 0; i < query.getColumnCount(); ++i) row[query.getColumnName(i)] = column_value(query.getColumn(i));
      rows.push_back(std::move(row));
    }
    tables[rule.table] = std::move(rows);
  }
  return json::object{{"exported_at", now}, {"account_id", account_id}, {"tables", std::move(tables)}};
}

std::string export_as_html(const json::object& exported, const std::string& language) {
  const bool da = language != "en";
  std::string html = "<!doctype html>\n<html lang=\"" + std::string(da ? "da" : "en") +
                     "\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
                     "initial-scale=1\"><title>" +
                     (da ? "Dine data i Kreds" : "Your data in Kreds") + "</title></head>\n<body>\n<h1>" +
                     (da ? "Dine data i Kreds" : "Your data in Kreds") + "</h1>\n<p>" +
                     (da ? "Udtrukket " : "Exported ") + escape_html(exported.at("exported_at").as_string()) + "</p>\n";
  const auto& tables = exported.at("tables").as_object();
  for (const auto& rule : personal_data_rules()) {
    const auto* rows = tables.if_contains(rule.table);
    if (!rows) continue;
    html += "<section>\n<h2>" + escape_html(da ? rule.purpose_da : rule.purpose_en) + "</h2>\n";
    const auto& list = rows->as_array();
    if (list.empty()) {
      html += "<p>" + std::string(da ? "Intet." : "Nothing.") + "</p>\n</section>\n";
      continue;
    }
    html += "<table>\n<caption>" + escape_html(da ? rule.purpose_da : rule.purpose_en) + "</caption>\n<thead><tr>";
    for (const auto& [name, value] : list[0].as_object()) html += "<th scope=\"col\">" + escape_html(name) + "</th>";
    html += "</tr></thead>\n<tbody>\n";
    for (const auto& row : list) {
      html += "<tr>";
      for (const auto& [name, value] : row.as_object()) {
        html += "<td>" +
                escape_html(value.is_string() ? std::string(value.as_string())
                            : value.is_null() ? ""
                                              : json_text(value)) +
                "</td>";
      }
      html += "</tr>\n";
    }
    html += "</tbody>\n</table>\n</section>\n";
  }
  html += "</body>\n</html>\n";
  return html;
}

erasure_counts erase_personal_data(SQLite::Database& db, std::int64_t account_id, bool delete_messages,
                                   const std::string& now) {
  erasure_counts counts;
  if (delete_messages) {
    SQLite::Statement messages(
        db, "UPDATE chat_message SET body = '', deleted_at = coalesce(deleted_at, ?2) WHERE author_id = ?1");
    storage::bind_all(messages, account_id, now);
    counts.deleted += messages.exec();
  }
  for (const auto& rule : personal_data_rules()) {
    if (!rule.erase_sql) continue;
    SQLite::Statement erase(db, rule.erase_sql);
    erase.bind(1, account_id);
    if (erase.getBindParameterCount() >= 2) erase.bind(2, now);
    const auto changed = erase.exec();
    if (std::string_view(rule.on_erasure) == "deleted") {
      counts.deleted += changed;
    } else {
      counts.pseudonymised += changed;
    }
  }
  return counts;
}

namespace {

// GET /api/v1/me/export and /api/v1/me/export.html
awaitable<result<http_reply>> download(context& ctx, const http_request& request, const caller& who, bool as_html) {
  auto reading = read_db<json::object>(ctx.readers(),
                                       [who, now = to_iso(ctx.now())](SQLite::Database& db) -> result<json::object> {
                                         return export_personal_data(db, who.account_id, now);
                                       });
  auto exported = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(exported);
  http_reply out;
  if (as_html) {
    out.content_type = "text/html; charset=utf-8";
    out.body = export_as_html(*exported, query_parameter(request.query, "lang").value_or("da"));
    out.headers.emplace_back("Content-Disposition", "attachment; filename=\"kreds-mine-data.html\"");
  } else {
    out.body = json_text(*exported);
    out.headers.emplace_back("Content-Disposition", "attachment; filename=\"kreds-mine-data.json\"");
  }
  out.headers.emplace_back("Cache-Control", "no-store");
  co_return out;
}

// GET /api/v1/privacy/rules?lang=
awaitable<result<http_reply>> rules(context& ctx, const http_request& request, const caller& who) {
  const bool da = query_parameter(request.query, "lang").value_or("da") != "en";
  const auto settings = ctx.pilot(who.municipality_id);
  json::array list;
  for (const auto& rule : personal_data_rules()) {
    if (!rule.export_sql) continue;
    json::object item{
        {"table", rule.table}, {"purpose", da ? rule.purpose_da : rule.purpose_en}, {"on_erasure", rule.on_erasure}};
    if (rule.kept_because_da) item["kept_because"] = da ? rule.kept_because_da : rule.kept_because_en;
    const auto* key = retention_key_of(rule.table);
    item["retention_days"] =
        key ? json::value(static_cast<std::int64_t>(pilot_setting_value(*settings, std::string("retention.") + key)))
            : json::value(nullptr);
    list.push_back(std::move(item));
  }
  co_return json_reply(200, json_text(json::object{{"rules", std::move(list)}}));
}

// POST /api/v1/me/erase {confirm: "erase", delete_messages?, reason?}
awaitable<result<http_reply>> erase(context& ctx, const http_request& request, const caller& who) {
  auto body = parse_json_object(request.body);
  KREDS_CO_RETURN_IF_ERROR(body);
  KREDS_CO_CHECK(only_fields(*body, {"confirm", "delete_messages", "reason"}));
  const auto* confirm = body->if_contains("confirm");
  if (!confirm || !confirm->is_string() || confirm->as_string() != "erase") {
    co_return kreds::error{errc::invalid_field, "confirm must be \"erase\": erasure cannot be undone", "confirm"};
  }
  bool delete_messages = false;
  if (const auto* flag = body->if_contains("delete_messages"); flag && !flag->is_null()) {
    if (!flag->is_bool())
      co_return kreds::error{errc::invalid_field, "delete_messages must be true or false", "delete_messages"};
    delete_messages = flag->as_bool();
  }
  auto storing = write_db<erasure_counts>(
      ctx.writer(), [who, delete_messages, now = to_iso(ctx.now())](SQLite::Database& db) -> result<erasure_counts> {
        return erase_personal_data(db, who.account_id, delete_messages, now);
      });
  auto done = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(done);
  log_info(request.request_id, "account {} erased: {} rows deleted, {} pseudonymised", who.account_id, done->deleted,
           done->pseudonymised);
  // The erased text must not survive in the -wal file either.
  auto truncating = run_alone(ctx.writer(), [](SQLite::Database& db) -> result<void> {
    if (!storage::truncate_wal(db)) return kreds::error{errc::unavailable, "a reader held the WAL back"};
    return {};
  });
  if (auto truncated = co_await std::move(truncating); !truncated) {
    log_warn(request.request_id, "after erasure the WAL could not be truncated yet: {}", truncated.err().message());
  }
  ctx.connections().close_account(who.account_id);
  http_reply reply = json_reply(
      200, json_text(json::object{
               {"erased", true}, {"deleted_rows", done->deleted}, {"pseudonymised_rows", done->pseudonymised}}));
  reply.headers.emplace_back("Set-Cookie", ctx.sessions().cleared_cookie());
  co_return reply;
}

}  // namespace

void register_privacy_routes(context& ctx, api_router& api) {
  api.add("GET", "/api/v1/me/export", permission::edit_own_profile, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return download(ctx, request, *who, false); });
  api.add("GET", "/api/v1/me/export.html", permission::edit_own_profile, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return download(ctx, request, *who, true); });
  api.add("GET", "/api/v1/privacy/rules", permission::use_session, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return rules(ctx, request, *who); });
  api.add("POST", "/api/v1/me/erase", permission::edit_own_profile, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return erase(ctx, request, *who); });
}

}  // namespace kreds::features
