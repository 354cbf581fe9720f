// The citizen's privacy controls against the real server: every table has a
// personal-data rule, the export holds the seeker's data and nobody else's,
// and after erasure nothing that identifies the seeker is left anywhere.
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <fstream>
#include <iterator>
#include <set>

#include "features/privacy/personal_data.hpp"
#include "support/clients.hpp"
#include "support/network_fixture.hpp"

using namespace kreds::testing;
namespace json = boost::json;

namespace {

// Every text cell of every table that contains `needle`, as "table.column".
std::vector<std::string> places_holding(const std::string& database, const std::string& needle) {
  SQLite::Database db(database, SQLite::OPEN_READONLY);
  std::vector<std::string> found;
  std::vector<std::string> tables;
  {
    SQLite::Statement list(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    while (list.executeStep()) tables.push_back(list.getColumn(0).getString());
  }
  for (const auto& table : tables) {
    std::vector<std::string> columns;
    {
      SQLite::Statement info(db, "SELECT name FROM pragma_table_info(?)");
      info.bind(1, table);
      while (info.executeStep()) columns.push_back(info.getColumn(0).getString());
    }
    for (const auto& column : columns) {
      SQLite::Statement hit(db, "SELECT count(*) FROM \"" + table + "\" WHERE typeof(\"" + column +
                                    "\") = 'text' AND instr(\"" + column + "\", ?) > 0");
      hit.bind(1, needle);
      hit.executeStep();
      if (hit.getColumn(0).getInt64() > 0) found.push_back(table + "." + column);
    }
  }
  return found;
}

struct privacy_fixture : network_fixture {
  std::string database = server.directory().file("kreds.sqlite3");

  privacy_fixture() {
    SQLite::Database db(database, SQLite::OPEN_READWRITE);
    for (auto id : {anne, bent}) {
      db.exec(
          "INSERT INTO profile (account_id, municipality_id, postcode, availability, meeting_preference, target_group, "
          "unemployed_since, education_level, introduction, updated_at) SELECT id, municipality_id, '8000', 7, 'both', "
          "'insured_unemployed', '2026-05-04', 3, 'Jeg hedder ' || display_name || 'kvist og elsker lager', "
          "'2026-01-01T00:00:00Z' FROM account WHERE id = " +
          std::to_string(id));
    }
  }
};

}  // namespace

TEST_CASE("privacy: every table of the schema has a personal-data rule", "[integration][privacy]") {
  test_server server;
  SQLite::Database db(server.directory().file("kreds.sqlite3"), SQLite::OPEN_READONLY);
  std::set<std::string> ruled;
  for (const auto& rule : kreds::features::personal_data_rules()) ruled.insert(rule.table);
  SQLite::Statement tables(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  int count = 0;
  while (tables.executeStep()) {
    const auto table = tables.getColumn(0).getString();
    INFO("add a rule for table " << table << " to server/features/privacy/personal_data.cpp");
    CHECK(ruled.contains(table));
    ++count;
  }
  CHECK(count == static_cast<int>(ruled.size()));  // and no rule for a table that does not exist
}

TEST_CASE("privacy: the export holds the seeker's data and nobody else's", "[integration][privacy]") {
  privacy_fixture f;
  ws_client anne, bent;
  REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
  REQUIRE(bent.connect(f.server.port(), f.bent_cookie) == 101);
  REQUIRE(anne.read_type("welcome"));
  REQUIRE(bent.read_type("welcome"));
  REQUIRE(anne.send_text(f.post("a1", "Annes hemmelige besked")));
  REQUIRE(anne.read_type("chat.ack"));
  REQUIRE(bent.send_text(f.post("b1", "Bents egen besked")));
  REQUIRE(bent.read_type("chat.ack"));

  const auto file = api_call(f.server.port(), f.anne_cookie, "GET", "/api/v1/me/export");
  REQUIRE(file.status == 200);
  CHECK(file.headers.at("content-disposition").find("attachment") != std::string::npos);
  const auto exported = json::parse(file.body).as_object();
  const auto& tables = exported.at("tables").as_object();
  CHECK(tables.at("account").as_array()[0].at("email").as_string() == "anne@a.dk");
  CHECK(tables.at("profile").as_array()[0].at("introduction").as_string() == "Jeg hedder Annekvist og elsker lager");
  REQUIRE(tables.at("chat_message").as_array().size() == 1);
  CHECK(tables.at("chat_message").as_array()[0].at("body").as_string() == "Annes hemmelige besked");
  CHECK(file.body.find("Bents egen besked") == std::string::npos);
  CHECK(file.body.find("bent@a.dk") == std::string::npos);
  CHECK(file.body.find("Bentkvist") == std::string::npos);
  for (const auto& rule : kreds::features::personal_data_rules()) {
    if (rule.export_sql) CHECK(tables.contains(rule.table));
  }

  const auto page = api_call(f.server.port(), f.anne_cookie, "GET", "/api/v1/me/export.html");
  REQUIRE(page.status == 200);
  CHECK(page.headers.at("content-type").starts_with("text/html"));
  CHECK(page.body.find("Annes hemmelige besked") != std::string::npos);
  CHECK(page.body.find("Bents egen besked") == std::string::npos);
  // Staff have no export of anybody.
  const auto caseworker = login(f.server.port(), "cw@a.dk", "caseworker-pw-1");
  CHECK(api_call(f.server.port(), caseworker, "GET", "/api/v1/me/export").status == 403);
}

TEST_CASE("privacy: after erasure nothing identifies the seeker, and the others keep a former member's messages",
          "[integration][privacy]") {
  privacy_fixture f;
  ws_client anne, bent;
  REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
  REQUIRE(anne.read_type("welcome"));
  REQUIRE(anne.send_text(f.post("a1", "Annes sidste besked")));
  REQUIRE(anne.read_type("chat.ack"));
  REQUIRE(anne.send_text(json::serialize(json::object{
      {"type", "help.ask"},
      {"payload", {{"network_id", f.network}, {"client_id", "h1"}, {"text", "Annes private spørgsmål"}}}})));
  REQUIRE(anne.read_type("help.asked"));
  const auto caseworker = login(f.server.port(), "cw@a.dk", "caseworker-pw-1");
  REQUIRE(api_call(f.server.port(), caseworker, "GET",
                   "/api/v1/seekers/" + std::to_string(f.anne) + "/profile?purpose=follow-up")
              .status == 200);

  // Erasure needs an explicit confirmation; without it nothing changes.
  CHECK(api_call(f.server.port(), f.anne_cookie, "POST", "/api/v1/me/erase", R"({"delete_messages":false})").status ==
        400);
  CHECK(api_call(f.server.port(), f.anne_cookie, "POST", "/api/v1/me/erase", R"({"confirm":"yes"})").status == 400);
  CHECK_FALSE(places_holding(f.database, "anne@a.dk").empty());
  const auto erased = api_call(f.server.port(), f.anne_cookie, "POST", "/api/v1/me/erase", R"({"confirm":"erase"})");
  REQUIRE(erased.status == 200);
  CHECK(anne.read_type("never", std::chrono::milliseconds(3000)) == std::nullopt);  // her socket was closed
  CHECK(anne.close_code() == 4001);
  CHECK(api_call(f.server.port(), f.anne_cookie, "GET", "/api/v1/me").status == 401);

  for (const auto& needle :
       {std::string("anne@a.dk"), std::string("Annekvist"), std::string("Annes private spørgsmål")}) {
    INFO(needle);
    CHECK(places_holding(f.database, needle).empty());
  }
  // Her password no longer opens anything (a new attempt is a new, logged event).
  CHECK(login(f.server.port(), "anne@a.dk", "anne-password").empty());
  // Her name is gone; her message stays for the others as a former member's.
  CHECK(places_holding(f.database, "Anne") == std::vector<std::string>{"chat_message.body"});
  SQLite::Database db(f.database, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT display_name FROM account WHERE id = " + std::to_string(f.anne)).getString() ==
        "Tidligere medlem");
  CHECK(db.execAndGet("SELECT count(*) FROM network_member WHERE left_at IS NULL AND account_id = " +
                      std::to_string(f.anne))
            .getInt() == 0);
  CHECK(db.execAndGet("SELECT count(*) FROM consent WHERE withdrawn_at IS NULL AND account_id = " +
                      std::to_string(f.anne))
            .getInt() == 0);
  // Kept by law: who looked at her data.
  CHECK(db.execAndGet("SELECT count(*) FROM audit_log WHERE subject_id = " + std::to_string(f.anne)).getInt() >= 1);
  // Bent's data is untouched.
  CHECK_FALSE(places_holding(f.database, "bent@a.dk").empty());
}

TEST_CASE("privacy: erasing with the messages leaves tombstones only", "[integration][privacy]") {
  privacy_fixture f;
  ws_client anne;
  REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
  REQUIRE(anne.read_type("welcome"));
  REQUIRE(anne.send_text(f.post("a1", "Noget jeg ikke vil efterlade")));
  REQUIRE(anne.read_type("chat.ack"));
  REQUIRE(api_call(f.server.port(), f.anne_cookie, "POST", "/api/v1/me/erase",
                   R"({"confirm":"erase","delete_messages":true})")
              .status == 200);
  CHECK(places_holding(f.database, "Noget jeg ikke vil efterlade").empty());
  SQLite::Database db(f.database, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM chat_message WHERE deleted_at IS NOT NULL").getInt() ==
        1);  // the tombstone keeps its seq
}

namespace {

// Whether the bytes of `text` occur anywhere in the file (0 bytes if absent).
bool file_holds(const std::string& path, const std::string& text) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return bytes.find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("privacy: after erasure the erased text is in neither the database file nor its WAL",
          "[integration][privacy]") {
  privacy_fixture f;
  ws_client anne;
  REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
  REQUIRE(anne.read_type("welcome"));
  const std::string secret = "Zebrafisk-hemmelighed-4711";
  REQUIRE(anne.send_text(f.post("a1", secret + " i chatten")));
  REQUIRE(anne.read_type("chat.ack"));
  // Before: both texts are on disk, in the WAL or the database (the profile's
  // introduction is "Jeg hedder Annekvist og elsker lager").
  CHECK((file_holds(f.database, secret) || file_holds(f.database + "-wal", secret)));
  CHECK((file_holds(f.database, "Annekvist") || file_holds(f.database + "-wal", "Annekvist")));
  REQUIRE(api_call(f.server.port(), f.anne_cookie, "POST", "/api/v1/me/erase",
                   R"({"confirm":"erase","delete_messages":true})")
              .status == 200);
  for (const auto& text : {secret, std::string("Annekvist")}) {
    INFO(text);
    CHECK_FALSE(file_holds(f.database, text));
    CHECK_FALSE(file_holds(f.database + "-wal", text));
  }
  CHECK(file_holds(f.database, "Bentkvist"));  // the search itself finds what is there
}
