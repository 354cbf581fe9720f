#include <catch2/catch.hpp>

#include "taxonomy/esco_import.hpp"
#include "taxonomy/taxonomy.hpp"
#include "taxonomy/taxonomy_file.hpp"
#include "test_support.hpp"

using namespace kreds::taxonomy;
using kreds::taxonomy::testing::fixture;
using kreds::taxonomy::testing::read_text;
using kreds::taxonomy::testing::scratch_dir;
using kreds::taxonomy::testing::shipped_file;

namespace {

constexpr std::string_view header =
    "# kreds-taxonomy 1\n"
    "# This service uses the ESCO classification of the European Commission.\n";

error parse_error(std::string_view body) {
  const auto parsed = parse_taxonomy(std::string(header) + std::string(body), "corrupt.tsv");
  REQUIRE_FALSE(parsed);
  CHECK(parsed.err().file == "corrupt.tsv");
  return parsed.err();
}

}  // namespace

TEST_CASE("file: import, write and load give back the same data", "[taxonomy]") {
  auto en = read_esco_pack(fixture("esco-en"), "en");
  auto da = read_esco_pack(fixture("esco-da"), "da");
  REQUIRE(en);
  REQUIRE(da);
  taxonomy_data data;
  data.source = "ESCO test";
  merge_language(data, *en, "en");
  merge_language(data, *da, "da");
  add_builtin_danish_labels(data);

  scratch_dir dir;
  const auto path = dir.path() / "round.tsv";
  REQUIRE(write_taxonomy_file(data, path));
  const auto loaded = read_taxonomy_file(path);
  REQUIRE(loaded);
  CHECK(*loaded == data);
  CHECK(serialise_taxonomy(*loaded) == read_text(path));
}

TEST_CASE("file: a corrupt file is rejected with its line and column", "[taxonomy]") {
  SECTION("wrong first line") {
    const auto parsed = parse_taxonomy("kind\tid\n", "x.tsv");
    REQUIRE_FALSE(parsed);
    CHECK(parsed.err().line == 1);
  }
  SECTION("no attribution") {
    const auto parsed = parse_taxonomy("# kreds-taxonomy 1\nisco_group\t1\t\ten\tManagers\n", "x.tsv");
    REQUIRE_FALSE(parsed);
    CHECK_THAT(parsed.err().message, Catch::Contains("attribution"));
  }
  SECTION("too few columns") {
    const auto e = parse_error("isco_group\t1\t\ten\n");
    CHECK(e.line == 3);
  }
  SECTION("unknown kind") {
    const auto e = parse_error("isco_group\t1\t\ten\tManagers\nplanet\tx\t\ten\tMars\n");
    CHECK(e.line == 4);
    CHECK(e.column == 1);
  }
  SECTION("ISCO code with a wrong parent") {
    const auto e = parse_error("isco_group\t1\t\ten\tManagers\nisco_group\t11\t2\ten\tChief executives\n");
    CHECK(e.line == 4);
    CHECK(e.column == 3);
  }
  SECTION("bad ISCO code") {
    const auto e = parse_error("isco_group\t1a\t\ten\tManagers\n");
    CHECK(e.column == 2);
  }
  SECTION("occupation with an unknown ISCO code") {
    const auto e = parse_error("isco_group\t1\t\ten\tManagers\noccupation\toccupation/x\t1111\ten\tlegislator\n");
    CHECK(e.line == 4);
    CHECK_THAT(e.message, Catch::Contains("1111"));
  }
  SECTION("the same concept with two refs") {
    const auto e = parse_error(
        "isco_group\t1\t\ten\tManagers\nlanguage_skill\tskill/x\tda\tda\tdansk\nlanguage_skill\tskill/"
        "x\tsv\ten\tDanish\n");
    CHECK(e.line == 5);
    CHECK(e.column == 3);
  }
  SECTION("two records in one language") {
    const auto e = parse_error("isco_group\t1\t\ten\tManagers\nisco_group\t1\t\ten\tBosses\n");
    CHECK(e.line == 4);
  }
  SECTION("empty label") {
    const auto e = parse_error("isco_group\t1\t\ten\t\n");
    CHECK(e.column == 5);
  }
  SECTION("invalid UTF-8") {
    const auto e = parse_error("isco_group\t1\t\ten\tMan\xC3\n");
    CHECK(e.line == 3);
  }
  SECTION("no records") {
    const auto e = parse_error("");
    CHECK_THAT(e.message, Catch::Contains("no records"));
  }
}

TEST_CASE("file: loading a missing file is an error, not an exception", "[taxonomy]") {
  const auto loaded = taxonomy::load_file("/nonexistent/kreds/esco.tsv");
  REQUIRE_FALSE(loaded);
  CHECK_THAT(loaded.err().to_string(), Catch::Contains("/nonexistent/kreds/esco.tsv"));
}

TEST_CASE("file: the shipped taxonomy loads with all 2,942 ESCO occupations", "[taxonomy]") {
  const auto loaded = taxonomy::load_file(shipped_file());
  if (!loaded) FAIL(loaded.err().to_string());
  CHECK(loaded->count(concept_kind::occupation) == 2942);
  CHECK(loaded->count(concept_kind::isco_group) == 619);
  CHECK(loaded->count(concept_kind::transversal_skill) >= 100);
  CHECK(loaded->count(concept_kind::language_skill) >= 300);
  CHECK(loaded->count(concept_kind::skill_group) >= 600);

  // Every major and sub-major group has a Danish label, every occupation a
  // 4-digit ISCO code that the file knows.
  std::size_t danish_groups = 0;
  for (const auto& c : loaded->data().concepts) {
    if (c.kind == concept_kind::isco_group && c.id.size() <= 2) {
      CHECK(c.labels_in("da") != nullptr);
      ++danish_groups;
    }
    if (c.kind == concept_kind::occupation) CHECK(loaded->is_known_isco_code(c.ref));
  }
  CHECK(danish_groups == 53);
  CHECK(loaded->is_known_language_code("da"));
  CHECK(loaded->is_known_language_code("en"));
  CHECK(loaded->is_known_language_code("ar"));
}

TEST_CASE("file: the shipped taxonomy and its attribution carry the ESCO notice", "[taxonomy]") {
  const std::string text = read_text(shipped_file());
  CHECK(text.substr(0, 300).find(esco_attribution) != std::string::npos);
  const std::string attribution = read_text(shipped_file().parent_path() / "ATTRIBUTION.md");
  CHECK(attribution.find(esco_attribution) != std::string::npos);
}
