// Forming networks: the waiting pool, matching proposals, networks and their
// history, "do not group" pairs, and the seeker's own network (docs/api.md).
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <algorithm>

#include "features/common/network_messages.hpp"
#include "features/common/paging.hpp"
#include "features/networks/proposals.hpp"
#include "features/networks/routes.hpp"
#include "features/networks/waiting_pool.hpp"
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
  return query_parameter(request.query, "lang").value_or("da") == "en" ? "en" : "da";
}

http_reply ok(int status, json::object body) { return json_reply(status, json_text(body)); }

// GET /api/v1/pool?lang&limit&offset: how many wait, and a page of them (in account order).
awaitable<result<http_reply>> pool(context& ctx, const http_request& request, const caller& who) {
  const auto page_size = ctx.settings().limits.list_page;
  auto page = page_of(request.query, page_size, page_size);
  KREDS_CO_RETURN_IF_ERROR(page);
  auto loading = read_db<waiting_pool>(
      ctx.readers(), [municipality = who.municipality_id](SQLite::Database& db) -> result<waiting_pool> {
        return load_waiting_pool(db, municipality);
      });
  auto loaded = co_await std::move(loading);
  KREDS_CO_RETURN_IF_ERROR(loaded);
  const auto language = language_of(request);
  json::array waiting;
  const auto& everyone = loaded->seekers;
  for (std::size_t i = page->offset; i < everyone.size() && waiting.size() < page->limit; ++i) {
    const auto& s = everyone[i];
    const auto& detail = loaded->details.at(s.id);
    json::value goal = nullptr;
    if (!detail.main_goal_isco.empty()) {
      if (const auto* group = ctx.taxonomy().isco_group(detail.main_goal_isco)) {
        goal = json::string(ctx.taxonomy().preferred_label(*group, language));
      }
    }
    const auto since = parse_iso_time(detail.waiting_since);
    waiting.push_back(
        json::object{{"seeker_id", static_cast<std::int64_t>(s.id)},
                     {"display_name", detail.display_name},
                     {"waiting_since", detail.waiting_since},
                     {"waiting_days", since ? std::chrono::floor<std::chrono::days>(ctx.now() - *since).count() : 0},
                     {"track", detail.track},
                     {"main_goal", goal}});
  }
  auto body = page_fields(everyone.size(), *page, waiting.size());
  body["count"] = everyone.size();
  body["waiting"] = std::move(waiting);
  co_return ok(200, std::move(body));
}

awaitable<result<http_reply>> start(proposal_manager& proposals, const http_request& request, const caller& who) {
  auto body = parse_json_object(request.body);
  KREDS_CO_RETURN_IF_ERROR(body);
  KREDS_CO_CHECK(only_fields(*body, {"seed"}));
  std::optional<std::uint64_t> seed;
  if (body->contains("seed")) {
    auto value = integer_field(*body, "seed", 0, 0x7fffffff);
    KREDS_CO_RETURN_IF_ERROR(value);
    seed = static_cast<std::uint64_t>(*value);
  }
  auto starting = proposals.start(who, seed, language_of(request));
  auto started = co_await std::move(starting);
  KREDS_CO_RETURN_IF_ERROR(started);
  co_return ok(202, std::move(*started));
}

awaitable<result<http_reply>> proposal_action(proposal_manager& proposals, const http_request& request,
                                              const caller& who, const std::string& action) {
  const auto id = id_parameter(request, "id");
  if (!id) co_return kreds::error{errc::not_found, "no such proposal"};
  const auto language = language_of(request);
  result<json::object> outcome = kreds::error{errc::internal, "unknown action"};
  if (action == "view") {
    outcome = proposals.view(who, *id, language);
  } else if (action == "cancel") {
    outcome = proposals.cancel(who, *id, language);
  } else if (action == "change") {
    auto body = parse_json_object(request.body);
    KREDS_CO_RETURN_IF_ERROR(body);
    outcome = proposals.change(who, *id, *body, language);
  } else if (action == "rerun") {
    auto running = proposals.rerun(who, *id, language);
    outcome = co_await std::move(running);
    if (outcome) co_return ok(202, std::move(*outcome));
  } else if (action == "confirm") {
    auto confirming = proposals.confirm(who, *id);
    outcome = co_await std::move(confirming);
  }
  KREDS_CO_RETURN_IF_ERROR(outcome);
  co_return ok(200, std::move(*outcome));
}

awaitable<result<http_reply>> networks(context& ctx, const caller& who) {
  // Alumni who stay as mentors are members but hold no seat: their seat is open.
  auto reading = read_db<json::array>(
      ctx.readers(),
      [who, seats = ctx.pilot(who.municipality_id)->matching.max_size](SQLite::Database& db) -> result<json::array> {
        SQLite::Statement query(
            db,
            "SELECT n.id, n.created_at, (SELECT count(*) FROM network_member m WHERE m.network_id = n.id "
            "AND m.left_at IS NULL), (SELECT count(*) FROM network_member m WHERE m.network_id = n.id "
            "AND m.left_at IS NULL AND m.alumnus_since IS NULL) FROM network n WHERE n.municipality_id = ? "
            "AND n.facilitator_id = ? AND n.closed_at IS NULL ORDER BY n.id");
        storage::bind_all(query, who.municipality_id, who.account_id);
        json::array out;
        while (query.executeStep()) {
          out.push_back(json::object{{"id", query.getColumn(0).getInt64()},
                                     {"created_at", query.getColumn(1).getString()},
                                     {"members", query.getColumn(2).getInt()},
                                     {"open_seats", std::max(0, seats - query.getColumn(3).getInt())}});
        }
        return out;
      });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return ok(200, {{"networks", std::move(*found)}});
}

awaitable<result<http_reply>> history(context& ctx, const http_request& request, const caller& who) {
  const auto id = id_parameter(request, "id");
  if (!id) co_return kreds::error{errc::not_found, "no such network"};
  auto reading = read_db<std::optional<json::array>>(
      ctx.readers(), [who, network = *id](SQLite::Database& db) -> result<std::optional<json::array>> {
        SQLite::Statement exists(db, "SELECT 1 FROM network WHERE id = ? AND municipality_id = ?");
        storage::bind_all(exists, network, who.municipality_id);
        if (!exists.executeStep()) return std::optional<json::array>{};
        SQLite::Statement query(
            db,
            "SELECT at, account_id, display_name, change, reason FROM ("
            "SELECT m.joined_at AS at, m.account_id, a.display_name, 'joined' AS change, NULL AS reason, m.id "
            "FROM network_member m JOIN account a ON a.id = m.account_id WHERE m.network_id = ?1 "
            "UNION ALL SELECT m.left_at, m.account_id, a.display_name, 'left', m.left_reason, m.id "
            "FROM network_member m JOIN account a ON a.id = m.account_id WHERE m.network_id = ?1 "
            "AND m.left_at IS NOT NULL) ORDER BY at, id");
        query.bind(1, network);
        json::array out;
        while (query.executeStep()) {
          json::object event{{"at", query.getColumn(0).getString()},
                             {"seeker_id", query.getColumn(1).getInt64()},
                             {"display_name", query.getColumn(2).getString()},
                             {"change", query.getColumn(3).getString()}};
          event["reason"] =
              query.getColumn(4).isNull() ? json::value(nullptr) : json::value(query.getColumn(4).getString());
          out.push_back(std::move(event));
        }
        return std::optional<json::array>{std::move(out)};
      });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  if (!*found) co_return kreds::error{errc::not_found, "no such network"};
  co_return ok(200, {{"events", std::move(**found)}});
}

awaitable<result<http_reply>> list_apart(context& ctx, const caller& who) {
  auto reading = read_db<json::array>(ctx.readers(), [who](SQLite::Database& db) -> result<json::array> {
    SQLite::Statement query(
        db,
        "SELECT d.seeker_a, d.seeker_b, a.display_name, b.display_name, d.reason, d.created_at "
        "FROM do_not_group d JOIN account a ON a.id = d.seeker_a JOIN account b ON b.id = d.seeker_b "
        "WHERE d.municipality_id = ? ORDER BY d.created_at");
    query.bind(1, who.municipality_id);
    json::array out;
    while (query.executeStep()) {
      out.push_back(json::object{{"seeker_a", query.getColumn(0).getInt64()},
                                 {"seeker_b", query.getColumn(1).getInt64()},
                                 {"names", json::array{json::string(query.getColumn(2).getString()),
                                                       json::string(query.getColumn(3).getString())}},
                                 {"reason", query.getColumn(4).getString()},
                                 {"created_at", query.getColumn(5).getString()}});
    }
    return out;
  });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return ok(200, {{"pairs", std::move(*found)}});
}

awaitable<result<http_reply>> add_apart(context& ctx, const http_request& request, const caller& who) {
  auto body = parse_json_object(request.body);
  KREDS_CO_RETURN_IF_ERROR(body);
  KREDS_CO_CHECK(only_fields(*body, {"seeker_a", "seeker_b", "reason"}));
  auto a = integer_field(*body, "seeker_a", 1, std::numeric_limits<std::int64_t>::max());
  KREDS_CO_RETURN_IF_ERROR(a);
  auto b = integer_field(*body, "seeker_b", 1, std::numeric_limits<std::int64_t>::max());
  KREDS_CO_RETURN_IF_ERROR(b);
  if (*a == *b) co_return kreds::error{errc::invalid_field, "choose two different seekers", "seeker_b"};
  auto reason = string_field(*body, "reason", 3, 200);
  KREDS_CO_RETURN_IF_ERROR(reason);
  auto storing = write_db<void>(
      ctx.writer(),
      [who, low = std::min(*a, *b), high = std::max(*a, *b), reason = *reason,
       now = to_iso(ctx.now())](SQLite::Database& db) -> result<void> {
        SQLite::Statement both(
            db, "SELECT count(*) FROM account WHERE id IN (?, ?) AND municipality_id = ? AND role = 'seeker'");
        storage::bind_all(both, low, high, who.municipality_id);
        both.executeStep();
        if (both.getColumn(0).getInt() != 2)
          return kreds::error{errc::not_found, "no such seeker in your municipality"};
        SQLite::Statement insert(
            db,
            "INSERT INTO do_not_group (municipality_id, seeker_a, seeker_b, reason, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)");
        storage::bind_all(insert, who.municipality_id, low, high, reason, who.account_id, now);
        insert.exec();
        return {};
      });
  auto stored = co_await std::move(storing);
  if (!stored) {
    if (stored.err().code() == errc::conflict)
      co_return kreds::error{errc::conflict, "this pair is already kept apart"};
    co_return std::move(stored).err();
  }
  co_return ok(201, {{"seeker_a", std::min(*a, *b)}, {"seeker_b", std::max(*a, *b)}});
}

awaitable<result<http_reply>> remove_apart(context& ctx, const http_request& request, const caller& who) {
  const auto a = id_parameter(request, "a");
  const auto b = id_parameter(request, "b");
  if (!a || !b) co_return kreds::error{errc::not_found, "no such pair"};
  auto removing = write_db<void>(
      ctx.writer(), [who, low = std::min(*a, *b), high = std::max(*a, *b)](SQLite::Database& db) -> result<void> {
        SQLite::Statement remove(
            db, "DELETE FROM do_not_group WHERE seeker_a = ? AND seeker_b = ? AND municipality_id = ?");
        storage::bind_all(remove, low, high, who.municipality_id);
        if (remove.exec() == 0) return kreds::error{errc::not_found, "no such pair"};
        return {};
      });
  auto removed = co_await std::move(removing);
  KREDS_CO_RETURN_IF_ERROR(removed);
  co_return http_reply{204, {}, "application/json", {}};
}

awaitable<result<http_reply>> my_network(context& ctx, const http_request& request, const caller& who) {
  auto reading = read_db<json::value>(
      ctx.readers(), [who, language = language_of(request)](SQLite::Database& db) -> result<json::value> {
        SQLite::Statement mine(
            db,
            "SELECT n.id, n.created_at, n.working_language, m.why_da, m.why_en FROM network_member m "
            "JOIN network n ON n.id = m.network_id WHERE m.account_id = ? AND m.left_at IS NULL "
            "AND n.closed_at IS NULL");
        mine.bind(1, who.account_id);
        if (!mine.executeStep()) return json::value(nullptr);
        const auto network_id = mine.getColumn(0).getInt64();
        json::object network{{"id", network_id},
                             {"created_at", mine.getColumn(1).getString()},
                             {"working_language", mine.getColumn(2).getString()},
                             {"why", language == "en" ? mine.getColumn(4).getString() : mine.getColumn(3).getString()}};
        json::array list;
        for (const auto& member : current_members(db, network_id)) {
          list.push_back(json::object{{"account_id", member.account_id},
                                      {"display_name", member.display_name},
                                      {"alumnus", member.alumnus},
                                      {"you", member.account_id == who.account_id}});
        }
        network["members"] = std::move(list);
        return json::value(std::move(network));
      });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return ok(200, {{"network", std::move(*found)}});
}

}  // namespace

void register_network_routes(context& ctx, api_router& api, proposal_manager& proposals) {
  const auto staff = permission::form_networks;
  api.add("GET", "/api/v1/pool", staff, shows_people("read_pool", "forming networks: the waiting pool", "seeker_id"),
          [&ctx](const http_request& r, const caller* who) { return pool(ctx, r, *who); });
  api.add("POST", "/api/v1/proposals", staff, reveals_nobody,
          [&proposals](const http_request& r, const caller* who) { return start(proposals, r, *who); });
  for (const auto& [method, suffix, action] :
       std::vector<std::tuple<std::string, std::string, std::string>>{{"GET", "", "view"},
                                                                      {"POST", "/cancel", "cancel"},
                                                                      {"POST", "/changes", "change"},
                                                                      {"POST", "/rerun", "rerun"},
                                                                      {"POST", "/confirm", "confirm"}}) {
    api.add(method, "/api/v1/proposals/{id}" + suffix, staff,
            shows_people("read_proposal", "forming networks: a matching proposal", "seeker_id"),
            [&proposals, action = action](const http_request& r, const caller* who) {
              return proposal_action(proposals, r, *who, action);
            });
  }
  api.add("GET", "/api/v1/networks", staff, reveals_nobody,
          [&ctx](const http_request&, const caller* who) { return networks(ctx, *who); });
  api.add("GET", "/api/v1/networks/{id}/history", staff,
          shows_people("read_network_history", "forming networks: a network's history", "seeker_id"),
          [&ctx](const http_request& r, const caller* who) { return history(ctx, r, *who); });
  api.add("GET", "/api/v1/do-not-group", staff,
          shows_people("read_do_not_group", "forming networks: who must not be grouped", "seeker_a", "seeker_b"),
          [&ctx](const http_request&, const caller* who) { return list_apart(ctx, *who); });
  api.add("POST", "/api/v1/do-not-group", staff,
          shows_people("record_do_not_group", "forming networks: who must not be grouped", "seeker_a", "seeker_b"),
          [&ctx](const http_request& r, const caller* who) { return add_apart(ctx, r, *who); });
  api.add("DELETE", "/api/v1/do-not-group/{a}/{b}", staff, reveals_nobody,
          [&ctx](const http_request& r, const caller* who) { return remove_apart(ctx, r, *who); });
  api.add("GET", "/api/v1/my-network", permission::edit_own_profile,
          shows_people("read_my_network", "the network's members", "members.account_id"),
          [&ctx](const http_request& r, const caller* who) { return my_network(ctx, r, *who); });
}

}  // namespace kreds::features
