// json_text: what the server writes is always valid JSON.
#include <boost/json.hpp>

#include <catch2/catch.hpp>
#include <limits>

#include "platform/json_output.hpp"

namespace json = boost::json;
using kreds::platform::json_text;

TEST_CASE("json_text writes a non-finite number as null, at any depth, and leaves the value alone", "[unit][json]") {
  const double inf = std::numeric_limits<double>::infinity();
  const json::value value = json::object{
      {"rate", inf}, {"nested", json::array{1.5, -inf, json::object{{"x", std::nan("")}}}}, {"name", "Anne"}};
  const auto text = json_text(value);
  CHECK(text == R"({"rate":null,"nested":[1.5E0,null,{"x":null}],"name":"Anne"})");
  boost::system::error_code ec;
  json::parse(text, ec);
  CHECK_FALSE(ec);
  CHECK(value.at("rate").as_double() == inf);  // the caller's value is not changed
}

TEST_CASE("json_text writes finite values exactly as Boost.JSON does", "[unit][json]") {
  const json::value value = json::object{{"a", 0.25}, {"b", json::array{1, -2, true, nullptr}}, {"c", "æøå"}};
  CHECK(json_text(value) == json::serialize(value));
}
