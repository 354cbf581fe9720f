#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "features/profiles/profile.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "support/test_server.hpp"

using namespace kreds;
using namespace kreds::features;
namespace json = boost::json;

namespace {

json::object valid() {
  return json::parse(R"({
    "goals":[{"kind":"occupation","occupation_id":"occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1","isco_code":"2512"},
             {"kind":"own_business"}],
    "skills":[],
    "languages":[{"code":"da","level":"native"}],
    "postcode":"0800","availability":["sun_evening","mon_morning"],"meeting_preference":"online",
    "target_group":"flex_job","unemployed_since":"2025-12-31","education_level":0,"introduction":""})")
      .as_object();
}

}  // namespace

TEST_CASE("profile: availability slots are named by day and part of day", "[profile]") {
  CHECK(slot_name(0) == "mon_morning");
  CHECK(slot_name(20) == "sun_evening");
  CHECK(slot_name(21).empty());
  for (int slot = 0; slot < availability_slots; ++slot) CHECK(parse_slot(slot_name(slot)) == slot);
  CHECK_FALSE(parse_slot("mon_noon"));
}

TEST_CASE("profile: a valid profile parses, including the edges of each range", "[profile]") {
  const auto& taxonomy = *kreds::testing::shipped_taxonomy();
  auto parsed = parse_profile(valid(), taxonomy, system_now());
  REQUIRE(parsed);
  CHECK(parsed->availability == ((1u << 0) | (1u << 20)));
  CHECK(parsed->goals.size() == 2);
  auto body = valid();
  body["postcode"] = "9990";
  body["education_level"] = 8;
  body["introduction"] = std::string(500, 'a');
  CHECK(parse_profile(body, taxonomy, system_now()));
}

TEST_CASE("profile: a date must be real and not in the future", "[profile]") {
  const auto& taxonomy = *kreds::testing::shipped_taxonomy();
  const auto now = system_now();
  auto body = valid();
  body["unemployed_since"] = to_iso_date(now);
  CHECK(parse_profile(body, taxonomy, now));
  body["unemployed_since"] = to_iso_date(now + std::chrono::days(1));
  CHECK(parse_profile(body, taxonomy, now).err().field() == "unemployed_since");
  body["unemployed_since"] = "1969-12-31";
  CHECK_FALSE(parse_profile(body, taxonomy, now));
  body["unemployed_since"] = "2025-13-01";
  CHECK_FALSE(parse_profile(body, taxonomy, now));
}

TEST_CASE("profile: saving and loading round-trips every field", "[profile]") {
  const auto& taxonomy = *kreds::testing::shipped_taxonomy();
  auto db = kreds::storage::open_database({":memory:"});
  REQUIRE(db);
  REQUIRE(kreds::storage::migrate(**db));
  (*db)->exec("INSERT INTO municipality (id, code, name) VALUES (1, '751', 'Aarhus')");
  (*db)->exec(
      "INSERT INTO account (id, municipality_id, role, email, display_name) VALUES (7, 1, 'seeker', 'a@b.dk', 'A')");
  auto parsed = parse_profile(valid(), taxonomy, system_now());
  REQUIRE(parsed);
  save_profile(**db, 7, 1, *parsed, "2026-01-01T00:00:00Z");
  save_profile(**db, 7, 1, *parsed, "2026-01-02T00:00:00Z");  // saving again replaces, never duplicates
  auto loaded = load_profile(**db, 7);
  REQUIRE(loaded);
  CHECK(json::serialize(profile_json(*loaded, taxonomy, "en")) ==
        json::serialize(profile_json(*parsed, taxonomy, "en")));
  CHECK_FALSE(load_profile(**db, 8));
}
