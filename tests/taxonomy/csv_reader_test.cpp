#include <catch2/catch.hpp>

#include "taxonomy/csv_reader.hpp"

using namespace kreds::taxonomy;

TEST_CASE("csv: quoted fields keep commas, doubled quotes and newlines", "[taxonomy]") {
  const auto table = parse_csv("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\nnext line\"\n2,,last\n", "t.csv");
  REQUIRE(table);
  REQUIRE(table->header == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(table->rows.size() == 2);
  CHECK(table->rows[0].fields[1] == "x, y");
  CHECK(table->rows[0].fields[2] == "say \"hi\"\nnext line");
  CHECK(table->rows[1].line == 4);
  CHECK(table->rows[1].fields[1].empty());
}

TEST_CASE("csv: a UTF-8 byte order mark and CRLF line ends are accepted", "[taxonomy]") {
  const auto table = parse_csv(
      "\xEF\xBB\xBF"
      "conceptUri,label\r\nu1,smørrebrød\r\n",
      "t.csv");
  REQUIRE(table);
  CHECK(table->column("conceptUri") == 0u);
  REQUIRE(table->rows.size() == 1);
  CHECK(table->rows[0].fields[1] == "smørrebrød");
}

TEST_CASE("csv: a last row without a newline and a trailing empty field are read", "[taxonomy]") {
  const auto table = parse_csv("a,b\n1,", "t.csv");
  REQUIRE(table);
  REQUIRE(table->rows.size() == 1);
  CHECK(table->rows[0].fields == std::vector<std::string>{"1", ""});
}

TEST_CASE("csv: an unterminated quote is an error naming the line and column where it opened", "[taxonomy]") {
  const auto table = parse_csv("a,b\n1,2\n3,\"never closed\n4,5\n", "bad.csv");
  REQUIRE_FALSE(table);
  CHECK(table.err().file == "bad.csv");
  CHECK(table.err().line == 3);
  CHECK(table.err().column == 2);
  CHECK(table.err().column_name == "b");
  CHECK_THAT(table.err().to_string(), Catch::Contains("bad.csv:3") && Catch::Contains("unterminated"));
}

TEST_CASE("csv: text after a closing quote is an error", "[taxonomy]") {
  const auto table = parse_csv("a,b\n\"x\"y,2\n", "bad.csv");
  REQUIRE_FALSE(table);
  CHECK(table.err().line == 2);
  CHECK(table.err().column == 1);
}

TEST_CASE("csv: a row with the wrong number of fields is an error", "[taxonomy]") {
  const auto table = parse_csv("a,b\n1,2\n1,2,3\n", "bad.csv");
  REQUIRE_FALSE(table);
  CHECK(table.err().line == 3);
  CHECK_THAT(table.err().message, Catch::Contains("3 fields"));
}

TEST_CASE("csv: invalid UTF-8 and empty input are errors, never crashes", "[taxonomy]") {
  CHECK_FALSE(parse_csv("a,b\n1,\xC3\x28\n", "bad.csv"));
  CHECK_FALSE(parse_csv("a,b\n1,\xED\xA0\x80\n", "bad.csv"));  // a UTF-16 surrogate
  CHECK_FALSE(parse_csv("", "empty.csv"));
  CHECK_FALSE(parse_csv("\xEF\xBB\xBF", "empty.csv"));
  // Arbitrary bytes: any outcome but a crash.
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise.push_back(static_cast<char>((i * 7919) % 251));
  (void)parse_csv(noise, "noise.csv");
  (void)parse_csv("\"", "quote.csv");
  (void)parse_csv(",,,\n\"\"\"\n", "quotes.csv");
}
