#include "platform/audit.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <algorithm>

#include "platform/logging.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"

namespace kreds::platform {

namespace json = boost::json;

std::string_view to_string(reveals what) noexcept {
  switch (what) {
    case reveals::nobody:
      return "nobody";
    case reveals::people:
      return "people";
    case reveals::handler_audits:
      return "handler";
  }
  return "nobody";
}

bool is_staff(role r) noexcept { return r == role::caseworker || r == role::admin; }

namespace {

bool names_person(std::string_view parent, std::string_view key, const std::array<std::string_view, 6>& keys) {
  for (const auto spec : keys) {
    if (spec.empty()) continue;
    const auto dot = spec.find('.');
    if (dot == std::string_view::npos ? spec == key : (spec.substr(0, dot) == parent && spec.substr(dot + 1) == key)) {
      return true;
    }
  }
  return false;
}

void collect(const json::value& value, std::string_view parent, const std::array<std::string_view, 6>& keys,
             std::vector<std::int64_t>& out) {
  if (const auto* object = value.if_object()) {
    for (const auto& [key, inner] : *object) {
      if (names_person(parent, key, keys) && inner.is_int64()) {
        if (std::find(out.begin(), out.end(), inner.as_int64()) == out.end()) out.push_back(inner.as_int64());
      } else {
        collect(inner, key, keys, out);
      }
    }
  } else if (const auto* array = value.if_array()) {
    for (const auto& inner : *array) collect(inner, parent, keys, out);
  }
}

}  // namespace

std::vector<std::int64_t> people_in(const json::value& value, const std::array<std::string_view, 6>& keys) {
  std::vector<std::int64_t> out;
  collect(value, {}, keys, out);
  return out;
}

void append_audit(SQLite::Database& db, const caller& actor, std::int64_t subject, const std::string& action,
                  const std::string& purpose, const std::string& now) {
  SQLite::Statement audit(
      db,
      "INSERT INTO audit_log (municipality_id, at, actor_id, actor_role, subject_id, action, purpose) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  storage::bind_all(audit, actor.municipality_id, now, actor.account_id, std::string(to_string(actor.role)), subject,
                    action, purpose);
  audit.exec();
}

namespace {

boost::asio::awaitable<result<void>> write_rows(storage::writer& writer, std::string now, caller who,
                                                std::vector<std::int64_t> people, data_use use) {
  auto writing = write_db<void>(
      writer,
      [who, people = std::move(people), action = std::string(use.action), purpose = std::string(use.purpose),
       now = std::move(now)](SQLite::Database& db) -> result<void> {
        SQLite::Statement same_municipality(db, "SELECT 1 FROM account WHERE id = ? AND municipality_id = ?");
        for (const auto person : people) {
          if (person == who.account_id) continue;
          same_municipality.reset();
          storage::bind_all(same_municipality, person, who.municipality_id);
          if (!same_municipality.executeStep()) continue;
          append_audit(db, who, person, action, purpose, now);
        }
        return {};
      });
  co_return co_await std::move(writing);
}

}  // namespace

auditor make_auditor(storage::writer& writer, kreds::clock now) {
  return [&writer, now = std::move(now)](const caller& who, std::vector<std::int64_t> people, data_use use) {
    return write_rows(writer, to_iso(now()), who, std::move(people), use);
  };
}

boost::asio::awaitable<result<void>> audit_reply(const auditor& write, data_use use, const caller* who,
                                                 const json::value* reply, std::string where) {
  if (use.what != reveals::people || who == nullptr || !is_staff(who->role)) co_return result<void>{};
  if (reply == nullptr) co_return kreds::error{errc::internal, where + " shows people but its reply is not JSON"};
  auto people = people_in(*reply, use.person_keys);
  if (people.empty()) co_return result<void>{};
  auto writing = write(*who, std::move(people), use);
  auto written = co_await std::move(writing);
  if (!written) {
    // Whatever the store said, the reply is withheld: unaudited data is not sent.
    co_return kreds::error{errc::internal, where + ": the audit rows could not be written: " + written.err().message()};
  }
  co_return result<void>{};
}

}  // namespace kreds::platform
