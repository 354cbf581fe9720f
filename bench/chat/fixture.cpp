#include "fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <chrono>
#include <iostream>

#include "core/clock.hpp"
#include "platform/credentials.hpp"
#include "server_process.hpp"

namespace kreds::bench {
namespace {

bool create_demo_seekers(const fixture_options& options) {
  const int status = run_program(
      {options.kreds_binary, "demo", "--database", options.database, "--seekers", std::to_string(options.members),
       "--caseworkers", "1", "--set", "taxonomy.path=" + options.taxonomy_path},
      options.log_file);
  if (status != 0)
    std::cerr << "chat_bench: kreds demo failed (exit " << status << "), see " << options.log_file << "\n";
  return status == 0;
}

struct caseworker {
  std::int64_t account_id = 0;
  std::int64_t municipality_id = 0;
};

caseworker find_caseworker(SQLite::Database& db) {
  SQLite::Statement query(db, "SELECT id, municipality_id FROM account WHERE role = 'caseworker' ORDER BY id LIMIT 1");
  if (!query.executeStep()) return {};
  return {query.getColumn(0).getInt64(), query.getColumn(1).getInt64()};
}

std::vector<std::int64_t> seekers_of(SQLite::Database& db, const caseworker& facilitator, std::size_t count) {
  SQLite::Statement query(db,
                          "SELECT id FROM account WHERE role = 'seeker' AND municipality_id = ? ORDER BY id LIMIT ?");
  query.bind(1, facilitator.municipality_id);
  query.bind(2, static_cast<std::int64_t>(count));
  std::vector<std::int64_t> ids;
  while (query.executeStep()) ids.push_back(query.getColumn(0).getInt64());
  return ids;
}

std::int64_t insert_network(SQLite::Database& db, const caseworker& facilitator, const std::string& now) {
  SQLite::Statement insert(db, "INSERT INTO network (municipality_id, facilitator_id, created_at) VALUES (?, ?, ?)");
  insert.bind(1, facilitator.municipality_id);
  insert.bind(2, facilitator.account_id);
  insert.bind(3, now);
  insert.exec();
  return db.getLastInsertRowid();
}

void insert_membership(SQLite::Database& db, std::int64_t network, std::int64_t account, std::int64_t municipality,
                       const std::string& now) {
  SQLite::Statement insert(db,
                           "INSERT INTO network_member (network_id, account_id, municipality_id, joined_at) "
                           "VALUES (?, ?, ?, ?)");
  insert.bind(1, network);
  insert.bind(2, account);
  insert.bind(3, municipality);
  insert.bind(4, now);
  insert.exec();
}

// Returns the cookie of a new session for `account`.
std::string insert_session(SQLite::Database& db, std::int64_t account, std::int64_t municipality,
                           kreds::time_point now) {
  const auto token = platform::new_session_token();
  const auto hash = platform::hash_token(token);
  SQLite::Statement insert(db,
                           "INSERT INTO session (token_hash, account_id, municipality_id, created_at, "
                           "last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, hash.data(), static_cast<int>(hash.size()));
  insert.bind(2, account);
  insert.bind(3, municipality);
  insert.bind(4, kreds::to_iso(now));
  insert.bind(5, kreds::to_iso(now));
  insert.bind(6, kreds::to_iso(now + std::chrono::hours(12)));
  insert.exec();
  return "kreds_session=" + token;
}

}  // namespace

std::optional<std::vector<member>> prepare_fixture(const fixture_options& options) {
  if (options.members == 0 || options.members % network_size != 0) {
    std::cerr << "chat_bench: the number of connections must be a positive multiple of " << network_size << "\n";
    return std::nullopt;
  }
  if (auto ready = platform::init_credentials(); !ready) {
    std::cerr << "chat_bench: " << ready.err().message() << "\n";
    return std::nullopt;
  }
  if (!create_demo_seekers(options)) return std::nullopt;
  try {
    SQLite::Database db(options.database, SQLite::OPEN_READWRITE);
    SQLite::Transaction transaction(db);
    const auto facilitator = find_caseworker(db);
    const auto seekers = seekers_of(db, facilitator, options.members);
    if (seekers.size() != options.members) {
      std::cerr << "chat_bench: the demo made " << seekers.size() << " seekers, not " << options.members << "\n";
      return std::nullopt;
    }
    const auto now = kreds::system_now();
    const auto now_text = kreds::to_iso(now);
    std::vector<member> members;
    members.reserve(seekers.size());
    std::int64_t network = 0;
    for (std::size_t i = 0; i < seekers.size(); ++i) {
      if (i % network_size == 0) network = insert_network(db, facilitator, now_text);
      insert_membership(db, network, seekers[i], facilitator.municipality_id, now_text);
      members.push_back({seekers[i], network, insert_session(db, seekers[i], facilitator.municipality_id, now)});
    }
    transaction.commit();
    return members;
  } catch (const SQLite::Exception& failure) {
    std::cerr << "chat_bench: preparing the fixture failed: " << failure.what() << "\n";
    return std::nullopt;
  }
}

}  // namespace kreds::bench
