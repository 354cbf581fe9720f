#include <catch2/catch.hpp>

#include <algorithm>

#include "taxonomy/esco_import.hpp"
#include "taxonomy/taxonomy_file.hpp"
#include "test_support.hpp"

using namespace kreds::taxonomy;
using kreds::taxonomy::testing::fixture;
using kreds::taxonomy::testing::read_text;
using kreds::taxonomy::testing::scratch_dir;
using kreds::taxonomy::testing::write_text;

namespace {

const concept_entry* find_in(const taxonomy_data& data, concept_kind kind, std::string_view id) {
  for (const auto& c : data.concepts) {
    if (c.kind == kind && c.id == id) return &c;
  }
  return nullptr;
}

bool has(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Imports `pack` after replacing one of its files and expects the error to
// name that file, and nothing to be written.
error import_broken(std::string_view file_name, std::string_view contents, const std::string& language = "en") {
  scratch_dir dir;
  const auto pack = dir.copy_of("esco-" + language);
  write_text(pack / file_name, contents);
  import_options options;
  options.output = dir.path() / "out" / "taxonomy.tsv";
  const auto result = import_esco(pack, language, options);
  REQUIRE_FALSE(result);
  CHECK_FALSE(std::filesystem::exists(options.output));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "out" / "taxonomy.tsv.tmp"));
  CHECK_THAT(result.err().file, Catch::Contains(std::string(file_name)));
  return result.err();
}

constexpr std::string_view occupations_header =
    "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,"
    "regulatedProfessionNote,scopeNote,definition,inScheme,description\n";

}  // namespace

TEST_CASE("import: the English fixture pack gives every kind of concept", "[taxonomy]") {
  const auto data = read_esco_pack(fixture("esco-en"), "en");
  REQUIRE(data);
  const auto count = [&](concept_kind kind) {
    return std::count_if(data->concepts.begin(), data->concepts.end(), [&](const auto& c) { return c.kind == kind; });
  };
  CHECK(count(concept_kind::isco_group) == 16);
  CHECK(count(concept_kind::occupation) == 10);
  CHECK(count(concept_kind::skill_group) == 5);
  CHECK(count(concept_kind::transversal_skill) == 3);
  CHECK(count(concept_kind::language_skill) == 6);

  const auto* nurse = find_in(*data, concept_kind::occupation, "occupation/00000000-0000-4000-8000-000000000001");
  REQUIRE(nurse != nullptr);
  CHECK(nurse->ref == "2221");
  REQUIRE(nurse->labels_in("en") != nullptr);
  CHECK(nurse->labels_in("en")->preferred == "nurse responsible for general care");
  // Newline-separated alternative labels inside one quoted CSV field.
  CHECK(nurse->labels_in("en")->alternatives == std::vector<std::string>{"general nurse", "registered nurse"});

  const auto* forestry = find_in(*data, concept_kind::occupation, "occupation/00000000-0000-4000-8000-000000000005");
  REQUIRE(forestry != nullptr);
  CHECK(has(forestry->labels_in("en")->alternatives, "forest worker, general"));

  const auto* sandwich = find_in(*data, concept_kind::occupation, "occupation/00000000-0000-4000-8000-000000000010");
  REQUIRE(sandwich != nullptr);
  CHECK(has(sandwich->labels_in("en")->alternatives, "\"smørrebrød\" maker"));
}

TEST_CASE("import: the ISCO hierarchy links each group to its parent", "[taxonomy]") {
  const auto data = read_esco_pack(fixture("esco-en"), "en");
  REQUIRE(data);
  CHECK(find_in(*data, concept_kind::isco_group, "2")->ref.empty());
  CHECK(find_in(*data, concept_kind::isco_group, "22")->ref == "2");
  CHECK(find_in(*data, concept_kind::isco_group, "2221")->ref == "222");
  CHECK(find_in(*data, concept_kind::isco_group, "2221")->labels_in("en")->preferred == "Nursing professionals");
}

TEST_CASE("import: skills get parents, pipe-separated alternatives and ISO 639-1 codes", "[taxonomy]") {
  const auto data = read_esco_pack(fixture("esco-en"), "en");
  REQUIRE(data);
  CHECK(find_in(*data, concept_kind::skill_group, "skill/S1.0")->ref == "skill/S1");
  CHECK(find_in(*data, concept_kind::skill_group, "skill/S")->ref.empty());
  const auto* teams = find_in(*data, concept_kind::transversal_skill, "skill/bbbbbbbb-0000-4000-8000-000000000001");
  REQUIRE(teams != nullptr);
  CHECK(teams->labels_in("en")->alternatives == std::vector<std::string>{"team work", "teamwork"});
  CHECK(find_in(*data, concept_kind::language_skill, "skill/cccccccc-0000-4000-8000-000000000001")->ref == "da");
  CHECK(find_in(*data, concept_kind::language_skill, "skill/cccccccc-0000-4000-8000-000000000002")->ref == "da");
  CHECK(find_in(*data, concept_kind::language_skill, "skill/cccccccc-0000-4000-8000-000000000004")->ref == "en");
  // Berber has no two-letter code.
  CHECK(find_in(*data, concept_kind::language_skill, "skill/cccccccc-0000-4000-8000-000000000006")->ref.empty());
}

TEST_CASE("import: the Danish pack is read unchanged and maps languages the same way", "[taxonomy]") {
  const auto data = read_esco_pack(fixture("esco-da"), "da");
  REQUIRE(data);
  const auto* nurse = find_in(*data, concept_kind::occupation, "occupation/00000000-0000-4000-8000-000000000001");
  REQUIRE(nurse != nullptr);
  CHECK(nurse->labels_in("da")->preferred == "sygeplejerske");
  CHECK(nurse->labels_in("en") == nullptr);
  CHECK(find_in(*data, concept_kind::language_skill, "skill/cccccccc-0000-4000-8000-000000000002")->ref == "da");
}

TEST_CASE("import: English then Danish gives one file with both languages", "[taxonomy]") {
  scratch_dir dir;
  import_options options;
  options.output = dir.path() / "taxonomy.tsv";
  const auto en = import_esco(fixture("esco-en"), "en", options);
  REQUIRE(en);
  CHECK(en->occupations == 10);
  const auto da = import_esco(fixture("esco-da"), "da", options);
  REQUIRE(da);
  CHECK(da->occupations == 10);

  const auto data = read_taxonomy_file(options.output);
  REQUIRE(data);
  const auto* baker = find_in(*data, concept_kind::occupation, "occupation/00000000-0000-4000-8000-000000000006");
  REQUIRE(baker != nullptr);
  CHECK(baker->labels_in("en")->preferred == "baker");
  CHECK(baker->labels_in("da")->preferred == "bager");

  // The pack's own wording wins; Kreds's DISCO-08 label stays searchable.
  const auto* professionals = find_in(*data, concept_kind::isco_group, "2");
  CHECK(professionals->labels_in("da")->preferred == "Arbejde der kræver viden på højeste niveau");
  CHECK(has(professionals->labels_in("da")->alternatives,
            "Arbejde der forudsætter viden på højeste niveau inden for pågældende område"));
}

TEST_CASE("import: without a Danish pack the major and sub-major groups still have Danish labels", "[taxonomy]") {
  scratch_dir dir;
  import_options options;
  options.output = dir.path() / "taxonomy.tsv";
  REQUIRE(import_esco(fixture("esco-en"), "en", options));
  const auto data = read_taxonomy_file(options.output);
  REQUIRE(data);
  CHECK(find_in(*data, concept_kind::isco_group, "7")->labels_in("da")->preferred == "Håndværkspræget arbejde");
  CHECK(find_in(*data, concept_kind::isco_group, "53")->labels_in("da")->preferred == "Omsorgs- og plejearbejde");
  CHECK(find_in(*data, concept_kind::isco_group, "532")->labels_in("da") == nullptr);
}

TEST_CASE("import: the same input always writes the same bytes", "[taxonomy]") {
  scratch_dir dir;
  import_options options;
  options.output = dir.path() / "a.tsv";
  REQUIRE(import_esco(fixture("esco-en"), "en", options));
  REQUIRE(import_esco(fixture("esco-da"), "da", options));
  const std::string first = read_text(options.output);
  // Re-importing into the merged file changes nothing.
  REQUIRE(import_esco(fixture("esco-en"), "en", options));
  REQUIRE(import_esco(fixture("esco-da"), "da", options));
  CHECK(read_text(options.output) == first);
  // Nor does a fresh import in the other order.
  import_options other = options;
  other.output = dir.path() / "b.tsv";
  REQUIRE(import_esco(fixture("esco-da"), "da", other));
  REQUIRE(import_esco(fixture("esco-en"), "en", other));
  CHECK(read_text(other.output) == first);
}

TEST_CASE("import: an unterminated quote names the file, line and column", "[taxonomy]") {
  const auto e = import_broken("occupations_en.csv",
                               std::string(occupations_header) +
                                   "Occupation,http://data.europa.eu/esco/occupation/x1,2221,nurse,\"general nurse\n"
                                   "registered nurse,,released,,,,,,\n");
  CHECK(e.line == 2);
  CHECK(e.column == 5);
  CHECK(e.column_name == "altLabels");
  CHECK_THAT(e.message, Catch::Contains("unterminated"));
}

TEST_CASE("import: a missing required column is an error", "[taxonomy]") {
  const auto e = import_broken("occupations_en.csv",
                               "conceptType,conceptUri,preferredLabel,altLabels\n"
                               "Occupation,http://data.europa.eu/esco/occupation/x1,nurse,\n");
  CHECK(e.line == 1);
  CHECK_THAT(e.message, Catch::Contains("iscoGroup"));
}

TEST_CASE("import: a bad ISCO code in ISCOGroups is an error", "[taxonomy]") {
  const auto e = import_broken("ISCOGroups_en.csv",
                               "conceptType,conceptUri,code,preferredLabel,altLabels,inScheme,description\n"
                               "ISCOGroup,http://data.europa.eu/esco/isco/C2,2,Professionals,,,\n"
                               "ISCOGroup,http://data.europa.eu/esco/isco/C2x,2x,Broken,,,\n");
  CHECK(e.line == 3);
  CHECK(e.column == 3);
  CHECK(e.column_name == "code");
}

TEST_CASE("import: an ISCO group without its parent group is an error", "[taxonomy]") {
  const auto e = import_broken("ISCOGroups_en.csv",
                               "conceptType,conceptUri,code,preferredLabel,altLabels,inScheme,description\n"
                               "ISCOGroup,http://data.europa.eu/esco/isco/C2,2,Professionals,,,\n"
                               "ISCOGroup,http://data.europa.eu/esco/isco/C222,222,Nursing,,,\n");
  CHECK(e.line == 3);
  CHECK_THAT(e.message, Catch::Contains("parent"));
}

TEST_CASE("import: an occupation with a malformed or unknown ISCO code is an error", "[taxonomy]") {
  SECTION("not four digits") {
    const auto e = import_broken(
        "occupations_en.csv",
        std::string(occupations_header) + "Occupation,http://data.europa.eu/esco/occupation/x1,222,nurse,,,,,,,,,\n");
    CHECK(e.line == 2);
    CHECK(e.column_name == "iscoGroup");
  }
  SECTION("not in ISCOGroups") {
    const auto e = import_broken(
        "occupations_en.csv",
        std::string(occupations_header) + "Occupation,http://data.europa.eu/esco/occupation/x1,9999,nurse,,,,,,,,,\n");
    CHECK(e.column_name == "iscoGroup");
    CHECK_THAT(e.message, Catch::Contains("9999"));
  }
}

TEST_CASE("import: a concept URI outside ESCO, an empty label or a duplicate is an error", "[taxonomy]") {
  SECTION("URI") {
    const auto e = import_broken("occupations_en.csv", std::string(occupations_header) +
                                                           "Occupation,https://example.com/x,2221,nurse,,,,,,,,,\n");
    CHECK(e.column_name == "conceptUri");
  }
  SECTION("empty preferred label") {
    const auto e = import_broken("occupations_en.csv",
                                 std::string(occupations_header) +
                                     "Occupation,http://data.europa.eu/esco/occupation/x1,2221,\"  \n\",,,,,,,,,\n");
    CHECK(e.column_name == "preferredLabel");
  }
  SECTION("duplicate") {
    const auto e = import_broken("occupations_en.csv",
                                 std::string(occupations_header) +
                                     "Occupation,http://data.europa.eu/esco/occupation/x1,2221,nurse,,,,,,,,,\n"
                                     "Occupation,http://data.europa.eu/esco/occupation/x1,2221,nurse,,,,,,,,,\n");
    CHECK(e.line == 3);
    CHECK_THAT(e.message, Catch::Contains("duplicate"));
  }
}

TEST_CASE("import: a broken Danish pack leaves the existing file untouched", "[taxonomy]") {
  scratch_dir dir;
  const auto pack = dir.copy_of("esco-da");
  write_text(pack / "transversalSkillsCollection_da.csv", "conceptType,conceptUri\nx,\"y\n");
  import_options options;
  options.output = dir.path() / "taxonomy.tsv";
  REQUIRE(import_esco(fixture("esco-en"), "en", options));
  const std::string before = read_text(options.output);
  const auto result = import_esco(pack, "da", options);
  REQUIRE_FALSE(result);
  CHECK_THAT(result.err().to_string(), Catch::Contains("transversalSkillsCollection_da.csv:2"));
  CHECK(read_text(options.output) == before);
}

TEST_CASE("import: a missing file or directory and a bad language code are errors", "[taxonomy]") {
  scratch_dir dir;
  import_options options;
  options.output = dir.path() / "taxonomy.tsv";
  CHECK_FALSE(import_esco(dir.path() / "nowhere", "en", options));
  CHECK_FALSE(import_esco(fixture("esco-en"), "../en", options));
  CHECK_FALSE(import_esco(fixture("esco-en"), "", options));
  const auto missing = import_esco(fixture("esco-en"), "sv", options);
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.err().file, Catch::Contains("_sv.csv"));
  CHECK_FALSE(std::filesystem::exists(options.output));
}
