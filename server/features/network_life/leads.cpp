#include "features/network_life/leads.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <algorithm>

#include "features/common/network_access.hpp"
#include "features/common/network_messages.hpp"
#include "features/network_life/routes.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/message_router.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"

namespace kreds::features {
namespace {

using boost::asio::awaitable;
namespace json = boost::json;

// One lead with its marks, as members see it.
json::object lead_json(SQLite::Database& db, std::int64_t lead_id) {
  SQLite::Statement lead(
      db,
      "SELECT l.id, l.network_id, l.title, l.employer, l.link, l.deadline, l.note, l.created_at, "
      "l.shared_by, a.display_name, l.client_id FROM job_lead l JOIN account a ON a.id = l.shared_by "
      "WHERE l.id = ?");
  lead.bind(1, lead_id);
  if (!lead.executeStep()) return {};
  json::object out{
      {"id", lead.getColumn(0).getInt64()},
      {"network_id", lead.getColumn(1).getInt64()},
      {"title", lead.getColumn(2).getString()},
      {"employer", lead.getColumn(3).getString()},
      {"link", lead.getColumn(4).getString()},
      {"deadline", lead.getColumn(5).isNull() ? json::value(nullptr) : json::value(lead.getColumn(5).getString())},
      {"note", lead.getColumn(6).getString()},
      {"shared_at", lead.getColumn(7).getString()},
      {"shared_by",
       json::object{{"id", lead.getColumn(8).getInt64()}, {"display_name", lead.getColumn(9).getString()}}},
      {"client_id", lead.getColumn(10).getString()}};
  SQLite::Statement marks(
      db,
      "SELECT m.account_id, a.display_name, m.status, m.updated_at FROM job_lead_mark m "
      "JOIN account a ON a.id = m.account_id WHERE m.lead_id = ? ORDER BY m.updated_at, m.account_id");
  marks.bind(1, lead_id);
  json::array list;
  while (marks.executeStep()) {
    list.push_back(json::object{{"account_id", marks.getColumn(0).getInt64()},
                                {"display_name", marks.getColumn(1).getString()},
                                {"status", marks.getColumn(2).getString()},
                                {"updated_at", marks.getColumn(3).getString()}});
  }
  out["marks"] = std::move(list);
  return out;
}

void publish(context& ctx, const char* type, const json::object& lead) {
  publish_to_network(ctx, lead.at("network_id").as_int64(), type, lead);
}

// lead.share {network_id, client_id, title, employer?, link?, deadline?, note?}
awaitable<result<reply>> share(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  if (auto known = only_fields(p, {"network_id", "client_id", "title", "employer", "link", "deadline", "note"});
      !known) {
    co_return std::move(known).err();
  }
  auto network = id_field(p, "network_id");
  KREDS_CO_RETURN_IF_ERROR(network);
  auto client_id = string_field(p, "client_id", 1, 64);
  KREDS_CO_RETURN_IF_ERROR(client_id);
  auto title = string_field(p, "title", 1, 200);
  KREDS_CO_RETURN_IF_ERROR(title);
  auto employer = optional_string_field(p, "employer", 200);
  KREDS_CO_RETURN_IF_ERROR(employer);
  auto link = optional_string_field(p, "link", 500);
  KREDS_CO_RETURN_IF_ERROR(link);
  if (!valid_web_link(link->value_or(""))) {
    co_return kreds::error{errc::invalid_field, "link must be a web address starting with https:// or http://", "link"};
  }
  auto deadline = optional_string_field(p, "deadline", 10);
  KREDS_CO_RETURN_IF_ERROR(deadline);
  if (*deadline && !parse_iso_date(**deadline))
    co_return kreds::error{errc::invalid_field, "deadline must be a date (YYYY-MM-DD)", "deadline"};
  auto note = optional_string_field(p, "note", 1000);
  KREDS_CO_RETURN_IF_ERROR(note);
  struct shared {
    json::object lead;
    bool is_new;
  };
  auto storing = write_db<shared>(
      ctx.writer(),
      [who = from.who(), network = *network, client_id = *client_id, title = *title, employer = employer->value_or(""),
       link = link->value_or(""), deadline = *deadline, note = note->value_or(""), limit = &ctx.post_limit(),
       now = to_iso(ctx.now())](SQLite::Database& db) -> result<shared> {
        if (!in_network(db, who, network)) return not_in_network();
        SQLite::Statement again(db, "SELECT id, network_id FROM job_lead WHERE shared_by = ? AND client_id = ?");
        storage::bind_all(again, who.account_id, client_id);
        if (again.executeStep()) {  // a retry: answered even while rate-limited
          if (again.getColumn(1).getInt64() != network) {
            return kreds::error{errc::conflict, "client_id was already used for another network", "client_id"};
          }
          return shared{lead_json(db, again.getColumn(0).getInt64()), false};
        }
        if (const auto wait = limit->try_post(who.account_id); wait > 0) {
          return kreds::error{errc::rate_limited, "slow down: you can share again in " + std::to_string(wait) + " s"}
              .with_retry_after(wait);
        }
        SQLite::Statement insert(
            db,
            "INSERT INTO job_lead (network_id, municipality_id, shared_by, client_id, title, employer, "
            "link, deadline, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        storage::bind_all(insert, network, who.municipality_id, who.account_id, client_id, title, employer, link);
        storage::bind_optional(insert, 8, deadline);
        insert.bind(9, note);
        insert.bind(10, now);
        insert.exec();
        return shared{lead_json(db, db.getLastInsertRowid()), true};
      },
      [&ctx](const shared& done) {
        if (done.is_new) publish(ctx, "lead.added", done.lead);
      });
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return reply{"lead.shared", std::move(stored->lead)};
}

// lead.mark {network_id, lead_id, status: interested|applied|interview|got_job|none}
awaitable<result<reply>> mark(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(p, {"network_id", "lead_id", "status"}));
  auto network = id_field(p, "network_id");
  KREDS_CO_RETURN_IF_ERROR(network);
  auto lead = id_field(p, "lead_id");
  KREDS_CO_RETURN_IF_ERROR(lead);
  auto status = string_field(p, "status", 1, 20);
  KREDS_CO_RETURN_IF_ERROR(status);
  static const std::vector<std::string> statuses{"interested", "applied", "interview", "got_job", "none"};
  if (std::find(statuses.begin(), statuses.end(), *status) == statuses.end()) {
    co_return kreds::error{errc::invalid_field, "status must be interested, applied, interview, got_job or none",
                           "status"};
  }
  auto storing = write_db<json::object>(
      ctx.writer(),
      [who = from.who(), network = *network, lead = *lead, status = *status,
       now = to_iso(ctx.now())](SQLite::Database& db) -> result<json::object> {
        if (!in_network(db, who, network)) return not_in_network();
        SQLite::Statement exists(db, "SELECT 1 FROM job_lead WHERE id = ? AND network_id = ?");
        storage::bind_all(exists, lead, network);
        if (!exists.executeStep()) return kreds::error{errc::not_found, "no such lead in this network", "lead_id"};
        if (status == "none") {
          SQLite::Statement remove(db, "DELETE FROM job_lead_mark WHERE lead_id = ? AND account_id = ?");
          storage::bind_all(remove, lead, who.account_id);
          remove.exec();
        } else {
          SQLite::Statement upsert(
              db,
              "INSERT INTO job_lead_mark (lead_id, account_id, status, updated_at) VALUES (?, ?, ?, ?) "
              "ON CONFLICT (lead_id, account_id) DO UPDATE SET status = excluded.status, "
              "updated_at = excluded.updated_at");
          storage::bind_all(upsert, lead, who.account_id, status, now);
          upsert.exec();
        }
        return lead_json(db, lead);
      },
      [&ctx](const json::object& changed) { publish(ctx, "lead.updated", changed); });
  auto stored = co_await std::move(storing);
  KREDS_CO_RETURN_IF_ERROR(stored);
  co_return reply{"lead.marked", std::move(*stored)};
}

// lead.list {network_id, before?} -> a page of the board, newest first (older than `before` when given), whether
// older leads remain, and credit per member over all of them.
awaitable<result<reply>> board(context& ctx, connection& from, const envelope& message) {
  const auto& p = message.payload.as_object();
  KREDS_CO_CHECK(only_fields(p, {"network_id", "before"}));
  auto network = id_field(p, "network_id");
  KREDS_CO_RETURN_IF_ERROR(network);
  std::int64_t before = 0;  // none: the newest page
  if (p.contains("before")) {
    auto given = id_field(p, "before");
    KREDS_CO_RETURN_IF_ERROR(given);
    before = *given;
  }
  auto reading = read_db<json::object>(
      ctx.readers(),
      [who = from.who(), network = *network, before, page = static_cast<std::int64_t>(ctx.settings().limits.list_page)](
          SQLite::Database& db) -> result<json::object> {
        if (!in_network(db, who, network)) return not_in_network();
        json::array leads;
        SQLite::Statement ids(db,
                              "SELECT id FROM job_lead WHERE network_id = ? AND (? = 0 OR id < ?) ORDER BY id DESC "
                              "LIMIT ?");
        storage::bind_all(ids, network, before, before, page + 1);
        bool older = false;
        while (ids.executeStep()) {
          if (static_cast<std::int64_t>(leads.size()) == page) {
            older = true;
            break;
          }
          leads.push_back(lead_json(db, ids.getColumn(0).getInt64()));
        }
        // Credit: leads shared, and how many of them others marked as used.
        SQLite::Statement credit(
            db,
            "SELECT a.id, a.display_name, count(DISTINCT l.id), count(m.lead_id) FROM job_lead l "
            "JOIN account a ON a.id = l.shared_by LEFT JOIN job_lead_mark m ON m.lead_id = l.id AND "
            "m.account_id <> l.shared_by AND m.status IN ('applied', 'interview', 'got_job') "
            "WHERE l.network_id = ? GROUP BY a.id ORDER BY 3 DESC, a.display_name");
        credit.bind(1, network);
        json::array credits;
        while (credit.executeStep()) {
          credits.push_back(json::object{{"account_id", credit.getColumn(0).getInt64()},
                                         {"display_name", credit.getColumn(1).getString()},
                                         {"shared", credit.getColumn(2).getInt()},
                                         {"used_by_others", credit.getColumn(3).getInt()}});
        }
        return json::object{
            {"network_id", network}, {"leads", std::move(leads)}, {"older", older}, {"credit", std::move(credits)}};
      });
  auto found = co_await std::move(reading);
  KREDS_CO_RETURN_IF_ERROR(found);
  co_return reply{"lead.board", std::move(*found)};
}

}  // namespace

// What a lead reply names: who shared it and who marked it.
constexpr data_use leads_shown =
    shows_people("read_leads", "facilitating: the network's job leads", "shared_by.id", "account_id");

void register_lead_messages(context& ctx, message_router& messages) {
  messages.add("lead.share", permission::use_session, effect::changes, leads_shown, ctx, share);
  messages.add("lead.mark", permission::use_session, effect::changes, leads_shown, ctx, mark);
  messages.add("lead.list", permission::use_session, effect::reads, leads_shown, ctx, board);
}

}  // namespace kreds::features
