#include <catch2/catch.hpp>

#include "platform/message_router.hpp"

using kreds::errc;
using kreds::platform::parse_envelope;

TEST_CASE("protocol: a well-formed envelope parses", "[protocol]") {
  auto message = parse_envelope(R"({"type":"ping","id":"c-1","payload":{"n":1}})");
  REQUIRE(message);
  CHECK(message->type == "ping");
  CHECK(message->id == "c-1");
  CHECK(message->payload.as_object().at("n").as_int64() == 1);
}

TEST_CASE("protocol: id and payload are optional", "[protocol]") {
  auto message = parse_envelope(R"({"type":"ping"})");
  REQUIRE(message);
  CHECK(message->id.empty());
  CHECK(message->payload.is_object());
}

TEST_CASE("protocol: malformed envelopes get an error naming the problem", "[protocol]") {
  auto code = [](std::string_view text) {
    auto message = parse_envelope(text);
    REQUIRE_FALSE(message);
    return message.err().code();
  };
  CHECK(code("not json") == errc::invalid_json);
  CHECK(code(R"({"type":"ping")") == errc::invalid_json);
  CHECK(code("[1,2]") == errc::bad_request);
  CHECK(code(R"({"id":"x"})") == errc::invalid_field);
  CHECK(code(R"({"type":7})") == errc::invalid_field);
  CHECK(code(R"({"type":"Ping!"})") == errc::invalid_field);
  CHECK(code(R"({"type":""})") == errc::invalid_field);
  CHECK(code(R"({"type":"ping","id":5})") == errc::invalid_field);
  CHECK(code(R"({"type":"ping","payload":[1]})") == errc::invalid_field);
  CHECK(code(R"({"type":"ping","extra":true})") == errc::invalid_field);
  CHECK(code(R"({"type":"ping","id":")" + std::string(65, 'x') + R"("})") == errc::invalid_field);
}

TEST_CASE("protocol: errors serialise into the documented shape", "[protocol]") {
  auto text = kreds::platform::serialize_error("c-9", {errc::invalid_field, "bad", "type"});
  CHECK(text == R"({"type":"error","id":"c-9","payload":{"code":"invalid_field","message":"bad","field":"type"}})");
}

TEST_CASE("protocol: a number too large for a double is refused as invalid_json, not stored as infinity",
          "[protocol]") {
  auto message = parse_envelope(R"({"type":"ping","payload":{"n":1e999}})");
  REQUIRE_FALSE(message);
  CHECK(message.err().code() == errc::invalid_json);
  auto negative = parse_envelope(R"({"type":"ping","payload":{"n":-1e999}})");
  REQUIRE_FALSE(negative);
  CHECK(negative.err().code() == errc::invalid_json);
  CHECK(parse_envelope(R"({"type":"ping","payload":{"n":1e300}})"));
}

TEST_CASE("protocol: a storage error's own words never reach the client", "[protocol]") {
  const kreds::error storage{errc::storage_failure, "no such table: secret_schema_name"};
  const auto text = kreds::platform::serialize_error("c-3", storage);
  CHECK(text.find("secret_schema_name") == std::string::npos);
  CHECK(text.find(R"("code":"storage_failure")") != std::string::npos);
  CHECK_FALSE(kreds::client_message(storage).empty());

  const auto conflict =
      kreds::error{errc::conflict, "UNIQUE constraint failed: account.email_hash"}.with_private_message();
  CHECK(kreds::platform::serialize_error("c-4", conflict).find("email_hash") == std::string::npos);
  CHECK(kreds::client_message(kreds::error{errc::invalid_field, "postcode must be 4 digits"}) ==
        "postcode must be 4 digits");
}
