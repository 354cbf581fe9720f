#include "features/followup/triage.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "features/common/network_messages.hpp"
#include "features/common/seeker_access.hpp"
#include "features/common/staff_time.hpp"
#include "features/common/target_groups.hpp"
#include "features/followup/routes.hpp"
#include "platform/api_router.hpp"
#include "platform/audit.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/json_output.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"

namespace kreds::features {

namespace json = boost::json;
using boost::asio::awaitable;

bool is_track(std::string_view text) {
  return std::find(std::begin(tracks), std::end(tracks), text) != std::end(tracks);
}

const std::vector<assessment_question>& assessment_questions() {
  static const std::vector<assessment_question> questions{
      {"expects_job_soon", "Forventer du at være i job inden for tre måneder?",
       "Do you expect to be in work within three months?", true},
      {"confident_applying", "Føler du dig sikker på at søge job på egen hånd?",
       "Do you feel confident applying for jobs on your own?", true},
      {"wants_network", "Vil du gerne være med i et jobnetværk med andre jobsøgende?",
       "Would you like to join a job network with other job seekers?", true},
      {"wants_caseworker_contact", "Ønsker du fast kontakt med en jobrådgiver?",
       "Would you like regular contact with a caseworker?", false},
      {"limits_on_work", "Er der noget, der begrænser, hvilket arbejde du kan tage? (Du skal ikke skrive hvad.)",
       "Is there anything that limits which work you can take? (You need not say what.)", false},
      {"limits_on_hours", "Kan du kun arbejde på nedsat tid?", "Can you only work reduced hours?", false},
      {"wants_help_cv", "Vil du gerne have hjælp til dit CV og dine ansøgninger?",
       "Would you like help with your CV and applications?", false},
      {"wants_help_interview", "Vil du gerne øve jobsamtaler?", "Would you like to practise job interviews?", false},
      {"wants_help_direction", "Vil du gerne have hjælp til at finde ud af, hvilke job der passer til dig?",
       "Would you like help finding out which jobs suit you?", false},
      {"knows_people_in_field", "Kender du nogen, der arbejder i den branche, du søger i?",
       "Do you know people who work in the field you are looking in?", false},
  };
  return questions;
}

needs_score score_needs(const triage_facts& facts, const config::triage_section& w) {
  needs_score out;
  auto add = [&](std::string factor, std::string value, double points) {
    out.factors.push_back({std::move(factor), std::move(value), points});
    out.score += points;
  };
  auto answer = [&](const char* id) {
    const auto found = facts.answers.find(id);
    return found == facts.answers.end() ? std::string("unanswered") : found->second;
  };
  add("unemployment_weeks", std::to_string(facts.unemployment_weeks),
      w.points_per_unemployed_week * std::max(0, facts.unemployment_weeks));
  add("earlier_long_spells", std::to_string(facts.earlier_long_spells),
      w.points_per_earlier_long_spell * facts.earlier_long_spells);
  add("education_level", std::to_string(facts.education_level),
      facts.education_level <= 2 ? w.points_low_education : 0.0);
  const auto& group = facts.target_group;
  add("target_group", group,
      group == "sick_listed" ? w.points_target_group_sick_listed
      : group == "flex_job"  ? w.points_target_group_flex_job
      : group == "young"     ? w.points_target_group_young
                             : 0.0);
  const auto expects = answer("expects_job_soon");
  add("expects_job_soon", expects,
      expects == "no"       ? w.points_expects_no_job
      : expects == "unsure" ? w.points_expects_unsure
                            : 0.0);
  const auto limits = answer("limits_on_work");
  add("limits_on_work", limits, limits == "yes" ? w.points_limits_on_work : 0.0);
  const auto confident = answer("confident_applying");
  add("confident_applying", confident,
      confident == "no"       ? w.points_not_confident
      : confident == "unsure" ? w.points_not_confident / 2
                              : 0.0);
  const auto contact = answer("wants_caseworker_contact");
  add("wants_caseworker_contact", contact, contact == "yes" ? w.points_wants_caseworker : 0.0);
  const auto network = answer("wants_network");
  add("wants_network", network, network == "no" ? w.points_no_network_wish : 0.0);
  out.score = std::round(out.score * 100) / 100;
  out.suggested_track = out.score < w.sparring_from     ? "network"
                        : out.score < w.individual_from ? "network_sparring"
                                                        : "individual";
  return out;
}

namespace {

std::string answer_words(const std::string& value, bool danish) {
  if (value == "yes") return danish ? "ja" : "yes";
  if (value == "no") return danish ? "nej" : "no";
  if (value == "unsure") return danish ? "ved ikke" : "unsure";
  return danish ? "ikke besvaret" : "not answered";
}

std::string group_words(const std::string& group, bool danish) {
  const auto* found = find_target_group(group);
  if (!found) return group;
  return std::string(danish ? found->da : found->en);
}

}  // namespace

std::string factor_text(const score_factor& f, std::string_view language) {
  const bool da = language != "en";
  const auto& v = f.value;
  if (f.factor == "unemployment_weeks") return da ? "Ledig i " + v + " uger" : "Unemployed for " + v + " weeks";
  if (f.factor == "earlier_long_spells") {
    return da ? "Tidligere lange ledighedsperioder: " + v : "Earlier long spells of unemployment: " + v;
  }
  if (f.factor == "education_level") {
    return da ? "Uddannelsesniveau " + v + (f.points > 0 ? " (kortere uddannelse)" : "")
              : "Education level " + v + (f.points > 0 ? " (shorter education)" : "");
  }
  if (f.factor == "target_group") return (da ? "Målgruppe: " : "Target group: ") + group_words(v, da);
  for (const auto& q : assessment_questions()) {
    if (f.factor == q.id) return std::string(da ? q.text_da : q.text_en) + " " + answer_words(v, da);
  }
  return f.factor + ": " + v;
}

namespace {

struct seeker_facts {
  std::int64_t id = 0;
  std::string display_name;
  std::string unemployed_since;
  triage_facts facts;
  std::optional<std::string> wish;
  std::optional<json::object> assessment;
};

kreds::error no_such_seeker() { return {errc::not_found, "no such seeker"}; }

// The seeker's facts, answers and wish; nothing when not a seeker with a
// profile in the caller's municipality.
std::optional<seeker_facts> load_facts(SQLite::Database& db, std::int64_t municipality, std::int64_t seeker,
                                       time_point now) {
  SQLite::Statement query(
      db,
      "SELECT a.id, a.display_name, p.unemployed_since, p.education_level, p.target_group FROM account a "
      "JOIN profile p ON p.account_id = a.id WHERE a.id = ? AND a.municipality_id = ? AND a.role = 'seeker'");
  storage::bind_all(query, seeker, municipality);
  if (!query.executeStep()) return std::nullopt;
  seeker_facts out;
  out.id = query.getColumn(0).getInt64();
  out.display_name = query.getColumn(1).getString();
  out.unemployed_since = query.getColumn(2).getString();
  out.facts.education_level = query.getColumn(3).getInt();
  out.facts.target_group = query.getColumn(4).getString();
  if (const auto since = parse_iso_date(out.unemployed_since)) {
    out.facts.unemployment_weeks = std::max(0, static_cast<int>((day_of(now) - *since).count() / 7));
  }
  SQLite::Statement spells(
      db, "SELECT earlier_long_spells FROM track_decision WHERE account_id = ? ORDER BY id DESC LIMIT 1");
  spells.bind(1, seeker);
  if (spells.executeStep()) out.facts.earlier_long_spells = spells.getColumn(0).getInt();
  SQLite::Statement assessment(db, "SELECT answers, wish, submitted_at FROM self_assessment WHERE account_id = ?");
  assessment.bind(1, seeker);
  if (assessment.executeStep()) {
    boost::system::error_code ec;
    auto answers = json::parse(assessment.getColumn(0).getString(), ec);
    if (!ec && answers.is_object()) {
      for (const auto& [key, value] : answers.as_object()) {
        if (value.is_string()) out.facts.answers[std::string(key)] = std::string(value.as_string());
      }
    }
    if (!assessment.getColumn(1).isNull()) out.wish = assessment.getColumn(1).getString();
    out.assessment = json::object{{"answers", answers.is_object() ? answers : json::value(json::object{})},
                                  {"wish", out.wish ? json::value(*out.wish) : json::value(nullptr)},
                                  {"submitted_at", assessment.getColumn(2).getString()}};
  }
  return out;
}

json::array factors_json(const std::vector<score_factor>& factors, std::string_view language) {
  json::array out;
  for (const auto& f : factors) {
    out.push_back(json::object{
        {"factor", f.factor}, {"value", f.value}, {"points", f.points}, {"text", factor_text(f, language)}});
  }
  return out;
}

json::array decisions_json(SQLite::Database& db, std::int64_t seeker, std::string_view language) {
  SQLite::Statement query(db,
                          "SELECT id, track, suggested_track, score, factors, wish, reason, decided_by, decided_at "
                          "FROM track_decision WHERE account_id = ? ORDER BY id DESC");
  query.bind(1, seeker);
  json::array out;
  while (query.executeStep()) {
    std::vector<score_factor> factors;
    boost::system::error_code ec;
    const auto stored = json::parse(query.getColumn(4).getString(), ec);
    if (!ec && stored.is_array()) {
      for (const auto& f : stored.as_array()) {
        const auto& o = f.as_object();
        factors.push_back({std::string(o.at("factor").as_string()), std::string(o.at("value").as_string()),
                           o.at("points").to_number<double>()});
      }
    }
    const auto track = query.getColumn(1).getString();
    const auto suggested = query.getColumn(2).getString();
    out.push_back(json::object{
        {"id", query.getColumn(0).getInt64()},
        {"track", track},
        {"suggested_track", suggested},
        {"score", query.getColumn(3).getDouble()},
        {"factors", factors_json(factors, language)},
        {"wish", query.getColumn(5).isNull() ? json::value(nullptr) : json::value(query.getColumn(5).getString())},
        {"reason", query.getColumn(6).getString()},
        {"decided_by", person_json(db, query.getColumn(7).getInt64())},
        {"decided_at", query.getColumn(8).getString()},
        {"overridden", track != suggested}});
  }
  return out;
}

}  // namespace

result<json::object> record_track_decision(SQLite::Database& db, const caller& who, std::int64_t seeker,
                                           const std::string& track, const std::string& reason,
                                           std::optional<int> spells, time_point now, const config& settings,
                                           const std::string& language) {
  KREDS_CHECK(readable_seeker(db, who, seeker));
  auto facts = load_facts(db, who.municipality_id, seeker, now);
  if (!facts) return no_such_seeker();
  if (spells) facts->facts.earlier_long_spells = *spells;
  const auto scored = score_needs(facts->facts, settings.triage);
  if (track != scored.suggested_track && utf8_length(reason) < 3) {
    return kreds::error{
        errc::invalid_field,
        "say why you choose another track than the suggested " + scored.suggested_track + " (3 to 500 characters)",
        "reason"};
  }
  json::array stored_factors;
  for (const auto& f : scored.factors)
    stored_factors.push_back(json::object{{"factor", f.factor}, {"value", f.value}, {"points", f.points}});
  SQLite::Statement insert(
      db,
      "INSERT INTO track_decision (municipality_id, account_id, track, suggested_track, score, factors, "
      "wish, reason, earlier_long_spells, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  storage::bind_all(insert, who.municipality_id, seeker, track, scored.suggested_track, scored.score,
                    json_text(stored_factors));
  storage::bind_optional(insert, 7, facts->wish);
  insert.bind(8, reason);
  insert.bind(9, facts->facts.earlier_long_spells);
  insert.bind(10, who.account_id);
  insert.bind(11, to_iso(now));
  insert.exec();
  append_audit(db, who, seeker, "decide_track", "triage: " + track, to_iso(now));
  record_staff_time(db, who, seeker, std::nullopt, "triage", settings.staff_time.triage, to_iso(now));
  return decisions_json(db, seeker, language).at(0).as_object();
}

namespace {

std::string language_of(const http_request& request) {
  return query_parameter(request.query, "lang").value_or("da") == "en" ? "en" : "da";
}

http_reply ok(int status, const json::object& body) { return json_reply(status, json_text(body)); }

// GET /api/v1/assessment/questions?lang=
awaitable<result<http_reply>> questions(const http_request& request) {
  const bool da = language_of(request) == "da";
  json::array list;
  for (const auto& q : assessment_questions()) {
    json::array answers{"yes", "no"};
    if (q.unsure_allowed) answers.push_back("unsure");
    list.push_back(json::object{{"id", q.id}, {"text", da ? q.text_da : q.text_en}, {"answers", std::move(answers)}});
  }
  co_return ok(200, {{"questions", std::move(list)}});
}

// GET /api/v1/me/assessment
awaitable<result<http_reply>> my_assessment(context& ctx, const caller& who) {
  auto reading =
      read_db<json::value>(ctx.readers(), [who, now = ctx.now()](SQLite::Database& db) -> result<json::value> {
        const auto facts = load_facts(db, who.municipality_id, who.account_id, now);
        if (!facts || !facts->assessment) return json::value(nullptr);
        return json::value(*facts->assessment);
      });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return ok(200, {{"assessment", std::move(*found)}});
}

// PUT /api/v1/me/assessment {answers, wish?}
awaitable<result<http_reply>> submit_assessment(context& ctx, const http_request& request, const caller& who) {
  auto body = parse_json_object(request.body);
  KREDS_CO_RETURN_IF_ERROR(body);
  KREDS_CO_CHECK(only_fields(*body, {"answers", "wish"}));
  const auto* answers = body->if_contains("answers");
  if (!answers || !answers->is_object())
    co_return kreds::error{errc::invalid_field, "answers must be an object", "answers"};
  json::object clean;
  for (const auto& q : assessment_questions()) {
    const auto* given = answers->as_object().if_contains(q.id);
    const std::string field = std::string("answers.") + q.id;
    if (!given || !given->is_string()) co_return kreds::error{errc::invalid_field, "answer every question", field};
    const std::string value(given->as_string());
    if (value != "yes" && value != "no" && !(q.unsure_allowed && value == "unsure")) {
      co_return kreds::error{errc::invalid_field, q.unsure_allowed ? "answer yes, no or unsure" : "answer yes or no",
                             field};
    }
    clean[q.id] = value;
  }
  if (answers->as_object().size() != clean.size()) {
    co_return kreds::error{errc::invalid_field, "answers has a question that does not exist", "answers"};
  }
  std::optional<std::string> wish;
  if (const auto* w = body->if_contains("wish"); w && !w->is_null()) {
    if (!w->is_string() || !is_track(w->as_string())) {
      co_return kreds::error{errc::invalid_field, "wish must be network, network_sparring or individual", "wish"};
    }
    wish = std::string(w->as_string());
  }
  auto storing = write_db<json::object>(
      ctx.writer(),
      [who, answers = json_text(clean), wish, now = to_iso(ctx.now()),
       at = ctx.now()](SQLite::Database& db) -> result<json::object> {
        SQLite::Statement upsert(
            db,
            "INSERT INTO self_assessment (account_id, municipality_id, answers, wish, submitted_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET answers = excluded.answers, "
            "wish = excluded.wish, submitted_at = excluded.submitted_at");
        storage::bind_all(upsert, who.account_id, who.municipality_id, answers);
        storage::bind_optional(upsert, 4, wish);
        upsert.bind(5, now);
        upsert.exec();
        const auto facts = load_facts(db, who.municipality_id, who.account_id, at);
        if (!facts || !facts->assessment)
          return kreds::error{errc::conflict, "fill in your profile before the self-assessment"};
        return *facts->assessment;
      });
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return ok(200, {{"assessment", std::move(*stored)}});
}

// GET /api/v1/me/track?lang=
awaitable<result<http_reply>> my_track(context& ctx, const http_request& request, const caller& who) {
  auto reading = read_db<json::array>(
      ctx.readers(), [who, language = language_of(request)](SQLite::Database& db) -> result<json::array> {
        return decisions_json(db, who.account_id, language);
      });
  auto history = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(history);
  json::value current = history->empty() ? json::value(nullptr) : history->at(0);
  co_return ok(200, {{"track", std::move(current)}, {"history", std::move(*history)}});
}

// GET /api/v1/seekers/{id}/triage?purpose=&lang= (audited)
awaitable<result<http_reply>> triage_view(context& ctx, const http_request& request, const caller& who) {
  const auto seeker = id_parameter(request, "id");
  if (!seeker) co_return no_such_seeker();
  const auto purpose = query_parameter(request.query, "purpose").value_or("");
  if (utf8_length(purpose) < 3 || utf8_length(purpose) > 200) {
    co_return kreds::error{errc::invalid_field, "purpose must say why you look, in 3 to 200 characters", "purpose"};
  }
  auto reading = write_db<json::object>(
      ctx.writer(),
      [who, seeker = *seeker, purpose, language = language_of(request), now = ctx.now(),
       weights = ctx.pilot(who.municipality_id)->triage](SQLite::Database& db) -> result<json::object> {
        KREDS_CHECK(readable_seeker(db, who, seeker));
        const auto facts = load_facts(db, who.municipality_id, seeker, now);
        if (!facts) return no_such_seeker();
        append_audit(db, who, seeker, "read_triage", purpose, to_iso(now));
        const auto scored = score_needs(facts->facts, weights);
        auto history = decisions_json(db, seeker, language);
        json::value current = history.empty() ? json::value(nullptr) : history.at(0);
        return json::object{{"seeker", json::object{{"id", facts->id},
                                                    {"display_name", facts->display_name},
                                                    {"target_group", facts->facts.target_group},
                                                    {"unemployed_since", facts->unemployed_since},
                                                    {"unemployment_weeks", facts->facts.unemployment_weeks},
                                                    {"education_level", facts->facts.education_level},
                                                    {"earlier_long_spells", facts->facts.earlier_long_spells}}},
                            {"assessment", facts->assessment ? json::value(*facts->assessment) : json::value(nullptr)},
                            {"score", scored.score},
                            {"suggested_track", scored.suggested_track},
                            {"factors", factors_json(scored.factors, language)},
                            {"wish", facts->wish ? json::value(*facts->wish) : json::value(nullptr)},
                            {"current", std::move(current)},
                            {"history", std::move(history)}};
      });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return ok(200, *found);
}

// POST /api/v1/seekers/{id}/triage {track, reason?, earlier_long_spells?}
awaitable<result<http_reply>> decide(context& ctx, const http_request& request, const caller& who) {
  const auto seeker = id_parameter(request, "id");
  if (!seeker) co_return no_such_seeker();
  auto body = parse_json_object(request.body);
  KREDS_CO_RETURN_IF_ERROR(body);
  KREDS_CO_CHECK(only_fields(*body, {"track", "reason", "earlier_long_spells"}));
  auto track = string_field(*body, "track", 1, 30);
  KREDS_CO_RETURN_IF_ERROR(track);
  if (!is_track(*track))
    co_return kreds::error{errc::invalid_field, "track must be network, network_sparring or individual", "track"};
  auto reason = optional_string_field(*body, "reason", 500);
  KREDS_CO_RETURN_IF_ERROR(reason);
  std::optional<int> spells;
  if (body->contains("earlier_long_spells")) {
    auto value = integer_field(*body, "earlier_long_spells", 0, 20);
    KREDS_CO_RETURN_IF_ERROR(value);
    spells = static_cast<int>(*value);
  }
  auto storing = write_db<json::object>(
      ctx.writer(),
      [who, seeker = *seeker, track = *track, reason = reason->value_or(""), spells, now = ctx.now(),
       language = language_of(request),
       settings = ctx.pilot(who.municipality_id)](SQLite::Database& db) -> result<json::object> {
        return record_track_decision(db, who, seeker, track, reason, spells, now, *settings, language);
      });
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return ok(201, *stored);
}

}  // namespace

void register_triage_routes(context& ctx, api_router& api) {
  api.add("GET", "/api/v1/assessment/questions", permission::use_session, reveals_nobody,
          [](const http_request& request, const caller*) { return questions(request); });
  api.add("GET", "/api/v1/me/assessment", permission::edit_own_profile, reveals_nobody,
          [&ctx](const http_request&, const caller* who) { return my_assessment(ctx, *who); });
  api.add("PUT", "/api/v1/me/assessment", permission::edit_own_profile, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return submit_assessment(ctx, request, *who); });
  api.add("GET", "/api/v1/me/track", permission::edit_own_profile, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return my_track(ctx, request, *who); });
  api.add("GET", "/api/v1/seekers/{id}/triage", permission::read_seeker_data, audited_by_handler("read_triage"),
          [&ctx](const http_request& request, const caller* who) { return triage_view(ctx, request, *who); });
  api.add("POST", "/api/v1/seekers/{id}/triage", permission::follow_up_seekers, audited_by_handler("decide_track"),
          [&ctx](const http_request& request, const caller* who) { return decide(ctx, request, *who); });
}

}  // namespace kreds::features
