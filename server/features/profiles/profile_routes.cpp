// The seeker's own profile, caseworkers' audited reads of seekers'
// profiles, and the seeker's view of who looked (docs/api.md).
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <algorithm>

#include "features/common/paging.hpp"
#include "features/common/seeker_access.hpp"
#include "features/profiles/profile.hpp"
#include "features/profiles/routes.hpp"
#include "platform/audit.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/json_output.hpp"
#include "platform/logging.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"

namespace kreds::features {
namespace {

using boost::asio::awaitable;
namespace json = boost::json;

std::string language_of(const http_request& request) {
  auto lang = query_parameter(request.query, "lang").value_or("da");
  return lang == "en" ? "en" : "da";
}

awaitable<result<http_reply>> own_profile(context& ctx, const http_request& request, const caller& who) {
  auto stored_pending = read_db<std::optional<profile>>(
      ctx.readers(),
      [id = who.account_id](SQLite::Database& db) -> result<std::optional<profile>> { return load_profile(db, id); });
  auto stored = co_await std::move(stored_pending);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return json_reply(200, json_text(profile_json(*stored, ctx.taxonomy(), language_of(request))));
}

awaitable<result<http_reply>> save_own_profile(context& ctx, const http_request& request, const caller& who) {
  auto body = parse_json_object(request.body);
  KREDS_CO_RETURN_IF_ERROR(body);
  auto parsed = parse_profile(*body, ctx.taxonomy(), ctx.now());
  KREDS_CO_RETURN_IF_ERROR(parsed);
  auto saved_pending = write_db<void>(
      ctx.writer(), [who, value = *parsed, now = to_iso(ctx.now())](SQLite::Database& db) -> result<void> {
        save_profile(db, who.account_id, who.municipality_id, value, now);
        return {};
      });
  auto saved = co_await std::move(saved_pending);
  KREDS_CO_RETURN_IF_ERROR(saved);
  co_return json_reply(200, json_text(profile_json(*parsed, ctx.taxonomy(), language_of(request))));
}

// GET /api/v1/seekers?limit&offset: a page of the municipality's active seekers by name (features/common/paging.hpp).
awaitable<result<http_reply>> list_seekers(context& ctx, const http_request& request, const caller& who) {
  const auto page_size = ctx.settings().limits.list_page;
  auto page = page_of(request.query, page_size, page_size);
  KREDS_CO_RETURN_IF_ERROR(page);
  auto seekers_pending = read_db<json::object>(
      ctx.readers(), [municipality = who.municipality_id, page = *page](SQLite::Database& db) -> result<json::object> {
        const char* active = "FROM account a WHERE a.municipality_id = ?1 AND a.role = 'seeker' AND a.active = 1";
        SQLite::Statement total(db, std::string("SELECT count(*) ") + active);
        total.bind(1, municipality);
        total.executeStep();
        SQLite::Statement query(
            db, std::string("SELECT a.id, a.display_name, EXISTS (SELECT 1 FROM profile p WHERE p.account_id = a.id), "
                            "a.blocked_at IS NOT NULL ") +
                    active + " ORDER BY a.display_name, a.id LIMIT ?2 OFFSET ?3");
        storage::bind_all(query, municipality, static_cast<std::int64_t>(page.limit),
                          static_cast<std::int64_t>(page.offset));
        json::array out;
        while (query.executeStep()) {
          out.push_back(json::object{{"id", query.getColumn(0).getInt64()},
                                     {"display_name", query.getColumn(1).getString()},
                                     {"has_profile", query.getColumn(2).getInt() == 1},
                                     {"blocked", query.getColumn(3).getInt() == 1}});
        }
        auto body = page_fields(static_cast<std::size_t>(total.getColumn(0).getInt64()), page, out.size());
        body["seekers"] = std::move(out);
        return body;
      });
  auto seekers = co_await std::move(seekers_pending);
  KREDS_CO_RETURN_IF_ERROR(seekers);
  co_return json_reply(200, json_text(*seekers));
}

awaitable<result<http_reply>> seeker_profile(context& ctx, const http_request& request, const caller& who) {
  const auto seeker_id = id_parameter(request, "id");
  if (!seeker_id) co_return kreds::error{errc::not_found, "no such seeker"};
  const auto purpose = query_parameter(request.query, "purpose").value_or("");
  const auto purpose_length = utf8_length(purpose);
  if (purpose_length < 3 || purpose_length > 200) {
    co_return kreds::error{errc::invalid_field, "purpose must say why you look, in 3 to 200 characters", "purpose"};
  }
  // The audit row is committed before anything is read or sent.
  auto audited_pending = write_db<std::string>(
      ctx.writer(),
      [who, seeker = *seeker_id, purpose, now = to_iso(ctx.now())](SQLite::Database& db) -> result<std::string> {
        auto name = readable_seeker(db, who, seeker);
        KREDS_RETURN_IF_ERROR(name);
        append_audit(db, who, seeker, "read_profile", purpose, now);
        return std::move(*name);
      });
  auto audited = co_await std::move(audited_pending);
  KREDS_CO_RETURN_IF_ERROR(audited);
  auto stored_pending = read_db<std::optional<profile>>(
      ctx.readers(), [seeker = *seeker_id](SQLite::Database& db) -> result<std::optional<profile>> {
        return load_profile(db, seeker);
      });
  auto stored = co_await std::move(stored_pending);
  KREDS_CO_RETURN_IF_ERROR(stored);
  log_info(request.request_id, "account {} read the profile of seeker {}", who.account_id, *seeker_id);
  co_return json_reply(
      200, json_text(json::object{{"seeker", json::object{{"id", *seeker_id}, {"display_name", *audited}}},
                                  {"profile", profile_json(*stored, ctx.taxonomy(), language_of(request))}}));
}

awaitable<result<http_reply>> access_log(context& ctx, const caller& who) {
  auto entries_pending = read_db<json::array>(ctx.readers(), [who](SQLite::Database& db) -> result<json::array> {
    SQLite::Statement query(db,
                            "SELECT at, action, purpose, actor_role FROM audit_log "
                            "WHERE subject_id = ? AND municipality_id = ? ORDER BY at DESC, id DESC");
    storage::bind_all(query, who.account_id, who.municipality_id);
    json::array out;
    while (query.executeStep()) {
      out.push_back(json::object{{"at", query.getColumn(0).getString()},
                                 {"action", query.getColumn(1).getString()},
                                 {"purpose", query.getColumn(2).getString()},
                                 {"by_role", query.getColumn(3).getString()}});
    }
    return out;
  });
  auto entries = co_await std::move(entries_pending);
  KREDS_CO_RETURN_IF_ERROR(entries);
  co_return json_reply(200, json_text(json::object{{"entries", std::move(*entries)}}));
}

}  // namespace

void register_profile_routes(context& ctx, api_router& api) {
  api.add("GET", "/api/v1/profile", permission::edit_own_profile, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return own_profile(ctx, request, *who); });
  api.add("PUT", "/api/v1/profile", permission::edit_own_profile, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return save_own_profile(ctx, request, *who); });
  api.add("GET", "/api/v1/seekers", permission::read_seeker_data,
          shows_people("read_seeker_list", "follow-up: the list of seekers", "seekers.id"),
          [&ctx](const http_request& request, const caller* who) { return list_seekers(ctx, request, *who); });
  api.add("GET", "/api/v1/seekers/{id}/profile", permission::read_seeker_data, audited_by_handler("read_profile"),
          [&ctx](const http_request& request, const caller* who) { return seeker_profile(ctx, request, *who); });
  api.add("GET", "/api/v1/me/access-log", permission::edit_own_profile, reveals_nobody,
          [&ctx](const http_request&, const caller* who) { return access_log(ctx, *who); });
}

}  // namespace kreds::features
