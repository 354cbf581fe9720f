#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>

#include "core/clock.hpp"
#include "features/privacy/retention.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

using namespace kreds;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<SQLite::Database> fresh() {
  auto db = storage::open_database({":memory:"});
  REQUIRE(db);
  REQUIRE(storage::migrate(**db));
  return std::move(*db);
}

const auto now = *kreds::parse_iso_time("2026-11-24T12:00:00Z");
std::string ago(int days) { return kreds::to_iso(now - std::chrono::days(days)); }

std::int64_t count(SQLite::Database& db, const std::string& sql) { return db.execAndGet(sql).getInt64(); }

// Two municipalities; in the first, a network with a seeker and a caseworker.
void seed(SQLite::Database& db) {
  db.exec("INSERT INTO municipality (id, code, name) VALUES (1, '751', 'Aarhus'), (2, '101', 'København')");
  db.exec(
      "INSERT INTO account (id, municipality_id, role, email, display_name) VALUES "
      "(1, 1, 'caseworker', 'cw@x.dk', 'Caseworker'), (2, 1, 'seeker', 's@x.dk', 'Seeker'), "
      "(3, 1, 'seeker', 'old@x.dk', 'Closed long ago'), (4, 1, 'seeker', 'recent@x.dk', 'Closed recently'), "
      "(5, 2, 'caseworker', 'cw@y.dk', 'Other caseworker'), (6, 2, 'seeker', 's@y.dk', 'Other seeker')");
  db.exec("INSERT INTO network (id, municipality_id, facilitator_id, created_at) VALUES (1, 1, 1, '" + ago(900) +
          "'), "
          "(2, 2, 5, '" +
          ago(900) + "')");
  auto message = [&](int id, int network, int municipality, int author, int age) {
    db.exec(
        "INSERT INTO chat_message (id, network_id, municipality_id, seq, author_id, client_id, body, created_at) "
        "VALUES (" +
        std::to_string(id) + ", " + std::to_string(network) + ", " + std::to_string(municipality) + ", " +
        std::to_string(id) + ", " + std::to_string(author) + ", 'c" + std::to_string(id) + "', 'hello', '" + ago(age) +
        "')");
  };
  message(1, 1, 1, 2, 800);  // expired at 730 days
  message(2, 1, 1, 2, 731);  // expired
  message(3, 1, 1, 2, 729);  // kept
  message(4, 2, 2, 6, 800);  // the other municipality's: its own periods
  db.exec(
      "INSERT INTO chat_report (municipality_id, message_id, reporter_id, reason, created_at) VALUES (1, 1, 2, 'rude "
      "words', '" +
      ago(799) + "')");
  db.exec(
      "INSERT INTO help_request (network_id, municipality_id, account_id, client_id, text, created_at) VALUES "
      "(1, 1, 2, 'h1', 'help me please', '" +
      ago(800) + "'), (1, 1, 2, 'h2', 'help me again', '" + ago(10) + "')");
  db.exec(
      "INSERT INTO alert (municipality_id, caseworker_id, account_id, kind, condition_key, suggested_action, status, "
      "created_at, "
      "updated_at) VALUES (1, 1, 2, 'inactive', 'a', 'call', 'resolved', '" +
      ago(900) + "', '" + ago(800) +
      "'), "
      "(1, 1, 2, 'inactive', 'b', 'call', 'open', '" +
      ago(900) + "', '" + ago(800) +
      "'), "
      "(1, 1, 2, 'inactive', 'c', 'call', 'resolved', '" +
      ago(10) + "', '" + ago(10) + "')");
  db.exec(
      "INSERT INTO audit_log (municipality_id, at, actor_id, actor_role, subject_id, action, purpose) VALUES "
      "(1, '" +
      ago(2000) +
      "', 1, 'caseworker', 2, 'read_profile', 'triage'), "
      "(1, '" +
      ago(100) +
      "', 1, 'caseworker', 2, 'read_profile', 'triage'), "
      "(2, '" +
      ago(2000) + "', 5, 'caseworker', 6, 'read_profile', 'triage')");
  db.exec("UPDATE account SET deactivated_at = '" + ago(400) + "', active = 0 WHERE id = 3");
  db.exec("UPDATE account SET deactivated_at = '" + ago(100) + "', active = 0 WHERE id = 4");
}

}  // namespace

TEST_CASE("retention: cutoffs are the configured number of days before now", "[retention]") {
  platform::config::retention_section periods;
  periods.chat_messages_days = 30;
  periods.audit_log_days = 365;
  const auto cutoffs = features::cutoffs_for(periods, now);
  CHECK(cutoffs.chat_messages == "2026-10-25T12:00:00Z");
  CHECK(cutoffs.audit_log == "2025-11-24T12:00:00Z");
  CHECK(cutoffs.closed_accounts == "2025-11-24T12:00:00Z");  // the default, 365 days
}

TEST_CASE("retention: exactly the expired rows of the municipality are deleted", "[retention]") {
  auto db = fresh();
  seed(*db);
  const auto counts = features::delete_expired(*db, 1, features::cutoffs_for({}, now), kreds::to_iso(now));
  CHECK(counts.at("chat_message") == 2);
  CHECK(counts.at("chat_report") == 1);
  CHECK(counts.at("help_request") == 1);
  CHECK(counts.at("alert") == 1);
  CHECK(counts.at("audit_log") == 1);
  CHECK(counts.at("account_erased") == 1);
  CHECK(db->execAndGet("SELECT group_concat(id) FROM (SELECT id FROM chat_message ORDER BY id)").getString() == "3,4");
  CHECK(db->execAndGet("SELECT group_concat(client_id) FROM help_request").getString() == "h2");
  // An open alert stays however old; a recently resolved one stays.
  CHECK(db->execAndGet("SELECT group_concat(condition_key) FROM (SELECT condition_key FROM alert ORDER BY 1)")
            .getString() == "b,c");
  CHECK(count(*db, "SELECT count(*) FROM audit_log WHERE municipality_id = 1") == 1);
  CHECK(count(*db, "SELECT count(*) FROM audit_log WHERE municipality_id = 2") == 1);
  // Closed 400 days ago: erased; closed 100 days ago: untouched.
  CHECK(db->execAndGet("SELECT email FROM account WHERE id = 3").getString() == "erased-3@invalid");
  CHECK(db->execAndGet("SELECT email FROM account WHERE id = 4").getString() == "recent@x.dk");
  // A second run finds nothing more.
  const auto again = features::delete_expired(*db, 1, features::cutoffs_for({}, now), kreds::to_iso(now));
  for (const auto& [table, n] : again) CHECK(n == 0);
}

TEST_CASE("retention: the audit log still refuses any other delete", "[retention]") {
  auto db = fresh();
  seed(*db);
  features::delete_expired(*db, 1, features::cutoffs_for({}, now), kreds::to_iso(now));
  // The recent entry is newer than the cutoff: refused.
  CHECK_THROWS_AS(db->exec("DELETE FROM audit_log WHERE municipality_id = 1"), SQLite::Exception);
  // The other municipality has no cutoff yet: refused.
  CHECK_THROWS_AS(db->exec("DELETE FROM audit_log WHERE municipality_id = 2"), SQLite::Exception);
  CHECK(count(*db, "SELECT count(*) FROM audit_log") == 2);
}

TEST_CASE("retention: an account whose real e-mail starts with erased- is erased like any other", "[retention]") {
  auto db = fresh();
  seed(*db);
  db->exec(
      "INSERT INTO account (id, municipality_id, role, email, display_name, deactivated_at) VALUES "
      "(7, 1, 'seeker', 'erased-anna@example.dk', 'Anna Erased-Hansen', '" +
      ago(400) + "')");
  const auto counts = features::delete_expired(*db, 1, features::cutoffs_for({}, now), kreds::to_iso(now));
  CHECK(counts.at("account_erased") == 2);  // account 3 and this one
  CHECK(db->execAndGet("SELECT email FROM account WHERE id = 7").getString() == "erased-7@invalid");
  CHECK_FALSE(db->execAndGet("SELECT erased_at FROM account WHERE id = 7").isNull());
  // And it is now among the erased whose case records expire.
  CHECK(db->execAndGet("SELECT count(*) FROM account WHERE erased_at IS NOT NULL").getInt() == 2);
}

TEST_CASE("retention: an invitation never accepted loses its name and e-mail after its expiry, not before",
          "[retention]") {
  auto db = fresh();
  seed(*db);
  auto invite = [&](int account, const std::string& email, int expired_days_ago, bool accepted) {
    db->exec("INSERT INTO account (id, municipality_id, role, email, display_name, password_hash) VALUES (" +
             std::to_string(account) + ", 1, 'seeker', '" + email + "', 'Invited " + email + "', " +
             (accepted ? "'hash'" : "NULL") + ")");
    SQLite::Statement row(*db,
                          "INSERT INTO invitation (municipality_id, code_hash, account_id, invited_by, created_at, "
                          "expires_at, accepted_at) VALUES (1, randomblob(32), ?, 1, ?, ?, ?)");
    row.bind(1, account);
    row.bind(2, ago(expired_days_ago + 14));
    row.bind(3, ago(expired_days_ago));
    if (accepted) {
      row.bind(4, ago(expired_days_ago + 1));
    } else {
      row.bind(4);
    }
    row.exec();
  };
  invite(20, "long-expired@x.dk", 31, false);   // past the default 30 days
  invite(21, "recent-invite@x.dk", 29, false);  // expired, but not 30 days ago
  invite(22, "pending@x.dk", -5, false);        // still open
  invite(23, "accepted@x.dk", 60, true);        // accepted long ago: a real account
  const auto counts = features::delete_expired(*db, 1, features::cutoffs_for({}, now), kreds::to_iso(now));
  CHECK(counts.at("invitation_unaccepted") == 1);
  CHECK(count(*db,
              "SELECT count(*) FROM account WHERE email LIKE '%long-expired%' OR display_name LIKE '%long-expired%'") ==
        0);
  CHECK(count(*db, "SELECT count(*) FROM account WHERE id = 20 AND erased_at IS NOT NULL AND active = 0") == 1);
  CHECK(count(*db, "SELECT count(*) FROM invitation WHERE account_id = 20") == 0);
  for (const auto* kept : {"recent-invite@x.dk", "pending@x.dk", "accepted@x.dk"}) {
    INFO(kept);
    CHECK(count(*db, std::string("SELECT count(*) FROM account WHERE email = '") + kept + "'") == 1);
  }
  // Another run finds nothing more.
  CHECK(features::delete_expired(*db, 1, features::cutoffs_for({}, now), kreds::to_iso(now))
            .at("invitation_unaccepted") == 0);
}

TEST_CASE("retention: an account whose password reset was never used is not taken for a never-accepted invitation",
          "[retention]") {
  auto db = fresh();
  seed(*db);
  db->exec(
      "INSERT INTO account (id, municipality_id, role, email, display_name) VALUES (30, 1, 'seeker', "
      "'forgot@x.dk', 'Forgot')");  // a provisioned account whose password was cleared by a reset
  SQLite::Statement code(*db,
                         "INSERT INTO invitation (municipality_id, code_hash, account_id, invited_by, created_at, "
                         "expires_at, purpose) VALUES (1, randomblob(32), 30, 1, ?, ?, 'reset')");
  code.bind(1, ago(120));
  code.bind(2, ago(100));
  code.exec();
  const auto counts = features::delete_expired(*db, 1, features::cutoffs_for({}, now), kreds::to_iso(now));
  CHECK(counts.at("invitation_unaccepted") == 0);
  CHECK(count(*db, "SELECT count(*) FROM account WHERE email = 'forgot@x.dk' AND erased_at IS NULL") == 1);
}
