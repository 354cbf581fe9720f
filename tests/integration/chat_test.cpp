#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <signal.h>
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <condition_variable>
#include <map>
#include <set>
#include <thread>

#include "features/demo/demo_population.hpp"
#include "support/clients.hpp"
#include "support/network_fixture.hpp"
#include "support/process.hpp"
#include "support/test_server.hpp"

using namespace kreds::testing;
using kreds::platform::role;
namespace json = boost::json;
using namespace std::chrono_literals;

TEST_CASE("chat: welcome is the first frame of a member's socket, before its own presence and others' events",
          "[integration][chat]") {
  network_fixture f;
  ws_client bent;
  REQUIRE(bent.connect(f.server.port(), f.bent_cookie) == 101);
  REQUIRE(bent.read_type("welcome"));
  for (int round = 0; round < 3; ++round) {
    ws_client anne;  // each connect announces Anne online to the network, herself included
    REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
    const auto first = anne.read();
    REQUIRE(first);
    CHECK(message_type(*first) == "welcome");
  }
}

TEST_CASE("chat: a post is acknowledged with its sequence number only after it is stored, and reaches members",
          "[integration][chat]") {
  network_fixture f;
  ws_client anne, bent;
  REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
  REQUIRE(bent.connect(f.server.port(), f.bent_cookie) == 101);
  REQUIRE(anne.read_type("welcome"));
  REQUIRE(bent.read_type("welcome"));
  REQUIRE(anne.send_text(f.post("m-1", "Hej alle! <b>ikke fed</b>")));
  auto ack = anne.read_type("chat.ack");
  REQUIRE(ack);
  const auto acked = payload_of(*ack);
  CHECK(acked.at("seq").as_int64() == 1);
  // Acknowledged means committed: another connection sees it at once.
  SQLite::Database db(f.server.directory().file("kreds.sqlite3"));
  CHECK(db.execAndGet("SELECT body FROM chat_message WHERE seq = 1").getString() == "Hej alle! <b>ikke fed</b>");
  auto delivered = bent.read_type("chat.message");
  REQUIRE(delivered);
  CHECK(payload_of(*delivered).at("author").as_object().at("display_name").as_string() == "Anne");
}

TEST_CASE("chat: a retry with the same client id stores nothing new and gets the same sequence number",
          "[integration][chat]") {
  network_fixture f;
  ws_client anne;
  REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
  REQUIRE(anne.send_text(f.post("same", "første")));
  auto first = anne.read_type("chat.ack");
  REQUIRE(anne.send_text(f.post("same", "første")));
  auto second = anne.read_type("chat.ack");
  REQUIRE(first);
  REQUIRE(second);
  CHECK(payload_of(*first).at("seq") == payload_of(*second).at("seq"));
  SQLite::Database db(f.server.directory().file("kreds.sqlite3"));
  CHECK(db.execAndGet("SELECT count(*) FROM chat_message").getInt() == 1);
}

TEST_CASE("chat: concurrent senders get one gapless order that every member sees", "[integration][chat]") {
  network_fixture f({"limits.chat_messages_per_minute=1000", "limits.ws_changes_per_minute=1000"});
  ws_client anne, bent, watcher;
  REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
  REQUIRE(bent.connect(f.server.port(), f.bent_cookie) == 101);
  const auto second_anne = login(f.server.port(), "anne@a.dk", "anne-password");
  REQUIRE(watcher.connect(f.server.port(), second_anne) == 101);
  REQUIRE(watcher.read_type("welcome"));
  std::thread other([&] {
    for (int i = 0; i < 40; ++i) bent.send_text(f.post("b" + std::to_string(i), "fra Bent " + std::to_string(i)));
  });
  for (int i = 0; i < 40; ++i) anne.send_text(f.post("a" + std::to_string(i), "fra Anne " + std::to_string(i)));
  other.join();
  std::vector<std::int64_t> seen;
  while (seen.size() < 80) {
    auto message = watcher.read_type("chat.message", 10s);
    REQUIRE(message);
    seen.push_back(payload_of(*message).at("seq").as_int64());
  }
  for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == static_cast<std::int64_t>(i + 1));
}

TEST_CASE("chat: a reconnecting client catches up from its last sequence number, and pages history back",
          "[integration][chat]") {
  network_fixture f;
  {
    ws_client anne;
    REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
    for (int i = 1; i <= 5; ++i) {
      REQUIRE(anne.send_text(f.post("c" + std::to_string(i), "besked " + std::to_string(i))));
      REQUIRE(anne.read_type("chat.ack"));
    }
  }
  ws_client bent;
  REQUIRE(bent.connect(f.server.port(), f.bent_cookie) == 101);
  const auto network = std::to_string(f.network);
  REQUIRE(bent.send_text(R"({"type":"chat.sync","payload":{"since":{")" + network + R"(":2}}})"));
  auto synced = bent.read_type("chat.synced");
  REQUIRE(synced);
  const auto synced_payload = payload_of(*synced);
  const auto& messages = synced_payload.at("networks").as_array()[0].as_object().at("messages").as_array();
  REQUIRE(messages.size() == 3);
  CHECK(messages[0].as_object().at("seq").as_int64() == 3);
  CHECK(messages[2].as_object().at("seq").as_int64() == 5);
  REQUIRE(bent.send_text(R"({"type":"chat.history","payload":{"network_id":)" + network +
                         R"(,"before_seq":3,"limit":10}})"));
  auto page = bent.read_type("chat.page");
  REQUIRE(page);
  const auto page_payload = payload_of(*page);
  const auto& older = page_payload.at("messages").as_array();
  REQUIRE(older.size() == 2);
  CHECK(older[0].as_object().at("seq").as_int64() == 1);
}

TEST_CASE("chat: non-members and other municipalities can neither read nor post", "[integration][chat]") {
  network_fixture f;
  for (const auto& cookie : {f.outsider_cookie, f.foreign_cookie}) {
    ws_client stranger;
    REQUIRE(stranger.connect(f.server.port(), cookie) == 101);
    REQUIRE(stranger.send_text(f.post("x1", "ind ad bagdøren")));
    auto refused = stranger.read_type("error");
    REQUIRE(refused);
    CHECK_THAT(*refused, Catch::Contains("forbidden"));
    REQUIRE(
        stranger.send_text(R"({"type":"chat.sync","payload":{"since":{")" + std::to_string(f.network) + R"(":0}}})"));
    CHECK_THAT(*stranger.read_type("error"), Catch::Contains("forbidden"));
    REQUIRE(
        stranger.send_text(R"({"type":"chat.history","payload":{"network_id":)" + std::to_string(f.network) + "}}"));
    CHECK_THAT(*stranger.read_type("error"), Catch::Contains("forbidden"));
  }
  SQLite::Database db(f.server.directory().file("kreds.sqlite3"));
  CHECK(db.execAndGet("SELECT count(*) FROM chat_message").getInt() == 0);
}

TEST_CASE("chat: malformed and oversized posts get errors naming the field - the rate limit says slow down",
          "[integration][chat]") {
  network_fixture f({"limits.chat_max_characters=20", "limits.chat_messages_per_minute=3"});
  ws_client anne;
  REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
  REQUIRE(anne.read_type("welcome"));
  auto expect_error = [&](const std::string& frame, const std::string& field) {
    REQUIRE(anne.send_text(frame));
    auto error = anne.read_type("error");
    REQUIRE(error);
    INFO(frame << " -> " << *error);
    CHECK(payload_of(*error).at("field").as_string() == field);
  };
  expect_error(f.post("long", std::string(21, 'x')), "body");
  expect_error(f.post("empty", ""), "body");
  expect_error(R"({"type":"chat.post","payload":{"network_id":"x","client_id":"a","body":"b"}})", "network_id");
  expect_error(R"({"type":"chat.post","payload":{"network_id":1,"body":"b"}})", "client_id");
  expect_error(R"({"type":"chat.sync","payload":{"since":[]}})", "since");
  for (int i = 0; i < 3; ++i) {
    REQUIRE(anne.send_text(f.post("r" + std::to_string(i), "ok")));
    REQUIRE(anne.read_type("chat.ack"));
  }
  REQUIRE(anne.send_text(f.post("r3", "one too many")));
  auto slow = anne.read_type("error");
  REQUIRE(slow);
  CHECK_THAT(*slow, Catch::Contains("rate_limited") && Catch::Contains("slow down"));
  // A resend of an acknowledged post (its ack was lost) gets the original
  // ack even while rate-limited, and stores nothing new.
  REQUIRE(anne.send_text(f.post("r1", "ok")));
  auto again = anne.read_type("chat.ack", 3s);  // skips the earlier posts' chat.message; an error would time out
  REQUIRE(again);
  CHECK(payload_of(*again).at("seq").as_int64() == 2);
  SQLite::Database db(f.server.directory().file("kreds.sqlite3"));
  CHECK(db.execAndGet("SELECT count(*) FROM chat_message").getInt() == 3);
}

TEST_CASE("chat: kill -9 of the server during a burst loses no acknowledged message - order survives a restart",
          "[integration][chat][durability]") {
  temp_dir dir;
  const std::string taxonomy = "taxonomy.path=\"" KREDS_SOURCE_DIR "/config/taxonomy/esco-1.1.tsv\"";
  const auto database = dir.file("kreds.sqlite3");
  REQUIRE(run_kreds({"demo", "--seekers", "0", "--caseworkers", "1", "--database", database, "--set", taxonomy})
              .exit_code == 0);
  std::vector<std::int64_t> members;
  std::vector<std::string> emails;
  {
    SQLite::Database db(database, SQLite::OPEN_READWRITE, 5000);
    const auto hash = db.execAndGet("SELECT password_hash FROM account WHERE role = 'admin'").getString();
    for (int i = 0; i < 6; ++i) {
      const auto email = "m" + std::to_string(i) + "@aarhus.dk";
      SQLite::Statement insert(db,
                               "INSERT INTO account (municipality_id, role, email, display_name, password_hash) "
                               "VALUES (1, 'seeker', ?, ?, ?)");
      insert.bind(1, email);
      insert.bind(2, "Medlem " + std::to_string(i));
      insert.bind(3, hash);
      insert.exec();
      members.push_back(db.getLastInsertRowid());
      emails.push_back(email);
    }
  }
  const auto facilitator =
      SQLite::Database(database).execAndGet("SELECT id FROM account WHERE role = 'caseworker'").getInt64();
  const auto network = make_network(database, facilitator, members);
  const std::vector<std::string> serve{KREDS_BINARY, "serve",
                                       "--port",     "0",
                                       "--database", database,
                                       "--web-root", KREDS_SOURCE_DIR "/web",
                                       "--set",      taxonomy,
                                       "--set",      "limits.chat_messages_per_minute=100000",
                                       "--set",      "limits.ws_changes_per_minute=100000",
                                       "--set",      "metrics.port=0"};
  std::set<std::int64_t> acked;
  {
    child_process server(serve);
    auto line = server.wait_for("listening on", 10s);
    REQUIRE(line);
    const auto port = listening_port(*line);
    std::vector<std::string> cookies;
    for (const auto& email : emails) cookies.push_back(login(port, email, kreds::features::demo_password));
    std::mutex mutex;
    std::condition_variable acked_more;
    std::atomic<bool> stop{false};
    std::vector<std::thread> senders;
    for (std::size_t s = 0; s < cookies.size(); ++s) {
      senders.emplace_back([&, s] {
        ws_client client;
        if (client.connect(port, cookies[s]) != 101) return;
        for (int i = 0; !stop; ++i) {
          const auto id = "k" + std::to_string(s) + "-" + std::to_string(i);
          const auto frame = json::serialize(
              json::object{{"type", "chat.post"},
                           {"payload", json::object{{"network_id", network}, {"client_id", id}, {"body", id}}}});
          if (!client.send_text(frame, 2s)) return;
          auto ack = client.read_type("chat.ack", 2s);
          if (!ack) return;
          std::lock_guard lock(mutex);
          acked.insert(payload_of(*ack).at("seq").as_int64());
          acked_more.notify_all();
        }
      });
    }
    bool enough = false;
    {
      std::unique_lock lock(mutex);
      enough = acked_more.wait_for(lock, 60s, [&] { return acked.size() >= 300; });
    }
    server.signal(SIGKILL);
    stop = true;
    for (auto& sender : senders) sender.join();
    REQUIRE(enough);
    REQUIRE(server.wait(10s));
  }
  SQLite::Database db(database);
  CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
  std::set<std::int64_t> stored;
  SQLite::Statement seqs(
      db, "SELECT seq FROM chat_message WHERE network_id = " + std::to_string(network) + " ORDER BY seq");
  while (seqs.executeStep()) stored.insert(seqs.getColumn(0).getInt64());
  std::size_t lost = 0;
  for (auto seq : acked) lost += stored.count(seq) ? 0 : 1;
  CHECK(lost == 0);
  CHECK(static_cast<std::int64_t>(stored.size()) == *stored.rbegin());  // 1..n, no gaps, no duplicates

  // After a restart a member catches up with everything, in order.
  child_process again(serve);
  auto line = again.wait_for("listening on", 10s);
  REQUIRE(line);
  ws_client member;
  REQUIRE(member.connect(listening_port(*line),
                         login(listening_port(*line), emails[0], kreds::features::demo_password)) == 101);
  std::int64_t last = 0;
  bool more = true;
  while (more) {
    REQUIRE(member.send_text(R"({"type":"chat.sync","payload":{"since":{")" + std::to_string(network) + R"(":)" +
                             std::to_string(last) + "}}}"));
    auto synced = member.read_type("chat.synced", 10s);
    REQUIRE(synced);
    const auto synced_payload = payload_of(*synced);
    const auto& entry = synced_payload.at("networks").as_array()[0].as_object();
    for (const auto& m : entry.at("messages").as_array()) {
      CHECK(m.as_object().at("seq").as_int64() == last + 1);
      last = m.as_object().at("seq").as_int64();
    }
    more = entry.at("more").as_bool();
  }
  CHECK(last == static_cast<std::int64_t>(stored.size()));
  again.signal(SIGTERM);
  CHECK(again.wait(10s) == 0);
}

TEST_CASE("chat: authors edit and delete their own messages, leaving a tombstone - members report to the caseworker",
          "[integration][chat]") {
  network_fixture f;
  ws_client anne, bent, caseworker;
  REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
  REQUIRE(bent.connect(f.server.port(), f.bent_cookie) == 101);
  REQUIRE(caseworker.connect(f.server.port(), login(f.server.port(), "cw@a.dk", "caseworker-pw-1")) == 101);
  REQUIRE(anne.send_text(f.post("e1", "stavefjel")));
  REQUIRE(anne.read_type("chat.ack"));
  const auto network = std::to_string(f.network);
  REQUIRE(
      anne.send_text(R"({"type":"chat.edit","payload":{"network_id":)" + network + R"(,"seq":1,"body":"stavefejl"}})"));
  REQUIRE(anne.read_type("chat.updated"));
  auto edited = bent.read_type("chat.updated");
  REQUIRE(edited);
  CHECK(payload_of(*edited).at("body").as_string() == "stavefejl");
  CHECK(payload_of(*edited).contains("edited_at"));

  REQUIRE(bent.send_text(R"({"type":"chat.delete","payload":{"network_id":)" + network + R"(,"seq":1}})"));
  CHECK_THAT(*bent.read_type("error"), Catch::Contains("forbidden"));  // not Bent's message

  REQUIRE(bent.send_text(R"({"type":"chat.report","payload":{"network_id":)" + network +
                         R"(,"seq":1,"reason":"upassende sprog"}})"));
  REQUIRE(bent.read_type("chat.report_received"));
  auto reported = caseworker.read_type("chat.reported");
  REQUIRE(reported);
  REQUIRE(bent.send_text(R"({"type":"chat.report","payload":{"network_id":)" + network +
                         R"(,"seq":1,"reason":"upassende sprog"}})"));
  CHECK_THAT(*bent.read_type("error"), Catch::Contains("conflict"));

  REQUIRE(anne.send_text(R"({"type":"chat.delete","payload":{"network_id":)" + network + R"(,"seq":1}})"));
  auto deleted = bent.read_type("chat.updated");  // the members' event for the deletion
  REQUIRE(deleted);
  CHECK(payload_of(*deleted).at("deleted").as_bool());
  REQUIRE(bent.send_text(R"({"type":"chat.sync","payload":{"since":{")" + network + R"(":0}}})"));
  auto synced = bent.read_type("chat.synced");
  REQUIRE(synced);
  const auto synced_payload = payload_of(*synced);
  const auto& tombstone =
      synced_payload.at("networks").as_array()[0].as_object().at("messages").as_array()[0].as_object();
  CHECK(tombstone.at("deleted").as_bool());
  CHECK(tombstone.at("body").as_string().empty());
  CHECK(tombstone.at("seq").as_int64() == 1);
  SQLite::Database db(f.server.directory().file("kreds.sqlite3"));
  CHECK(db.execAndGet("SELECT count(*) FROM chat_message WHERE body LIKE '%stave%'").getInt() == 0);
}

TEST_CASE("presence: members see each other online, away and offline, and nobody outside their networks",
          "[integration][chat]") {
  network_fixture f;
  ws_client anne;
  REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
  REQUIRE(anne.read_type("welcome"));
  {
    ws_client bent, outsider;
    REQUIRE(bent.connect(f.server.port(), f.bent_cookie) == 101);
    REQUIRE(outsider.connect(f.server.port(), f.outsider_cookie) == 101);
    // Anne's own "online" comes first (after welcome), then Bent's.
    auto online = anne.read_type("presence");
    REQUIRE(online);
    if (payload_of(*online).at("display_name").as_string() == "Anne") online = anne.read_type("presence");
    REQUIRE(online);
    CHECK(payload_of(*online).at("display_name").as_string() == "Bent");
    CHECK(payload_of(*online).at("state").as_string() == "online");
    REQUIRE(anne.send_text(R"({"type":"presence.query"})"));
    auto list = anne.read_type("presence.list");
    REQUIRE(list);
    CHECK_THAT(*list, Catch::Contains("Bent") && !Catch::Contains("Out") && !Catch::Contains("Far"));
    REQUIRE(bent.send_text(R"({"type":"presence.set","payload":{"state":"away"}})"));
    auto away = anne.read_type("presence");
    REQUIRE(away);
    CHECK(payload_of(*away).at("state").as_string() == "away");
    REQUIRE(bent.send_text(R"({"type":"presence.set","payload":{"state":"asleep"}})"));
    CHECK_THAT(*bent.read_type("error"), Catch::Contains("state"));
    // The outsider learns nothing about the network's members.
    REQUIRE(outsider.send_text(R"({"type":"presence.query"})"));
    auto nothing = outsider.read_type("presence.list");
    REQUIRE(nothing);
    CHECK(payload_of(*nothing).at("members").as_array().empty());
  }
  auto offline = anne.read_type("presence");
  REQUIRE(offline);
  CHECK(payload_of(*offline).at("display_name").as_string() == "Bent");
  CHECK(payload_of(*offline).at("state").as_string() == "offline");
}
