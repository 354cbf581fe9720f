#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "support/clients.hpp"
#include "support/network_fixture.hpp"

using namespace kreds::testing;
namespace json = boost::json;

namespace {

std::string frame(const std::string& type, json::object payload) {
  return json::serialize(json::object{{"type", type}, {"payload", std::move(payload)}});
}

}  // namespace

TEST_CASE("leads: a shared lead reaches the network, marks are visible, and sharing earns credit",
          "[integration][leads]") {
  network_fixture f;
  ws_client anne, bent;
  REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
  REQUIRE(bent.connect(f.server.port(), f.bent_cookie) == 101);
  // "welcome" comes once the socket is subscribed to its networks.
  REQUIRE(anne.read_type("welcome"));
  REQUIRE(bent.read_type("welcome"));
  REQUIRE(anne.send_text(frame("lead.share", {{"network_id", f.network},
                                              {"client_id", "l1"},
                                              {"title", "Lagermedarbejder"},
                                              {"employer", "Salling Group"},
                                              {"link", "https://job.example.dk/123"},
                                              {"deadline", "2026-12-15"},
                                              {"note", "Ring til Mette <b>først</b>"}})));
  auto shared = anne.read_type("lead.shared");
  REQUIRE(shared);
  const auto lead_id = payload_of(*shared).at("id").as_int64();
  auto added = bent.read_type("lead.added");
  REQUIRE(added);
  CHECK(payload_of(*added).at("shared_by").as_object().at("display_name").as_string() == "Anne");
  CHECK(payload_of(*added).at("note").as_string() == "Ring til Mette <b>først</b>");

  // A retry of the same share adds nothing.
  REQUIRE(anne.send_text(
      frame("lead.share", {{"network_id", f.network}, {"client_id", "l1"}, {"title", "Lagermedarbejder"}})));
  CHECK(payload_of(*anne.read_type("lead.shared")).at("id").as_int64() == lead_id);

  REQUIRE(bent.send_text(frame("lead.mark", {{"network_id", f.network}, {"lead_id", lead_id}, {"status", "applied"}})));
  auto marked = bent.read_type("lead.marked");
  REQUIRE(marked);
  auto updated = anne.read_type("lead.updated");
  REQUIRE(updated);
  const auto marks = payload_of(*updated).at("marks").as_array();
  REQUIRE(marks.size() == 1);
  CHECK(marks[0].as_object().at("status").as_string() == "applied");

  REQUIRE(bent.send_text(frame("lead.list", {{"network_id", f.network}})));
  auto board = bent.read_type("lead.board");
  REQUIRE(board);
  const auto board_payload = payload_of(*board);
  CHECK(board_payload.at("leads").as_array().size() == 1);
  const auto& credit = board_payload.at("credit").as_array()[0].as_object();
  CHECK(credit.at("display_name").as_string() == "Anne");
  CHECK(credit.at("shared").as_int64() == 1);
  CHECK(credit.at("used_by_others").as_int64() == 1);

  REQUIRE(bent.send_text(frame("lead.mark", {{"network_id", f.network}, {"lead_id", lead_id}, {"status", "none"}})));
  CHECK(payload_of(*bent.read_type("lead.marked")).at("marks").as_array().empty());
}

TEST_CASE("leads: bad input is refused by field, and outsiders can neither share, mark nor read",
          "[integration][leads]") {
  network_fixture f;
  ws_client anne;
  REQUIRE(anne.connect(f.server.port(), f.anne_cookie) == 101);
  REQUIRE(anne.read_type("welcome"));
  auto expect = [&](ws_client& client, const std::string& text, const std::string& field) {
    REQUIRE(client.send_text(text));
    auto error = client.read_type("error");
    REQUIRE(error);
    INFO(text << " -> " << *error);
    CHECK(payload_of(*error).at("field").as_string() == field);
  };
  expect(anne, frame("lead.share", {{"network_id", f.network}, {"client_id", "x"}, {"title", ""}}), "title");
  expect(anne,
         frame("lead.share",
               {{"network_id", f.network}, {"client_id", "x"}, {"title", "Job"}, {"link", "javascript:alert(1)"}}),
         "link");
  expect(anne,
         frame("lead.share",
               {{"network_id", f.network}, {"client_id", "x"}, {"title", "Job"}, {"deadline", "2026-02-30"}}),
         "deadline");
  expect(anne, frame("lead.share", {{"network_id", f.network}, {"client_id", "x"}, {"title", std::string(201, 't')}}),
         "title");
  expect(anne, frame("lead.mark", {{"network_id", f.network}, {"lead_id", 1}, {"status", "hired"}}), "status");
  expect(anne, frame("lead.mark", {{"network_id", f.network}, {"lead_id", 999}, {"status", "applied"}}), "lead_id");
  for (const auto& cookie : {f.outsider_cookie, f.foreign_cookie}) {
    ws_client stranger;
    REQUIRE(stranger.connect(f.server.port(), cookie) == 101);
    expect(stranger, frame("lead.share", {{"network_id", f.network}, {"client_id", "s"}, {"title", "Job"}}),
           "network_id");
    expect(stranger, frame("lead.list", {{"network_id", f.network}}), "network_id");
  }
  SQLite::Database db(f.server.directory().file("kreds.sqlite3"));
  CHECK(db.execAndGet("SELECT count(*) FROM job_lead").getInt() == 0);
}
