#include <catch2/catch.hpp>

#include <thread>

#include "taxonomy/esco_import.hpp"
#include "taxonomy/taxonomy.hpp"
#include "taxonomy/text_normalize.hpp"
#include "test_support.hpp"

using namespace kreds::taxonomy;
using kreds::taxonomy::testing::fixture;
using kreds::taxonomy::testing::shipped_file;

namespace {

// The fixture taxonomy in English only, or English and Danish.
const taxonomy& fixture_taxonomy(bool with_danish) {
  static const auto build = [](bool danish) {
    taxonomy_data data;
    merge_language(data, read_esco_pack(fixture("esco-en"), "en").value(), "en");
    if (danish) merge_language(data, read_esco_pack(fixture("esco-da"), "da").value(), "da");
    add_builtin_danish_labels(data);
    return taxonomy::from_data(std::move(data)).value();
  };
  static const taxonomy english = build(false);
  static const taxonomy both = build(true);
  return with_danish ? both : english;
}

std::vector<std::string> labels(const std::vector<search_hit>& hits) {
  std::vector<std::string> out;
  for (const auto& hit : hits) out.push_back(hit.label);
  return out;
}

search_options in(std::string language, kind_mask kinds = occupations_mask | skills_mask) {
  search_options options;
  options.language = std::move(language);
  options.kinds = kinds;
  return options;
}

}  // namespace

TEST_CASE("search: exact matches rank before label prefixes, word prefixes and substrings", "[taxonomy]") {
  const auto hits = fixture_taxonomy(false).search("baker", in("en", occupations_mask));
  REQUIRE(hits.size() >= 4);
  CHECK(labels(hits) == std::vector<std::string>{"baker", "bakery operative", "industrial baker", "cakebaker"});
  CHECK(hits[0].quality == match_quality::exact);
  CHECK(hits[1].quality == match_quality::label_prefix);
  CHECK(hits[2].quality == match_quality::word_prefix);
  CHECK(hits[3].quality == match_quality::substring);
}

TEST_CASE("search: ties go to the preferred label, then the shorter label, then the id", "[taxonomy]") {
  const auto hits = fixture_taxonomy(false).search("nurse", in("en", occupations_mask));
  // "nurse" exact; "nurse responsible..." prefix (preferred label) before
  // "nursing assistant"-style alternatives; "specialist nurse" word prefix.
  REQUIRE(hits.size() >= 3);
  CHECK(hits[0].label == "nurse");
  CHECK(hits[1].label == "nurse responsible for general care");
  CHECK_FALSE(hits[1].matched_alternative);
  CHECK(hits[2].label == "specialist nurse");
  CHECK(hits[2].matched_label == "nurse specialist");  // the better-ranked alternative label
  CHECK(hits[2].quality == match_quality::label_prefix);
  // The same query twice gives the same order.
  CHECK(labels(fixture_taxonomy(false).search("nurse", in("en"))) ==
        labels(fixture_taxonomy(false).search("nurse", in("en"))));
}

TEST_CASE("search: alternative labels are found and reported", "[taxonomy]") {
  const auto hits = fixture_taxonomy(false).search("woodcut", in("en"));
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].label == "forestry worker");
  CHECK(hits[0].matched_label == "woodcutter");
  CHECK(hits[0].matched_alternative);
  CHECK(hits[0].ref == "9215");
}

TEST_CASE("search: case, punctuation and diacritics do not matter", "[taxonomy]") {
  const auto& t = fixture_taxonomy(false);
  CHECK(t.search("BAKER", in("en"))[0].label == "baker");
  CHECK(t.search("  Team-Work ", in("en"))[0].label == "work in teams");
  CHECK(t.search("bäker", in("en"))[0].label == "baker");
}

TEST_CASE("search: Danish letters match in either case and as ae, oe, aa", "[taxonomy]") {
  const auto& t = fixture_taxonomy(true);
  for (const char* query : {"smørrebrød", "SMØRREBRØD", "smoerrebroed", "Smørrebrøds"}) {
    const auto hits = t.search(query, in("da"));
    REQUIRE_FALSE(hits.empty());
    CHECK(hits[0].label == "smørrebrødsjomfru");
  }
  CHECK(fold_for_search("Århus Æble Øl") == "aarhus aeble oel");
  CHECK(t.search("håndtere", in("da"))[0].label == "håndtere frustration");
  CHECK(t.search("haandtere", in("da"))[0].label == "håndtere frustration");
}

TEST_CASE("search: Danish falls back to English where a concept has no Danish label", "[taxonomy]") {
  const auto& english_only = fixture_taxonomy(false);
  const auto hits = english_only.search("baker", in("da", occupations_mask));
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].label == "baker");
  CHECK(hits[0].label_language == "en");
  // With the Danish pack, Danish labels are searched and shown.
  const auto danish = fixture_taxonomy(true).search("bager", in("da", occupations_mask));
  REQUIRE(danish.size() >= 3);
  CHECK(danish[0].label == "bager");
  CHECK(danish[0].label_language == "da");
  CHECK(danish[1].label == "bageriarbejder");
  // Danish compounds: "bager" inside "industribager" and "kagebager".
  CHECK(danish[2].quality == match_quality::substring);
}

TEST_CASE("search: the kind filter and the limit are respected", "[taxonomy]") {
  const auto& t = fixture_taxonomy(true);
  for (const auto& hit : t.search("d", in("en", skills_mask))) CHECK(hit.kind != concept_kind::occupation);
  const auto languages = t.search("danish", in("en", mask_of(concept_kind::language_skill)));
  REQUIRE(languages.size() == 2);
  CHECK(languages[0].label == "Danish");
  CHECK(languages[0].ref == "da");
  search_options one = in("en");
  one.limit = 1;
  CHECK(t.search("a", one).size() == 1);
  one.limit = 100000;
  CHECK(t.search("a", one).size() <= max_search_limit);
  CHECK(t.search("", in("en")).empty());
  CHECK(t.search(" -- ", in("en")).empty());
  CHECK(t.search("\xFF\xFE", in("en")).empty());
  CHECK(t.search(std::string(10000, 'a'), in("en")).empty());
}

TEST_CASE("search: unknown ids and codes are rejected by the validators", "[taxonomy]") {
  const auto& t = fixture_taxonomy(false);
  CHECK(t.is_known_isco_code("2221"));
  CHECK(t.is_known_isco_code("22"));
  CHECK_FALSE(t.is_known_isco_code("2222"));
  CHECK_FALSE(t.is_known_isco_code(""));
  CHECK_FALSE(t.is_known_isco_code("22a1"));
  CHECK(t.is_known_occupation("occupation/00000000-0000-4000-8000-000000000001"));
  CHECK_FALSE(t.is_known_occupation("occupation/00000000-0000-4000-8000-999999999999"));
  CHECK_FALSE(t.is_known_occupation("2221"));
  CHECK(t.is_known_skill("skill/bbbbbbbb-0000-4000-8000-000000000001"));
  CHECK(t.is_known_skill("skill/S1"));
  CHECK_FALSE(t.is_known_skill("skill/nope"));
  CHECK(t.is_known_language_code("da"));
  CHECK_FALSE(t.is_known_language_code("xx"));
  REQUIRE(t.occupation("occupation/00000000-0000-4000-8000-000000000006") != nullptr);
  CHECK(t.preferred_label(*t.isco_group("7"), "da") == "Håndværkspræget arbejde");
  CHECK(t.preferred_label(*t.isco_group("7512"), "da") == "Bakers, pastry-cooks and confectionery makers");
}

TEST_CASE("search: the shipped taxonomy finds real occupations and skills", "[taxonomy]") {
  const auto loaded = taxonomy::load_file(shipped_file());
  REQUIRE(loaded);
  const auto nurses = loaded->search("nurse", in("en", occupations_mask));
  REQUIRE_FALSE(nurses.empty());
  CHECK(nurses[0].quality <= match_quality::label_prefix);
  const auto teamwork = loaded->search("team work", in("en", skills_mask));
  REQUIRE_FALSE(teamwork.empty());
  const auto managers = loaded->search("ledelse", in("da", mask_of(concept_kind::isco_group)));
  REQUIRE_FALSE(managers.empty());
  CHECK(managers[0].label_language == "da");
}

TEST_CASE("search: concurrent searches on one taxonomy agree", "[taxonomy]") {
  const auto& t = fixture_taxonomy(true);
  const auto expected = labels(t.search("sk", in("da")));
  std::vector<std::thread> threads;
  std::vector<int> agreed(4, 0);
  for (std::size_t i = 0; i < agreed.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < 200; ++k) agreed[i] += labels(t.search("sk", in("da"))) == expected ? 1 : 0;
    });
  }
  for (auto& thread : threads) thread.join();
  for (const int count : agreed) CHECK(count == 200);
}
