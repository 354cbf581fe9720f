#include "features/followup/case_outcomes.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <optional>

#include "features/common/seeker_access.hpp"
#include "features/common/staff_time.hpp"
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

namespace {

kreds::error no_such_seeker() { return {errc::not_found, "no such seeker in your municipality"}; }

result<std::string> purpose_of(const std::string& text) {
  if (utf8_length(text) < 3 || utf8_length(text) > 200) {
    return kreds::error{errc::invalid_field, "purpose must say why, in 3 to 200 characters", "purpose"};
  }
  return text;
}

// The seeker's outcome from either source, or null.
json::value outcome_of(SQLite::Database& db, std::int64_t seeker) {
  SQLite::Statement recorded(db,
                             "SELECT c.kind, c.on_date, a.display_name, c.recorded_at FROM case_outcome c "
                             "JOIN account a ON a.id = c.recorded_by WHERE c.account_id = ?");
  recorded.bind(1, seeker);
  if (recorded.executeStep()) {
    return json::object{{"kind", recorded.getColumn(0).getString()},
                        {"date", recorded.getColumn(1).getString()},
                        {"recorded_by", recorded.getColumn(2).getString()},
                        {"recorded_at", recorded.getColumn(3).getString()},
                        {"source", "caseworker"}};
  }
  SQLite::Statement reported(
      db, "SELECT kind, on_date, reported_at FROM outcome WHERE account_id = ? ORDER BY on_date LIMIT 1");
  reported.bind(1, seeker);
  if (reported.executeStep()) {
    return json::object{{"kind", reported.getColumn(0).getString()},
                        {"date", reported.getColumn(1).getString()},
                        {"recorded_by", nullptr},
                        {"recorded_at", reported.getColumn(2).getString()},
                        {"source", "network"}};
  }
  return nullptr;
}

// GET /api/v1/seekers/{id}/outcome?purpose= (audited)
awaitable<result<http_reply>> show(context& ctx, const http_request& request, const caller& who) {
  const auto seeker = id_parameter(request, "id");
  if (!seeker) co_return no_such_seeker();
  auto purpose = purpose_of(query_parameter(request.query, "purpose").value_or("follow-up on the course"));
  KREDS_CO_RETURN_IF_ERROR(purpose);
  auto reading =
      write_db<json::object>(ctx.writer(),
                             [who, seeker = *seeker, purpose = *purpose,
                              now = to_iso(ctx.now())](SQLite::Database& db) -> result<json::object> {
                               KREDS_CHECK(readable_seeker(db, who, seeker));
                               append_audit(db, who, seeker, "read_outcome", purpose, now);
                               return json::object{{"seeker_id", seeker}, {"outcome", outcome_of(db, seeker)}};
                             });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return json_reply(200, json_text(*found));
}

// POST /api/v1/seekers/{id}/outcome {"kind", "date", "purpose"}
awaitable<result<http_reply>> record(context& ctx, const http_request& request, const caller& who) {
  const auto seeker = id_parameter(request, "id");
  if (!seeker) co_return no_such_seeker();
  auto body = parse_json_object(request.body);
  KREDS_CO_RETURN_IF_ERROR(body);
  KREDS_CO_CHECK(only_fields(*body, {"kind", "date", "purpose"}));
  auto kind = string_field(*body, "kind", 1, 20);
  KREDS_CO_RETURN_IF_ERROR(kind);
  if (*kind != "job" && *kind != "education" && *kind != "other") {
    co_return kreds::error{errc::invalid_field, "kind must be job, education or other", "kind"};
  }
  auto date = string_field(*body, "date", 10, 10);
  KREDS_CO_RETURN_IF_ERROR(date);
  const auto day = parse_iso_date(*date);
  const auto today = day_of(ctx.now());
  if (!day || *day > today || *day < today - std::chrono::days(365)) {
    co_return kreds::error{errc::invalid_field, "date must be a date within the last 365 days", "date"};
  }
  auto purpose_text = string_field(*body, "purpose", 0, 1000);
  KREDS_CO_RETURN_IF_ERROR(purpose_text);
  auto purpose = purpose_of(*purpose_text);
  KREDS_CO_RETURN_IF_ERROR(purpose);
  // A refusal that tells something about the seeker (when they started, that an outcome exists) is a read of their
  // data: its audit row is committed with the job, and the refusal is answered after it.
  struct attempt {
    json::object recorded;
    std::optional<kreds::error> refused;
  };
  auto storing = write_db<attempt>(
      ctx.writer(),
      [who, seeker = *seeker, kind = *kind, date = *date, purpose = *purpose, now = to_iso(ctx.now()),
       minutes = ctx.settings().staff_time.outcome](SQLite::Database& db) -> result<attempt> {
        KREDS_CHECK(readable_seeker(db, who, seeker));
        const auto refuse = [&](kreds::error why) {
          append_audit(db, who, seeker, "record_outcome", purpose, now);
          return attempt{{}, std::move(why)};
        };
        SQLite::Statement started(db, "SELECT substr(min(decided_at), 1, 10) FROM track_decision WHERE account_id = ?");
        started.bind(1, seeker);
        started.executeStep();
        if (started.getColumn(0).isNull()) {
          return refuse({errc::conflict, "the seeker has no track decision yet: triage first"});
        }
        if (date < started.getColumn(0).getString()) {
          return refuse({errc::invalid_field,
                         "date must not be before the seeker started (" + started.getColumn(0).getString() + ")",
                         "date"});
        }
        if (!outcome_of(db, seeker).is_null())
          return refuse({errc::conflict, "an outcome is already recorded for this seeker"});
        SQLite::Statement insert(
            db,
            "INSERT INTO case_outcome (account_id, municipality_id, kind, on_date, recorded_by, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?)");
        storage::bind_all(insert, seeker, who.municipality_id, kind, date, who.account_id, now);
        insert.exec();
        append_audit(db, who, seeker, "record_outcome", purpose, now);
        record_staff_time(db, who, seeker, std::nullopt, "outcome", minutes, now);
        return attempt{json::object{{"seeker_id", seeker}, {"kind", kind}, {"date", date}, {"recorded_at", now}}, {}};
      });
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  if (stored->refused) co_return std::move(*stored->refused);
  co_return json_reply(201, json_text(stored->recorded));
}

}  // namespace

void register_case_outcome_routes(context& ctx, api_router& api) {
  api.add("GET", "/api/v1/seekers/{id}/outcome", permission::read_seeker_data, audited_by_handler("read_outcome"),
          [&ctx](const http_request& request, const caller* who) { return show(ctx, request, *who); });
  api.add("POST", "/api/v1/seekers/{id}/outcome", permission::read_seeker_data, audited_by_handler("record_outcome"),
          [&ctx](const http_request& request, const caller* who) { return record(ctx, request, *who); });
}

}  // namespace kreds::features
