// Sessions (login, logout, me), invitations with consent, consent
// withdrawal and account deactivation. See docs/api.md.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "features/accounts/consent_text.hpp"
#include "features/accounts/invitation_code.hpp"
#include "features/accounts/login_record.hpp"
#include "features/accounts/routes.hpp"
#include "platform/audit.hpp"
#include "platform/context.hpp"
#include "platform/cpu_work.hpp"
#include "platform/json_input.hpp"
#include "platform/json_output.hpp"
#include "platform/logging.hpp"
#include "platform/storage_calls.hpp"
#include "storage/binding.hpp"
#include "storage/row.hpp"

namespace kreds::features {
namespace {

using boost::asio::awaitable;
namespace json = boost::json;

std::string normalize_email(std::string email) {
  email.erase(0, email.find_first_not_of(" \t"));
  email.erase(email.find_last_not_of(" \t") + 1);
  std::transform(email.begin(), email.end(), email.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return email;
}

result<std::string> email_field(const json::object& body) {
  auto email = string_field(body, "email", 3, 254);
  if (!email) return email;
  auto normalized = normalize_email(std::move(*email));
  const auto at = normalized.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= normalized.size() ||
      normalized.find_first_of(" \t\r\n<>\",;") != std::string::npos) {
    return kreds::error{errc::invalid_field, "email must be an e-mail address", "email"};
  }
  return normalized;
}

// {"id", "role", "display_name", "email", "municipality": {...}, "consent": {...} | null}
result<json::object> load_account(SQLite::Database& db, std::int64_t account_id) {
  SQLite::Statement query(db,
                          "SELECT a.id, a.role, a.display_name, a.email, m.code, m.name FROM account a "
                          "JOIN municipality m ON m.id = a.municipality_id WHERE a.id = ?");
  query.bind(1, account_id);
  if (!query.executeStep()) return kreds::error{errc::not_found, "no such account"};
  json::object account{
      {"id", query.getColumn(0).getInt64()},
      {"role", query.getColumn(1).getString()},
      {"display_name", query.getColumn(2).getString()},
      {"email", query.getColumn(3).getString()},
      {"municipality",
       json::object{{"code", query.getColumn(4).getString()}, {"name", query.getColumn(5).getString()}}},
  };
  SQLite::Statement consent(db,
                            "SELECT text_version, given_at FROM consent WHERE account_id = ? AND withdrawn_at IS NULL "
                            "ORDER BY id DESC LIMIT 1");
  consent.bind(1, account_id);
  if (consent.executeStep()) {
    account["consent"] =
        json::object{{"version", consent.getColumn(0).getString()}, {"given_at", consent.getColumn(1).getString()}};
  } else {
    account["consent"] = nullptr;
  }
  return account;
}

http_reply account_reply(json::object account, std::string cookie = {}) {
  auto reply = json_reply(200, json_text(json::object{{"account", std::move(account)}}));
  if (!cookie.empty()) reply.headers.emplace_back("Set-Cookie", std::move(cookie));
  return reply;
}

struct login_candidate {
  std::int64_t account_id;
  std::int64_t municipality_id;
  std::string password_hash;
  bool blocked = false;
};

// The same work whether or not an account exists, so timing reveals nothing.
const std::string& decoy_hash() {
  static const std::string hash = hash_password("kreds-no-such-account").value();
  return hash;
}

// The active accounts with a password this e-mail names (one per municipality at most).
awaitable<result<std::vector<login_candidate>>> find_candidates(context& ctx, std::string email) {
  auto reading = read_db<std::vector<login_candidate>>(
      ctx.readers(), [email = std::move(email)](SQLite::Database& db) -> result<std::vector<login_candidate>> {
        SQLite::Statement query(db,
                                "SELECT id, municipality_id, password_hash, blocked_at IS NOT NULL FROM account "
                                "WHERE email = ? AND active = 1 AND password_hash IS NOT NULL");
        query.bind(1, email);
        std::vector<login_candidate> out;
        while (query.executeStep()) {
          const auto [id, municipality, hash, blocked] =
              storage::read_row<std::int64_t, std::int64_t, std::string, bool>(query);
          out.push_back({id, municipality, hash, blocked});
        }
        return out;
      });
  co_return co_await std::move(reading);
}

// The candidate whose password this is, checked on the CPU queue (logins first).
awaitable<result<std::optional<login_candidate>>> check_password(context& ctx, std::vector<login_candidate> candidates,
                                                                 std::string password) {
  auto check = [candidates = std::move(candidates),
                password = std::move(password)]() -> std::optional<login_candidate> {
    if (candidates.empty()) {
      (void)verify_password(decoy_hash(), password);
      return std::nullopt;
    }
    for (const auto& candidate : candidates) {
      if (verify_password(candidate.password_hash, password)) return candidate;
    }
    return std::nullopt;
  };
  auto checking =
      run_cpu<std::optional<login_candidate>>(ctx.cpu(), ctx.metrics(), cpu_queue::priority::login, std::move(check));
  co_return co_await std::move(checking);
}

// Records a rejected login (login_record.hpp), then answers `answer`.
awaitable<result<http_reply>> reject(context& ctx, const http_request& request, login_rejection rejected,
                                     kreds::error answer) {
  auto recording = record_rejection(ctx, std::move(rejected), request.request_id);
  KREDS_CO_CHECK(co_await std::move(recording));
  co_return answer;
}

// POST /api/v1/session {email, password}
awaitable<result<http_reply>> login(context& ctx, const http_request& request) {
  auto body = parse_json_object(request.body);
  KREDS_CO_RETURN_IF_ERROR(body);
  KREDS_CO_CHECK(only_fields(*body, {"email", "password"}));
  auto email = email_field(*body);
  KREDS_CO_RETURN_IF_ERROR(email);
  auto password = string_field(*body, "password", 1, 128);
  KREDS_CO_RETURN_IF_ERROR(password);
  login_rejection rejected{*email, {}, request.remote_address, {}};
  // Counted before the password is checked, so concurrent guesses cannot outrun the count.
  const auto attempt = ctx.throttle().begin(*email, request.remote_address);
  if (attempt.retry_after > 0) {
    rejected.reason = "throttled";
    auto rejecting = reject(ctx, request, std::move(rejected),
                            kreds::error{errc::rate_limited, "too many failed logins; try again in " +
                                                                 std::to_string(attempt.retry_after) + " s"}
                                .with_retry_after(attempt.retry_after));
    co_return co_await std::move(rejecting);
  }
  auto finding = find_candidates(ctx, *email);
  auto candidates = co_await std::move(finding);
  KREDS_CO_RETURN_IF_ERROR(candidates);
  for (const auto& candidate : *candidates) rejected.accounts.push_back(candidate.account_id);
  auto checking = check_password(ctx, std::move(*candidates), std::move(*password));
  auto checked = co_await std::move(checking);
  if (!checked) {  // busy: the attempt stays counted, like a failure
    rejected.reason = "busy";
    auto rejecting = reject(ctx, request, std::move(rejected), std::move(checked).err());
    co_return co_await std::move(rejecting);
  }
  auto& matched = *checked;
  if (!matched) {
    rejected.reason = "wrong_password";
    auto rejecting =
        reject(ctx, request, std::move(rejected), kreds::error{errc::unauthenticated, "wrong e-mail or password"});
    co_return co_await std::move(rejecting);
  }
  if (matched->blocked) {  // told only to whoever knows the password
    rejected.reason = "blocked";
    rejected.accounts = {matched->account_id};
    auto rejecting = reject(ctx, request, std::move(rejected),
                            kreds::error{errc::forbidden,
                                         "this account is blocked after too many failed logins; your caseworker "
                                         "(or the municipality's administrator) can unlock it"});
    co_return co_await std::move(rejecting);
  }
  ctx.throttle().succeeded(*email, request.remote_address, attempt);
  auto session = co_await ctx.sessions().create(matched->account_id, matched->municipality_id);
  KREDS_CO_RETURN_IF_ERROR(session);
  auto account_pending = read_db<json::object>(
      ctx.readers(), [id = matched->account_id](SQLite::Database& db) { return load_account(db, id); });
  auto account = co_await std::move(account_pending);
  KREDS_CO_RETURN_IF_ERROR(account);
  log_info(request.request_id, "account {} logged in", matched->account_id);
  co_return account_reply(std::move(*account), std::move(session->cookie));
}

awaitable<result<http_reply>> logout(context& ctx, const http_request&, const caller& who) {
  auto ended = co_await ctx.sessions().end(who.session);
  KREDS_CO_RETURN_IF_ERROR(ended);
  ctx.connections().close_session(who.session);
  http_reply reply{204, {}, "application/json", {{"Set-Cookie", ctx.sessions().cleared_cookie()}}};
  co_return reply;
}

awaitable<result<http_reply>> me(context& ctx, const caller& who) {
  auto account_pending = read_db<json::object>(
      ctx.readers(), [id = who.account_id](SQLite::Database& db) { return load_account(db, id); });
  auto account = co_await std::move(account_pending);
  KREDS_CO_RETURN_IF_ERROR(account);
  co_return account_reply(std::move(*account));
}

awaitable<result<http_reply>> invite(context& ctx, const http_request& request, const caller& who) {
  if (!allows(who.role, permission::invite_seeker) && !allows(who.role, permission::invite_caseworker)) {
    co_return kreds::error{errc::forbidden, "your role may not invite anyone"};
  }
  auto body = parse_json_object(request.body);
  KREDS_CO_RETURN_IF_ERROR(body);
  KREDS_CO_CHECK(only_fields(*body, {"email", "display_name", "role"}));
  auto email = email_field(*body);
  KREDS_CO_RETURN_IF_ERROR(email);
  auto name = string_field(*body, "display_name", 1, 100);
  KREDS_CO_RETURN_IF_ERROR(name);
  auto role_text = string_field(*body, "role", 1, 20);
  KREDS_CO_RETURN_IF_ERROR(role_text);
  const auto invited_role = parse_role(*role_text);
  if (!invited_role || *invited_role == role::admin) {
    co_return kreds::error{errc::invalid_field, "role must be seeker or caseworker", "role"};
  }
  if (!allows(who.role, *invited_role == role::seeker ? permission::invite_seeker : permission::invite_caseworker)) {
    co_return kreds::error{errc::forbidden, "your role may not invite a " + *role_text};
  }
  const auto code = new_invitation_code();
  const auto now = ctx.now();
  const auto expires = to_iso(now + std::chrono::days(ctx.settings().auth.invitation_days));
  auto stored_pending =
      write_db<void>(ctx.writer(),
                     [who, email = *email, name = *name, role_text = *role_text, code, created = to_iso(now),
                      expires](SQLite::Database& db) -> result<void> {
                       SQLite::Statement exists(db, "SELECT 1 FROM account WHERE municipality_id = ? AND email = ?");
                       storage::bind_all(exists, who.municipality_id, email);
                       if (exists.executeStep()) {
                         return kreds::error{errc::conflict, "an account with this e-mail already exists", "email"};
                       }
                       SQLite::Statement account(
                           db, "INSERT INTO account (municipality_id, role, email, display_name) VALUES (?, ?, ?, ?)");
                       storage::bind_all(account, who.municipality_id, role_text, email, name);
                       account.exec();
                       const auto account_id = db.getLastInsertRowid();
                       append_audit(db, who, account_id, "invite", "invitation to Kreds", created);
                       store_invitation_code(db, who, account_id, code, code_purpose::invitation, created, expires);
                       return {};
                     });
  auto stored = co_await std::move(stored_pending);
  KREDS_CO_RETURN_IF_ERROR(stored);
  log_info(request.request_id, "account {} invited a {}", who.account_id, *role_text);
  co_return json_reply(
      201, json_text(json::object{{"code", code}, {"link", "/invitation.html#" + code}, {"expires_at", expires}}));
}

struct invitation_row {
  std::int64_t id = 0;
  std::int64_t account_id = 0;
  std::int64_t municipality_id = 0;
  std::string display_name, email, role, municipality, expires_at;
  std::string purpose;  // invitation or reset
};

// An open invitation (not used, not expired) by its code, read on `db`.
std::optional<invitation_row> find_invitation(SQLite::Database& db, const token_hash& hash, const std::string& now) {
  SQLite::Statement query(db,
                          "SELECT i.id, i.account_id, i.municipality_id, a.display_name, a.email, a.role, m.name, "
                          "i.expires_at, i.purpose FROM invitation i JOIN account a ON a.id = i.account_id "
                          "JOIN municipality m ON m.id = i.municipality_id "
                          "WHERE i.code_hash = ? AND i.accepted_at IS NULL AND i.expires_at > ? AND a.active = 1");
  query.bind(1, hash.data(), static_cast<int>(hash.size()));
  query.bind(2, now);
  if (!query.executeStep()) return std::nullopt;
  return invitation_row{query.getColumn(0).getInt64(),  query.getColumn(1).getInt64(),  query.getColumn(2).getInt64(),
                        query.getColumn(3).getString(), query.getColumn(4).getString(), query.getColumn(5).getString(),
                        query.getColumn(6).getString(), query.getColumn(7).getString(), query.getColumn(8).getString()};
}

kreds::error no_invitation() {
  return {errc::not_found, "this invitation does not exist, has expired or was already used"};
}

// Finds a usable invitation by its code. Every lookup by code (showing and
// accepting) goes through here: a code that is not found counts as a failed
// attempt from the caller's address, like a wrong password, so codes cannot
// be guessed faster than passwords through either route.
awaitable<result<invitation_row>> find_invitation_by_code(context& ctx, const http_request& request, std::string code) {
  const auto throttle_key = "invitation:" + code;
  const auto attempt = ctx.throttle().begin(throttle_key, request.remote_address);
  if (attempt.retry_after > 0) {
    co_return kreds::error{errc::rate_limited,
                           "too many failed attempts; try again in " + std::to_string(attempt.retry_after) + " s"}
        .with_retry_after(attempt.retry_after);
  }
  if (code.size() != 20) co_return no_invitation();
  auto found_pending = read_db<std::optional<invitation_row>>(
      ctx.readers(),
      [hash = hash_token(code), now = to_iso(ctx.now())](
          SQLite::Database& db) -> result<std::optional<invitation_row>> { return find_invitation(db, hash, now); });
  auto found = co_await std::move(found_pending);
  KREDS_CO_RETURN_IF_ERROR(found);
  if (!*found) co_return no_invitation();
  ctx.throttle().succeeded(throttle_key, request.remote_address, attempt);
  co_return std::move(**found);
}

awaitable<result<http_reply>> show_invitation(context& ctx, const http_request& request) {
  auto found_pending = find_invitation_by_code(ctx, request, normalize_invitation_code(request.parameters.at("code")));
  auto found = co_await std::move(found_pending);
  KREDS_CO_RETURN_IF_ERROR(found);
  const auto& invitation = *found;
  json::object body{{"display_name", invitation.display_name},
                    {"email", invitation.email},
                    {"role", invitation.role},
                    {"municipality", json::object{{"name", invitation.municipality}}},
                    {"expires_at", invitation.expires_at}};
  if (invitation.role == "seeker" && invitation.purpose == "invitation") body["consent"] = consent_text_json();
  body["purpose"] = invitation.purpose;
  co_return json_reply(200, json_text(body));
}

awaitable<result<http_reply>> accept_invitation(context& ctx, const http_request& request) {
  const auto code = normalize_invitation_code(request.parameters.at("code"));
  auto body = parse_json_object(request.body);
  KREDS_CO_RETURN_IF_ERROR(body);
  KREDS_CO_CHECK(only_fields(*body, {"password", "consent_version"}));
  auto password = string_field(*body, "password", 10, 128);
  KREDS_CO_RETURN_IF_ERROR(password);
  auto version = optional_string_field(*body, "consent_version", 20);
  KREDS_CO_RETURN_IF_ERROR(version);
  // Consent comes from the invitee: a browser where someone is logged in (the inviter, say) cannot accept.
  if (!request.cookie.empty()) {
    auto checking = ctx.sessions().authenticate(request.cookie);
    if (auto signed_in = co_await std::move(checking)) {
      co_return kreds::error{errc::forbidden,
                             "someone is logged in in this browser: an invitation is accepted by the invitee, in a "
                             "browser where no one is logged in",
                             "session"};
    }
  }
  // No password is hashed for a code that does not exist (and guessing is throttled).
  auto exists_pending = find_invitation_by_code(ctx, request, code);
  auto exists = co_await std::move(exists_pending);
  KREDS_CO_RETURN_IF_ERROR(exists);

  auto hashed_pending = run_cpu<result<std::string>>(ctx.cpu(), ctx.metrics(), cpu_queue::priority::other,
                                                     [password = *password] { return hash_password(password); });
  auto hashing = co_await std::move(hashed_pending);
  KREDS_CO_RETURN_IF_ERROR(hashing);
  auto& hashed = *hashing;
  KREDS_CO_RETURN_IF_ERROR(hashed);
  const auto now = to_iso(ctx.now());
  auto accepted_pending = write_db<invitation_row>(
      ctx.writer(),
      [hash = hash_token(code), now, password_hash = *hashed,
       version = *version](SQLite::Database& db) -> result<invitation_row> {
        // Checked again inside the write: two tabs racing with one code get one account.
        auto found = find_invitation(db, hash, now);
        if (!found) return no_invitation();
        if (found->role == "seeker" && found->purpose == "invitation") {  // a reset sets only the password
          if (!version || *version != consent_version) {
            return kreds::error{errc::invalid_field,
                                "consent_version must be the version shown (" + std::string(consent_version) + ")",
                                "consent_version"};
          }
          SQLite::Statement consent(db,
                                    "INSERT INTO consent (municipality_id, account_id, text_version, given_at) "
                                    "VALUES (?, ?, ?, ?)");
          storage::bind_all(consent, found->municipality_id, found->account_id, *version, now);
          consent.exec();
        }
        SQLite::Statement account(db, "UPDATE account SET password_hash = ? WHERE id = ?");
        storage::bind_all(account, password_hash, found->account_id);
        account.exec();
        void_open_codes(db, found->account_id, now);  // this code, and any older one
        return *found;
      });
  auto accepted = co_await std::move(accepted_pending);
  KREDS_CO_RETURN_IF_ERROR(accepted);
  auto session = co_await ctx.sessions().create(accepted->account_id, accepted->municipality_id);
  KREDS_CO_RETURN_IF_ERROR(session);
  auto account_pending = read_db<json::object>(
      ctx.readers(), [id = accepted->account_id](SQLite::Database& db) { return load_account(db, id); });
  auto account = co_await std::move(account_pending);
  KREDS_CO_RETURN_IF_ERROR(account);
  log_info(request.request_id, "account {} accepted its invitation", accepted->account_id);
  co_return account_reply(std::move(*account), std::move(session->cookie));
}

// Ends every session and WebSocket of an account that may no longer take part.
awaitable<result<void>> shut_out(context& ctx, std::int64_t account_id) {
  auto ended = co_await ctx.sessions().end_all(account_id);
  ctx.connections().close_account(account_id);
  co_return ended;
}

awaitable<result<http_reply>> withdraw_consent(context& ctx, const http_request& request, const caller& who) {
  auto body = parse_json_object(request.body);
  KREDS_CO_RETURN_IF_ERROR(body);
  KREDS_CO_CHECK(only_fields(*body, {"reason"}));
  auto reason = optional_string_field(*body, "reason", 500);
  KREDS_CO_RETURN_IF_ERROR(reason);
  auto withdrawn_pending = write_db<void>(
      ctx.writer(), [who, reason = *reason, now = to_iso(ctx.now())](SQLite::Database& db) -> result<void> {
        SQLite::Statement consent(db,
                                  "UPDATE consent SET withdrawn_at = ?, withdrawal_reason = ? "
                                  "WHERE account_id = ? AND withdrawn_at IS NULL");
        consent.bind(1, now);
        storage::bind_optional(consent, 2, reason);
        consent.bind(3, who.account_id);
        if (consent.exec() == 0) return kreds::error{errc::conflict, "there is no consent to withdraw"};
        SQLite::Statement account(db, "UPDATE account SET active = 0, deactivated_at = ? WHERE id = ?");
        storage::bind_all(account, now, who.account_id);
        account.exec();
        return {};
      });
  auto withdrawn = co_await std::move(withdrawn_pending);
  KREDS_CO_RETURN_IF_ERROR(withdrawn);
  log_info(request.request_id, "account {} withdrew consent", who.account_id);
  KREDS_CO_CHECK(co_await shut_out(ctx, who.account_id));
  http_reply reply = json_reply(200, R"({"withdrawn":true})");
  reply.headers.emplace_back("Set-Cookie", ctx.sessions().cleared_cookie());
  co_return reply;
}

awaitable<result<http_reply>> deactivate(context& ctx, const http_request& request, const caller& who) {
  const auto parsed = id_parameter(request, "id");
  if (!parsed) co_return kreds::error{errc::not_found, "no such account"};
  const auto target = *parsed;
  if (target == who.account_id) co_return kreds::error{errc::conflict, "you cannot deactivate your own account"};
  auto changed_pending =
      write_db<void>(ctx.writer(), [who, target, now = to_iso(ctx.now())](SQLite::Database& db) -> result<void> {
        // Tenancy: only accounts of the caller's municipality exist for the caller.
        SQLite::Statement update(db,
                                 "UPDATE account SET active = 0, deactivated_at = ? "
                                 "WHERE id = ? AND municipality_id = ? AND active = 1");
        storage::bind_all(update, now, target, who.municipality_id);
        if (update.exec() == 0) return kreds::error{errc::not_found, "no such active account"};
        append_audit(db, who, target, "deactivate", "account deactivated by the municipality", now);
        return {};
      });
  auto changed = co_await std::move(changed_pending);
  KREDS_CO_RETURN_IF_ERROR(changed);
  log_info(request.request_id, "account {} deactivated account {}", who.account_id, target);
  KREDS_CO_CHECK(co_await shut_out(ctx, target));
  co_return json_reply(200, R"({"deactivated":true})");
}

}  // namespace

void register_account_routes(context& ctx, api_router& api) {
  api.add("POST", "/api/v1/session", public_route, reveals_nobody,
          [&ctx](const http_request& request, const caller*) { return login(ctx, request); });
  api.add("DELETE", "/api/v1/session", permission::use_session, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return logout(ctx, request, *who); });
  api.add("GET", "/api/v1/me", permission::use_session, reveals_nobody,
          [&ctx](const http_request&, const caller* who) { return me(ctx, *who); });
  api.add("POST", "/api/v1/invitations", permission::use_session, audited_by_handler("invite"),
          [&ctx](const http_request& request, const caller* who) { return invite(ctx, request, *who); });
  api.add("GET", "/api/v1/invitations/{code}", public_route, reveals_nobody,
          [&ctx](const http_request& request, const caller*) { return show_invitation(ctx, request); });
  api.add("POST", "/api/v1/invitations/{code}/accept", public_route, reveals_nobody,
          [&ctx](const http_request& request, const caller*) { return accept_invitation(ctx, request); });
  api.add("POST", "/api/v1/consent/withdraw", permission::edit_own_profile, reveals_nobody,
          [&ctx](const http_request& request, const caller* who) { return withdraw_consent(ctx, request, *who); });
  api.add("POST", "/api/v1/accounts/{id}/unlock", permission::unlock_accounts, audited_by_handler("unlock"),
          [&ctx](const http_request& request, const caller* who) { return unlock_account(ctx, request, *who); });
  api.add("POST", "/api/v1/accounts/{id}/deactivate", permission::manage_accounts, audited_by_handler("deactivate"),
          [&ctx](const http_request& request, const caller* who) { return deactivate(ctx, request, *who); });
}

}  // namespace kreds::features
