#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "platform/json_input.hpp"

using namespace kreds;
using namespace kreds::platform;

TEST_CASE("json input: bodies must be JSON objects", "[json]") {
  CHECK(parse_json_object("{}"));
  CHECK(parse_json_object(""));
  CHECK(parse_json_object("[]").err().code() == kreds::errc::bad_request);
  CHECK(parse_json_object("{").err().code() == kreds::errc::invalid_json);
  CHECK(parse_json_object("\"\\xff\"").err().code() == kreds::errc::invalid_json);
}

TEST_CASE("json input: string lengths count characters, not bytes", "[json]") {
  auto body = parse_json_object(R"({"name":"Søren Æblø","n":5,"x":null})").value();
  CHECK(string_field(body, "name", 1, 10));
  CHECK_FALSE(string_field(body, "name", 1, 9));
  CHECK(string_field(body, "missing", 0, 5).err().field() == "missing");
  CHECK(string_field(body, "n", 0, 5).err().field() == "n");
  CHECK(optional_string_field(body, "x", 5)->has_value() == false);
  CHECK(utf8_length("æøå") == 3);
}

TEST_CASE("json input: integers are range-checked and unknown fields refused", "[json]") {
  auto body = parse_json_object(R"({"n":5,"f":1.5,"s":"5"})").value();
  CHECK(*integer_field(body, "n", 0, 8) == 5);
  CHECK_FALSE(integer_field(body, "n", 6, 8));
  CHECK_FALSE(integer_field(body, "f", 0, 8));
  CHECK_FALSE(integer_field(body, "s", 0, 8));
  CHECK(only_fields(body, {"n", "f", "s"}));
  CHECK(only_fields(body, {"n", "f"}).err().field() == "s");
}

TEST_CASE("json input: query parameters are percent-decoded", "[json]") {
  CHECK(query_parameter("q=udvikl%C3%A6r&kind=occupation", "q") == "udviklær");
  CHECK(query_parameter("q=a+b", "q") == "a b");
  CHECK(query_parameter("kind=x", "q") == std::nullopt);
  CHECK(query_parameter("q", "q") == "");
  CHECK(query_parameter("q=%zz", "q") == "%zz");
}

TEST_CASE("json input: a whole number is decimal digits within its range, nothing else", "[json]") {
  using kreds::platform::whole_number;
  CHECK(whole_number("42", 1, 50) == 42);
  CHECK(whole_number("0", 0, 0) == 0);
  CHECK(whole_number("-3", -5, 5) == -3);
  for (const auto* bad : {"", "abc", "4x", " 4", "1.5", "+4", "51", "0", "99999999999999999999"}) {
    INFO(bad);
    CHECK_FALSE(whole_number(bad, 1, 50));
  }
}
