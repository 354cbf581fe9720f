#include "platform/session_store.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstring>
#include <memory>

#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"
#include "storage/row.hpp"

namespace kreds::platform {
namespace {

kreds::error not_logged_in() { return {errc::unauthenticated, "you are not logged in, or your session has ended"}; }

struct session_row {
  caller who;
  std::string last_seen_at;
  std::string expires_at;
  bool active = false;
};

}  // namespace

std::optional<std::string_view> find_cookie(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto end = header.find(';');
    auto pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) return pair.substr(equals + 1);
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return std::nullopt;
}

session_store::session_store(storage::writer& writer, storage::reader_pool& readers, const config& settings,
                             kreds::clock now)
    : writer_(writer),
      readers_(readers),
      settings_(settings),
      now_(std::move(now)),
      // __Host- binds the cookie to this exact origin over HTTPS.
      cookie_name_(settings.served_over_https() ? "__Host-kreds_session" : "kreds_session") {}

boost::asio::awaitable<result<caller>> session_store::authenticate(std::string_view cookie_header) {
  auto token = find_cookie(cookie_header, cookie_name_);
  if (!token || token->empty() || token->size() > 100) co_return not_logged_in();
  auto checking = check(hash_token(*token));
  auto checked = co_await std::move(checking);
  KREDS_CO_RETURN_IF_ERROR(checked);
  co_return std::move(checked->who);
}

boost::asio::awaitable<result<void>> session_store::recheck(token_hash session, session_check& state) {
  if (now_() < state.recheck_at) co_return result<void>{};
  auto checking = check(session);
  auto checked = co_await std::move(checking);
  KREDS_CO_RETURN_IF_ERROR(checked);
  state.recheck_at = checked->recheck_at;
  co_return result<void>{};
}

std::chrono::seconds session_store::touch_after() const {
  const auto half_idle = std::chrono::seconds(settings_.auth.session_idle_minutes * 60 / 2);
  return std::min<std::chrono::seconds>(std::chrono::minutes(1), half_idle);
}

boost::asio::awaitable<result<session_store::live_session>> session_store::check(token_hash hash) {
  auto row_pending =
      read_db<std::optional<session_row>>(readers_, [hash](SQLite::Database& db) -> result<std::optional<session_row>> {
        SQLite::Statement query(db,
                                "SELECT s.account_id, s.municipality_id, s.last_seen_at, s.expires_at, a.role, "
                                "a.display_name, a.active FROM session s JOIN account a ON a.id = s.account_id "
                                "WHERE s.token_hash = ?");
        query.bind(1, hash.data(), static_cast<int>(hash.size()));
        if (!query.executeStep()) return std::optional<session_row>{};
        session_row out;
        std::string role_text;
        std::tie(out.who.account_id, out.who.municipality_id, out.last_seen_at, out.expires_at, role_text,
                 out.who.display_name, out.active) =
            storage::read_row<std::int64_t, std::int64_t, std::string, std::string, std::string, std::string, bool>(
                query);
        out.who.role = parse_role(role_text).value_or(role::seeker);
        out.who.session = hash;
        return std::optional<session_row>{std::move(out)};
      });
  auto row = co_await std::move(row_pending);
  KREDS_CO_RETURN_IF_ERROR(row);
  if (!*row) co_return not_logged_in();
  const auto now = now_();
  const auto idle_limit = to_iso(now - std::chrono::minutes(settings_.auth.session_idle_minutes));
  if (!(*row)->active || (*row)->expires_at <= to_iso(now) || (*row)->last_seen_at <= idle_limit) {
    (void)co_await end(hash);
    co_return not_logged_in();
  }
  // Record use now and then (touch_after()): a write per request would be
  // waste. Awaited, so the next request already sees it.
  auto last_seen = parse_iso_time((*row)->last_seen_at).value_or(now - touch_after());
  if ((*row)->last_seen_at < to_iso(now - touch_after())) {
    auto touching = write_db<void>(writer_, [hash, seen = to_iso(now)](SQLite::Database& db) -> result<void> {
      SQLite::Statement touch(db, "UPDATE session SET last_seen_at = ? WHERE token_hash = ?");
      touch.bind(1, seen);
      touch.bind(2, hash.data(), static_cast<int>(hash.size()));
      touch.exec();
      return {};
    });
    auto touched = co_await std::move(touching);
    KREDS_CO_RETURN_IF_ERROR(touched);
    last_seen = now;
  }
  const auto expires = parse_iso_time((*row)->expires_at).value_or(now);
  co_return live_session{std::move((*row)->who), std::min(expires, last_seen + touch_after())};
}

void session_store::sweep(std::function<void(std::vector<token_hash>)> ended) {
  const auto now = now_();
  auto found = std::make_shared<std::vector<token_hash>>();
  writer_.submit(
      {[found, expired = to_iso(now), idle = to_iso(now - std::chrono::minutes(settings_.auth.session_idle_minutes))](
           SQLite::Database& db) -> result<void> {
         SQLite::Statement remove(db,
                                  "DELETE FROM session WHERE expires_at <= ? OR last_seen_at <= ? "
                                  "RETURNING token_hash");
         storage::bind_all(remove, expired, idle);
         while (remove.executeStep()) {
           const auto column = remove.getColumn(0);
           token_hash hash{};
           if (column.getBytes() != static_cast<int>(hash.size())) continue;
           std::memcpy(hash.data(), column.getBlob(), hash.size());
           found->push_back(hash);
         }
         return {};
       },
       [found, ended = std::move(ended)](result<void> outcome) {
         if (outcome && !found->empty()) ended(std::move(*found));
       }});
}

boost::asio::awaitable<result<new_session>> session_store::create(std::int64_t account_id,
                                                                  std::int64_t municipality_id) {
  new_session out;
  out.token = new_session_token();
  const auto hash = hash_token(out.token);
  const auto now = now_();
  const auto lifetime = std::chrono::hours(settings_.auth.session_lifetime_hours);
  auto stored_pending = write_db<void>(
      writer_,
      [hash, account_id, municipality_id, created = to_iso(now),
       expires = to_iso(now + lifetime)](SQLite::Database& db) -> result<void> {
        SQLite::Statement insert(db,
                                 "INSERT INTO session (token_hash, account_id, municipality_id, created_at, "
                                 "last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
        insert.bind(1, hash.data(), static_cast<int>(hash.size()));
        insert.bind(2, account_id);
        insert.bind(3, municipality_id);
        insert.bind(4, created);
        insert.bind(5, created);
        insert.bind(6, expires);
        insert.exec();
        return {};
      });
  auto stored = co_await std::move(stored_pending);
  KREDS_CO_RETURN_IF_ERROR(stored);
  out.cookie = cookie_name_ + "=" + out.token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
               std::to_string(std::chrono::duration_cast<std::chrono::seconds>(lifetime).count()) +
               (settings_.served_over_https() ? "; Secure" : "");
  co_return out;
}

boost::asio::awaitable<result<void>> session_store::end(const token_hash& session) {
  auto result_pending = write_db<void>(writer_, [session](SQLite::Database& db) -> result<void> {
    SQLite::Statement remove(db, "DELETE FROM session WHERE token_hash = ?");
    remove.bind(1, session.data(), static_cast<int>(session.size()));
    remove.exec();
    return {};
  });
  co_return co_await std::move(result_pending);
}

boost::asio::awaitable<result<void>> session_store::end_all(std::int64_t account_id) {
  auto result_pending = write_db<void>(writer_, [account_id](SQLite::Database& db) -> result<void> {
    SQLite::Statement remove(db, "DELETE FROM session WHERE account_id = ?");
    remove.bind(1, account_id);
    remove.exec();
    return {};
  });
  co_return co_await std::move(result_pending);
}

std::string session_store::cleared_cookie() const {
  return cookie_name_ + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
         (settings_.served_over_https() ? "; Secure" : "");
}

}  // namespace kreds::platform
