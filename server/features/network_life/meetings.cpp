#include "features/network_life/meetings.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <algorithm>
#include <set>

#include "features/common/network_access.hpp"
#include "features/common/network_messages.hpp"
#include "features/network_life/icalendar.hpp"
#include "features/network_life/routes.hpp"
#include "platform/api_router.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/message_router.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"

namespace kreds::features {
namespace {

using boost::asio::awaitable;
namespace json = boost::json;

struct meeting_template {
  const char* key;
  const char* title_da;
  const char* title_en;
  const char* agenda_da;
  const char* agenda_en;
};

// The agendas Job Club and peer-support research recommend a group return to.
constexpr meeting_template templates[] = {
    {"lead_round", "Leadsrunde", "Lead round",
     "1. Runden rundt: hvilke stillinger har I set siden sidst?\n2. Hvem kender nogen, der kender nogen?\n"
     "3. Hvem søger hvad til næste gang?",
     "1. Round the table: which jobs have you seen since last time?\n2. Who knows someone who knows someone?\n"
     "3. Who applies for what before next time?"},
    {"goal_review", "Målopfølgning", "Goal review",
     "1. Hvordan gik ugens mål?\n2. Hvad lykkedes – og hvad drillede?\n3. Mål for den kommende uge",
     "1. How did this week's goals go?\n2. What worked, and what got in the way?\n3. Goals for the coming week"},
    {"interview_practice", "Jobsamtaletræning", "Interview practice",
     "1. Typiske spørgsmål til jobsamtalen\n2. Øvelse i par: interviewer og ansøger\n3. Feedback: hvad virkede?",
     "1. Typical interview questions\n2. Practice in pairs: interviewer and applicant\n3. Feedback: what worked?"},
    {"setback_preparation", "Forberedelse på modgang", "Preparing for setbacks",
     "1. Afslag og tavshed: hvad gør det ved os?\n2. Hvad hjælper, når det går trægt?\n3. Hver især: min plan for en "
     "svær uge",
     "1. Rejections and silence: what they do to us\n2. What helps when things are slow?\n3. Each of us: my plan for a "
     "hard week"},
};

const meeting_template* find_template(std::string_view key) {
  const auto found =
      std::find_if(std::begin(templates), std::end(templates), [&](const auto& t) { return key == t.key; });
  return found == std::end(templates) ? nullptr : found;
}

std::string language_of_network(SQLite::Database& db, std::int64_t network) {
  SQLite::Statement query(db, "SELECT working_language FROM network WHERE id = ?");
  query.bind(1, network);
  return query.executeStep() && query.getColumn(0).getString() == "en" ? "en" : "da";
}

std::string title_of(const meeting_template& t, const std::string& language) {
  return language == "en" ? std::string("Job network: ") + t.title_en : std::string("Jobnetværk: ") + t.title_da;
}

struct meeting_row {
  std::int64_t id = 0;
  std::int64_t network_id = 0;
  std::int64_t created_by = 0;
  std::string template_key;
  std::string starts_at;
  std::int64_t duration_minutes = 0;
  std::string place;
  std::string online_link;
  std::string agenda;
  std::string created_at;
  std::optional<std::string> cancelled_at;
  std::string client_id;

  time_point start() const { return parse_iso_time(starts_at).value_or(time_point{}); }
  time_point end() const { return start() + std::chrono::minutes(duration_minutes); }
};

std::optional<meeting_row> load_meeting(SQLite::Database& db, std::int64_t network, std::int64_t meeting) {
  SQLite::Statement query(
      db,
      "SELECT id, network_id, created_by, template, starts_at, duration_minutes, place, online_link, "
      "agenda, created_at, cancelled_at, client_id FROM meeting WHERE id = ? AND network_id = ?");
  storage::bind_all(query, meeting, network);
  if (!query.executeStep()) return std::nullopt;
  meeting_row row{query.getColumn(0).getInt64(),
                  query.getColumn(1).getInt64(),
                  query.getColumn(2).getInt64(),
                  query.getColumn(3).getString(),
                  query.getColumn(4).getString(),
                  query.getColumn(5).getInt64(),
                  query.getColumn(6).getString(),
                  query.getColumn(7).getString(),
                  query.getColumn(8).getString(),
                  query.getColumn(9).getString(),
                  std::nullopt,
                  query.getColumn(11).getString()};
  if (!query.getColumn(10).isNull()) row.cancelled_at = query.getColumn(10).getString();
  return row;
}

kreds::error no_such_meeting() { return {errc::not_found, "no such meeting in this network", "meeting_id"}; }

json::object meeting_json(SQLite::Database& db, const meeting_row& m) {
  const auto* t = find_template(m.template_key);
  json::array rsvps;
  SQLite::Statement answers(db,
                            "SELECT r.account_id, a.display_name, r.answer FROM meeting_rsvp r JOIN account a ON "
                            "a.id = r.account_id WHERE r.meeting_id = ? ORDER BY a.display_name, a.id");
  answers.bind(1, m.id);
  while (answers.executeStep()) {
    rsvps.push_back(json::object{{"account_id", answers.getColumn(0).getInt64()},
                                 {"display_name", answers.getColumn(1).getString()},
                                 {"answer", answers.getColumn(2).getString()}});
  }
  json::array attendance;
  SQLite::Statement present(
      db,
      "SELECT t.account_id, a.display_name, t.present FROM meeting_attendance t JOIN account a ON "
      "a.id = t.account_id WHERE t.meeting_id = ? ORDER BY a.display_name, a.id");
  present.bind(1, m.id);
  while (present.executeStep()) {
    attendance.push_back(json::object{{"account_id", present.getColumn(0).getInt64()},
                                      {"display_name", present.getColumn(1).getString()},
                                      {"present", present.getColumn(2).getInt() != 0}});
  }
  // Who recorded the attendance (last): shown beside it, since it feeds the caseworker's figures.
  SQLite::Statement recorder(
      db, "SELECT recorded_by FROM meeting_attendance WHERE meeting_id = ? ORDER BY recorded_at DESC LIMIT 1");
  recorder.bind(1, m.id);
  const auto recorded_by =
      recorder.executeStep() ? person_json(db, recorder.getColumn(0).getInt64()) : json::value(nullptr);
  return json::object{{"id", m.id},
                      {"network_id", m.network_id},
                      {"template", m.template_key},
                      {"title", t ? title_of(*t, language_of_network(db, m.network_id)) : m.template_key},
                      {"starts_at", m.starts_at},
                      {"ends_at", to_iso(m.end())},
                      {"duration_minutes", m.duration_minutes},
                      {"place", m.place},
                      {"online_link", m.online_link},
                      {"agenda", m.agenda},
                      {"created_by", person_json(db, m.created_by)},
                      {"cancelled_at", m.cancelled_at ? json::value(*m.cancelled_at) : json::value(nullptr)},
                      {"rsvps", std::move(rsvps)},
                      {"attendance", std::move(attendance)},
                      {"attendance_recorded_by", recorded_by},
                      {"client_id", m.client_id}};
}

struct meeting_change {
  json::object meeting;
  bool is_new = true;
};

void tell_network(context& ctx, const char* type, const meeting_change& done) {
  if (done.is_new) publish_to_network(ctx, done.meeting.at("network_id").as_int64(), type, done.meeting);
}

awaitable<result<reply>> answer_with(const char* type, awaitable<result<meeting_change>> storing) {
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return reply{type, std::move(stored->meeting)};
}

// meeting.create {network_id, client_id, starts_at, duration_minutes, place?, online_link?, template, agenda?}
awaitable<result<reply>> create(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  if (auto known = only_fields(p, {"network_id", "client_id", "starts_at", "duration_minutes", "place", "online_link",
                                   "template", "agenda"});
      !known) {
    co_return std::move(known).err();
  }
  auto network = id_field(p, "network_id");
  KREDS_CO_RETURN_IF_ERROR(network);
  auto client_id = string_field(p, "client_id", 1, 64);
  KREDS_CO_RETURN_IF_ERROR(client_id);
  auto starts_text = string_field(p, "starts_at", 17, 30);
  KREDS_CO_RETURN_IF_ERROR(starts_text);
  const auto starts = parse_iso_time(*starts_text);
  if (!starts)
    co_return kreds::error{errc::invalid_field, "starts_at must be a UTC time like 2026-12-01T09:00:00Z", "starts_at"};
  const auto now = ctx.now();
  if (*starts <= now) co_return kreds::error{errc::invalid_field, "starts_at must be in the future", "starts_at"};
  if (*starts > now + std::chrono::days(366))
    co_return kreds::error{errc::invalid_field, "starts_at must be within a year", "starts_at"};
  auto duration = integer_field(p, "duration_minutes", 15, 480);
  KREDS_CO_RETURN_IF_ERROR(duration);
  auto place = optional_string_field(p, "place", 200);
  KREDS_CO_RETURN_IF_ERROR(place);
  auto link = optional_string_field(p, "online_link", 500);
  KREDS_CO_RETURN_IF_ERROR(link);
  if (!valid_web_link(link->value_or(""))) {
    co_return kreds::error{errc::invalid_field, "online_link must be a web address starting with https:// or http://",
                           "online_link"};
  }
  if (place->value_or("").empty() && link->value_or("").empty()) {
    co_return kreds::error{errc::invalid_field, "give a place, an online link or both", "place"};
  }
  auto template_key = string_field(p, "template", 1, 40);
  KREDS_CO_RETURN_IF_ERROR(template_key);
  if (!find_template(*template_key)) {
    co_return kreds::error{errc::invalid_field,
                           "template must be lead_round, goal_review, interview_practice or setback_preparation",
                           "template"};
  }
  auto agenda = optional_string_field(p, "agenda", 2000);
  KREDS_CO_RETURN_IF_ERROR(agenda);
  auto storing = write_db<meeting_change>(
      ctx.writer(),
      [who = from.who(), network = *network, client_id = *client_id, starts = to_iso(*starts), duration = *duration,
       place = place->value_or(""), link = link->value_or(""), template_key = *template_key, agenda = *agenda,
       now = to_iso(now), ahead = static_cast<std::int64_t>(ctx.settings().limits.meetings_ahead)](
          SQLite::Database& db) -> result<meeting_change> {
        if (!in_network(db, who, network)) return not_in_network();
        SQLite::Statement again(db, "SELECT id, network_id FROM meeting WHERE created_by = ? AND client_id = ?");
        storage::bind_all(again, who.account_id, client_id);
        if (again.executeStep()) {
          if (again.getColumn(1).getInt64() != network) {
            return kreds::error{errc::conflict, "client_id was already used for another network", "client_id"};
          }
          return meeting_change{meeting_json(db, *load_meeting(db, network, again.getColumn(0).getInt64())), false};
        }
        SQLite::Statement planned(db,
                                  "SELECT count(*) FROM meeting WHERE network_id = ? AND cancelled_at IS NULL "
                                  "AND julianday(starts_at) + duration_minutes / 1440.0 > julianday(?)");
        storage::bind_all(planned, network, now);
        planned.executeStep();
        if (planned.getColumn(0).getInt64() >= ahead) {
          return kreds::error{errc::conflict,
                              "a network may plan at most " + std::to_string(ahead) +
                                  " meetings ahead; cancel one or wait until one is over",
                              "network_id"};
        }
        const auto* t = find_template(template_key);
        const auto language = language_of_network(db, network);
        SQLite::Statement insert(
            db,
            "INSERT INTO meeting (network_id, municipality_id, created_by, client_id, template, starts_at, "
            "duration_minutes, place, online_link, agenda, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        storage::bind_all(insert, network, who.municipality_id, who.account_id, client_id, template_key, starts,
                          duration, place, link,
                          agenda ? *agenda : std::string(language == "en" ? t->agenda_en : t->agenda_da), now);
        insert.exec();
        return meeting_change{meeting_json(db, *load_meeting(db, network, db.getLastInsertRowid())), true};
      },
      [&ctx](const meeting_change& done) { tell_network(ctx, "meeting.added", done); });
  auto answering = answer_with("meeting.created", std::move(storing));
  co_return co_await std::move(answering);
}

// The common part of rsvp, attendance and cancel: validates the ids, checks
// the caller's place, then `change` runs on the writer with the meeting.
template <class Change>
awaitable<result<reply>> change_meeting(context& ctx, connection& from, const json::object& p, Change change) {
  auto network = id_field(p, "network_id");
  KREDS_CO_RETURN_IF_ERROR(network);
  auto meeting = id_field(p, "meeting_id");
  KREDS_CO_RETURN_IF_ERROR(meeting);
  auto storing = write_db<meeting_change>(
      ctx.writer(),
      [who = from.who(), network = *network, meeting = *meeting, now = ctx.now(),
       change](SQLite::Database& db) -> result<meeting_change> {
        if (!in_network(db, who, network)) return not_in_network();
        const auto found = load_meeting(db, network, meeting);
        if (!found) return no_such_meeting();
        KREDS_CHECK(change(db, who, *found, now));
        return meeting_change{meeting_json(db, *load_meeting(db, network, meeting)), true};
      },
      [&ctx](const meeting_change& done) { tell_network(ctx, "meeting.updated", done); });
  auto answering = answer_with("meeting.updated", std::move(storing));
  co_return co_await std::move(answering);
}

bool may_manage(SQLite::Database& db, const caller& who, const meeting_row& m) {
  return m.created_by == who.account_id || facilitates(db, who, m.network_id);
}

// meeting.rsvp {network_id, meeting_id, answer}
awaitable<result<reply>> rsvp(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(p, {"network_id", "meeting_id", "answer"}));
  auto answer = string_field(p, "answer", 1, 10);
  KREDS_CO_RETURN_IF_ERROR(answer);
  if (*answer != "yes" && *answer != "no" && *answer != "maybe") {
    co_return kreds::error{errc::invalid_field, "answer must be yes, no or maybe", "answer"};
  }
  auto changing =
      change_meeting(ctx, from, p,
                     [answer = *answer](SQLite::Database& db, const caller& who, const meeting_row& m,
                                        time_point now) -> result<void> {
                       if (!is_member(db, who, m.network_id))
                         return kreds::error{errc::forbidden, "only members answer invitations", "network_id"};
                       if (m.cancelled_at)
                         return kreds::error{errc::conflict, "the meeting was cancelled", "meeting_id"};
                       if (m.end() <= now) return kreds::error{errc::conflict, "the meeting is over", "meeting_id"};
                       SQLite::Statement upsert(
                           db,
                           "INSERT INTO meeting_rsvp (meeting_id, account_id, answer, updated_at) VALUES (?, ?, ?, ?) "
                           "ON CONFLICT (meeting_id, account_id) DO UPDATE SET answer = excluded.answer, "
                           "updated_at = excluded.updated_at");
                       storage::bind_all(upsert, m.id, who.account_id, answer, to_iso(now));
                       upsert.exec();
                       return {};
                     });
  co_return co_await std::move(changing);
}

// meeting.attendance {network_id, meeting_id, present: [account_id, ...]}
awaitable<result<reply>> attendance(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(p, {"network_id", "meeting_id", "present"}));
  const auto* list = p.if_contains("present");
  if (!list || !list->is_array() || list->as_array().size() > 100) {
    co_return kreds::error{errc::invalid_field, "present must be a list of account ids", "present"};
  }
  std::set<std::int64_t> present;
  for (const auto& id : list->as_array()) {
    if (!id.is_int64() || id.as_int64() < 1)
      co_return kreds::error{errc::invalid_field, "present must be a list of account ids", "present"};
    present.insert(id.as_int64());
  }
  auto changing = change_meeting(
      ctx, from, p,
      [present](SQLite::Database& db, const caller& who, const meeting_row& m, time_point now) -> result<void> {
        if (!may_manage(db, who, m)) {
          return kreds::error{errc::forbidden,
                              "only whoever scheduled the meeting or the caseworker records attendance", "meeting_id"};
        }
        if (m.cancelled_at) return kreds::error{errc::conflict, "the meeting was cancelled", "meeting_id"};
        if (m.start() > now)
          return kreds::error{errc::conflict, "attendance can be recorded once the meeting has started", "meeting_id"};
        std::set<std::int64_t> members;
        for (const auto& member : current_members(db, m.network_id)) members.insert(member.account_id);
        for (auto id : present) {
          if (!members.contains(id))
            return kreds::error{errc::invalid_field, "account " + std::to_string(id) + " is not a member", "present"};
        }
        SQLite::Statement record(
            db,
            "INSERT INTO meeting_attendance (meeting_id, account_id, present, recorded_by, recorded_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (meeting_id, account_id) DO UPDATE SET "
            "present = excluded.present, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at");
        for (auto id : members) {
          record.reset();
          storage::bind_all(record, m.id, id, present.contains(id) ? 1 : 0, who.account_id, to_iso(now));
          record.exec();
        }
        return {};
      });
  co_return co_await std::move(changing);
}

// meeting.cancel {network_id, meeting_id}
awaitable<result<reply>> cancel(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(p, {"network_id", "meeting_id"}));
  auto changing = change_meeting(
      ctx, from, p, [](SQLite::Database& db, const caller& who, const meeting_row& m, time_point now) -> result<void> {
        if (!may_manage(db, who, m)) {
          return kreds::error{errc::forbidden, "only whoever scheduled the meeting or the caseworker can cancel it",
                              "meeting_id"};
        }
        if (m.cancelled_at) return kreds::error{errc::conflict, "the meeting is already cancelled", "meeting_id"};
        if (m.start() <= now) return kreds::error{errc::conflict, "the meeting has already started", "meeting_id"};
        SQLite::Statement update(db, "UPDATE meeting SET cancelled_at = ? WHERE id = ?");
        storage::bind_all(update, to_iso(now), m.id);
        update.exec();
        return {};
      });
  co_return co_await std::move(changing);
}

// meeting.list {network_id}
awaitable<result<reply>> list(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(p, {"network_id"}));
  auto network = id_field(p, "network_id");
  KREDS_CO_RETURN_IF_ERROR(network);
  auto reading = read_db<json::object>(
      ctx.readers(),
      [who = from.who(), network = *network, now = ctx.now(),
       cadence = ctx.pilot(from.who().municipality_id)->network.meeting_every_weeks,
       ahead = ctx.settings().limits.meetings_ahead](SQLite::Database& db) -> result<json::object> {
        if (!in_network(db, who, network)) return not_in_network();
        // The cadence: the next meeting is due that many weeks after the
        // latest one planned (or after the network was formed).
        SQLite::Statement latest(db,
                                 "SELECT coalesce((SELECT max(starts_at) FROM meeting WHERE network_id = ?1 AND "
                                 "cancelled_at IS NULL), (SELECT created_at FROM network WHERE id = ?1))");
        latest.bind(1, network);
        latest.executeStep();
        const auto base = parse_iso_time(latest.getColumn(0).getString()).value_or(now);
        const auto next_due = to_iso_date(day_of(base) + std::chrono::days(7 * cadence));
        json::array upcoming, past;
        std::size_t planned = 0;  // of upcoming, not cancelled
        SQLite::Statement ids(db, "SELECT id FROM meeting WHERE network_id = ? ORDER BY starts_at, id");
        ids.bind(1, network);
        while (ids.executeStep()) {
          const auto m = load_meeting(db, network, ids.getColumn(0).getInt64());
          if (m->end() > now) {
            // The soonest `ahead` planned ones, and cancelled ones among them up to as many again: a bounded reply.
            const bool room = m->cancelled_at ? upcoming.size() < 2 * ahead : planned < ahead;
            if (room) upcoming.push_back(meeting_json(db, *m));
            if (room && !m->cancelled_at) ++planned;
          } else {
            past.insert(past.begin(), meeting_json(db, *m));
          }
        }
        if (past.size() > 20) past.erase(past.begin() + 20, past.end());
        return json::object{{"network_id", network},
                            {"upcoming", std::move(upcoming)},
                            {"past", std::move(past)},
                            {"cadence_weeks", cadence},
                            {"next_due", next_due}};
      });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return reply{"meeting.list", std::move(*found)};
}

// GET /api/v1/networks/{network_id}/meetings/{meeting_id}.ics
awaitable<result<http_reply>> calendar_file(context& ctx, const http_request& request, const caller& who) {
  const auto network = id_parameter(request, "network_id");
  const auto meeting = id_parameter(request, "meeting_id");
  if (!network || !meeting) co_return kreds::error{errc::not_found, "no such meeting"};
  auto reading = read_db<calendar_event>(
      ctx.readers(),
      [who, network = *network, meeting = *meeting, now = ctx.now()](SQLite::Database& db) -> result<calendar_event> {
        if (!in_network(db, who, network)) return not_in_network();
        const auto m = load_meeting(db, network, meeting);
        if (!m) return no_such_meeting();
        const auto* t = find_template(m->template_key);
        return calendar_event{"meeting-" + std::to_string(m->id) + "@kreds",
                              now,
                              m->start(),
                              m->end(),
                              t ? title_of(*t, language_of_network(db, network)) : m->template_key,
                              m->place.empty() ? m->online_link : m->place,
                              m->online_link,
                              m->agenda,
                              m->cancelled_at.has_value()};
      });
  auto event = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(event);
  http_reply out;
  out.content_type = "text/calendar; charset=utf-8";
  out.body = to_icalendar(*event);
  out.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"kreds-meeting-" + std::to_string(*meeting) + ".ics\"");
  out.headers.emplace_back("Cache-Control", "no-store");
  co_return out;
}

}  // namespace

// What a meeting reply names: who answered or attended, and who planned it.
constexpr data_use meetings_shown =
    shows_people("read_meetings", "facilitating: the network's meetings", "account_id", "created_by.id");

void register_meeting_messages(context& ctx, message_router& messages) {
  messages.add("meeting.create", permission::use_session, effect::changes, meetings_shown, ctx, create);
  messages.add("meeting.rsvp", permission::use_session, effect::changes, meetings_shown, ctx, rsvp);
  messages.add("meeting.attendance", permission::use_session, effect::changes, meetings_shown, ctx, attendance);
  messages.add("meeting.cancel", permission::use_session, effect::changes, meetings_shown, ctx, cancel);
  messages.add("meeting.list", permission::use_session, effect::reads, meetings_shown, ctx, list);
}

void register_meeting_routes(context& ctx, api_router& api) {
  api.add("GET", "/api/v1/networks/{network_id}/meetings/{meeting_id}.ics", permission::use_session, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return calendar_file(ctx, request, *who); });
}

}  // namespace kreds::features
