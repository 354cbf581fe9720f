#include "features/profiles/profile.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <set>

#include "features/common/target_groups.hpp"
#include "platform/json_input.hpp"
#include "storage/binding.hpp"

namespace kreds::features {
namespace {

namespace json = boost::json;

constexpr std::array<std::string_view, 7> days{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<std::string_view, 3> parts{"morning", "afternoon", "evening"};
constexpr std::array<std::string_view, 4> levels{"basic", "good", "fluent", "native"};
constexpr std::array<std::string_view, 3> preferences{"in_person", "online", "both"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& choices, std::string_view value) {
  return std::find(choices.begin(), choices.end(), value) != choices.end();
}

template <std::size_t N>
std::string list(const std::array<std::string_view, N>& choices) {
  std::string out;
  for (auto choice : choices) out += (out.empty() ? "" : ", ") + std::string(choice);
  return out;
}

kreds::error bad(const std::string& field, const std::string& message) {
  return {errc::invalid_field, field + " " + message, field};
}

result<const json::array*> array_field(const json::object& body, std::string_view name, std::size_t min,
                                       std::size_t max) {
  auto* value = body.if_contains(name);
  const std::string field(name);
  if (!value || !value->is_array()) return bad(field, "must be a list");
  const auto& items = value->get_array();
  if (items.size() < min || items.size() > max) {
    return bad(field, "must have " + std::to_string(min) + " to " + std::to_string(max) + " entries");
  }
  return &items;
}

result<std::vector<profile_goal>> parse_goals(const json::object& body, const taxonomy::taxonomy& taxonomy) {
  auto items = array_field(body, "goals", 1, 3);
  KREDS_RETURN_IF_ERROR(items);
  std::vector<profile_goal> goals;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < (*items)->size(); ++i) {
    const std::string path = "goals[" + std::to_string(i) + "]";
    const auto* item = (**items)[i].if_object();
    if (!item) return bad(path, "must be an object");
    if (auto known = only_fields(*item, {"kind", "occupation_id", "isco_code", "label"}, path); !known) {
      return std::move(known).err();
    }
    auto kind = string_field(*item, "kind", 1, 20, path);
    KREDS_RETURN_IF_ERROR(kind);
    profile_goal goal{*kind, {}, {}};
    if (*kind == "occupation") {
      auto id = string_field(*item, "occupation_id", 1, 200, path);
      KREDS_RETURN_IF_ERROR(id);
      const auto* occupation = taxonomy.occupation(*id);
      if (!occupation) return bad(path + ".occupation_id", "is not an ESCO occupation");
      auto code = string_field(*item, "isco_code", 4, 4, path);
      KREDS_RETURN_IF_ERROR(code);
      if (*code != occupation->ref) {
        return bad(path + ".isco_code", "must be the occupation's ISCO-08 code " + occupation->ref);
      }
      goal.occupation_id = *id;
      goal.isco_code = *code;
    } else if (*kind != "education" && *kind != "own_business") {
      return bad(path + ".kind", "must be occupation, education or own_business");
    }
    const auto key = goal.kind + "/" + goal.occupation_id;
    if (!seen.insert(key).second) return bad(path, "repeats another goal");
    goals.push_back(std::move(goal));
  }
  return goals;
}

result<std::vector<std::string>> parse_skills(const json::object& body, const taxonomy::taxonomy& taxonomy) {
  auto items = array_field(body, "skills", 0, 30);
  KREDS_RETURN_IF_ERROR(items);
  std::vector<std::string> skills;
  for (std::size_t i = 0; i < (*items)->size(); ++i) {
    const std::string path = "skills[" + std::to_string(i) + "]";
    const auto* item = (**items)[i].if_object();
    if (!item) return bad(path, "must be an object");
    KREDS_CHECK(only_fields(*item, {"id", "label"}, path));
    auto id = string_field(*item, "id", 1, 200, path);
    KREDS_RETURN_IF_ERROR(id);
    if (!taxonomy.is_known_skill(*id)) return bad(path + ".id", "is not an ESCO skill group or transversal skill");
    if (std::find(skills.begin(), skills.end(), *id) != skills.end()) return bad(path, "repeats another skill");
    skills.push_back(std::move(*id));
  }
  return skills;
}

result<std::vector<profile_language>> parse_languages(const json::object& body, const taxonomy::taxonomy& taxonomy) {
  auto items = array_field(body, "languages", 1, 10);
  KREDS_RETURN_IF_ERROR(items);
  std::vector<profile_language> languages;
  for (std::size_t i = 0; i < (*items)->size(); ++i) {
    const std::string path = "languages[" + std::to_string(i) + "]";
    const auto* item = (**items)[i].if_object();
    if (!item) return bad(path, "must be an object");
    KREDS_CHECK(only_fields(*item, {"code", "level", "label"}, path));
    auto code = string_field(*item, "code", 2, 2, path);
    KREDS_RETURN_IF_ERROR(code);
    if (!taxonomy.is_known_language_code(*code)) return bad(path + ".code", "is not a known ISO 639-1 language code");
    auto level = string_field(*item, "level", 1, 10, path);
    KREDS_RETURN_IF_ERROR(level);
    if (!one_of(levels, *level)) return bad(path + ".level", "must be one of " + list(levels));
    if (std::any_of(languages.begin(), languages.end(), [&](const auto& l) { return l.code == *code; })) {
      return bad(path, "repeats another language");
    }
    languages.push_back({std::move(*code), std::move(*level)});
  }
  return languages;
}

result<std::uint32_t> parse_availability(const json::object& body) {
  auto items = array_field(body, "availability", 0, availability_slots);
  KREDS_RETURN_IF_ERROR(items);
  std::uint32_t bits = 0;
  for (std::size_t i = 0; i < (*items)->size(); ++i) {
    const std::string path = "availability[" + std::to_string(i) + "]";
    const auto* name = (**items)[i].if_string();
    const auto slot = name ? parse_slot(*name) : std::nullopt;
    if (!slot) return bad(path, "must be a slot such as mon_morning, tue_afternoon or sun_evening");
    if (bits & (1u << *slot)) return bad(path, "repeats another slot");
    bits |= 1u << *slot;
  }
  return bits;
}

std::string label_of(const taxonomy::taxonomy& taxonomy, taxonomy::concept_kind kind, const std::string& id,
                     std::string_view language) {
  const auto* entry = taxonomy.find(kind, id);
  if (!entry) return id;
  return std::string(taxonomy.preferred_label(*entry, language));
}

std::string skill_label(const taxonomy::taxonomy& taxonomy, const std::string& id, std::string_view language) {
  for (auto kind : {taxonomy::concept_kind::skill_group, taxonomy::concept_kind::transversal_skill}) {
    if (const auto* entry = taxonomy.find(kind, id)) return std::string(taxonomy.preferred_label(*entry, language));
  }
  return id;
}

}  // namespace

std::string slot_name(int slot) {
  if (slot < 0 || slot >= availability_slots) return {};
  return std::string(days[static_cast<std::size_t>(slot / 3)]) + "_" +
         std::string(parts[static_cast<std::size_t>(slot % 3)]);
}

std::optional<int> parse_slot(std::string_view name) {
  for (int slot = 0; slot < availability_slots; ++slot) {
    if (slot_name(slot) == name) return slot;
  }
  return std::nullopt;
}

result<profile> parse_profile(const json::object& body, const taxonomy::taxonomy& taxonomy, time_point now) {
  if (auto known = only_fields(body, {"goals", "skills", "languages", "postcode", "availability", "meeting_preference",
                                      "target_group", "unemployed_since", "education_level", "introduction"});
      !known) {
    return std::move(known).err();
  }
  profile out;
  auto goals = parse_goals(body, taxonomy);
  KREDS_RETURN_IF_ERROR(goals);
  out.goals = std::move(*goals);
  auto skills = parse_skills(body, taxonomy);
  KREDS_RETURN_IF_ERROR(skills);
  out.skills = std::move(*skills);
  auto languages = parse_languages(body, taxonomy);
  KREDS_RETURN_IF_ERROR(languages);
  out.languages = std::move(*languages);

  auto postcode = string_field(body, "postcode", 4, 4);
  KREDS_RETURN_IF_ERROR(postcode);
  if (!std::all_of(postcode->begin(), postcode->end(), [](char ch) { return ch >= '0' && ch <= '9'; }) ||
      *postcode < "0800" || *postcode > "9990") {
    return bad("postcode", "must be a Danish postcode: four digits from 0800 to 9990");
  }
  out.postcode = std::move(*postcode);

  auto availability = parse_availability(body);
  KREDS_RETURN_IF_ERROR(availability);
  out.availability = *availability;

  auto preference = string_field(body, "meeting_preference", 1, 20);
  KREDS_RETURN_IF_ERROR(preference);
  if (!one_of(preferences, *preference)) return bad("meeting_preference", "must be one of " + list(preferences));
  out.meeting_preference = std::move(*preference);

  auto group = string_field(body, "target_group", 1, 30);
  KREDS_RETURN_IF_ERROR(group);
  if (!find_target_group(*group)) return bad("target_group", "must be one of " + target_group_key_list());
  out.target_group = std::move(*group);

  auto since = string_field(body, "unemployed_since", 10, 10);
  KREDS_RETURN_IF_ERROR(since);
  const auto date = parse_iso_date(*since);
  if (!date || *since < "1970-01-01" || *since > to_iso_date(now)) {
    return bad("unemployed_since", "must be a date (YYYY-MM-DD) from 1970 up to today");
  }
  out.unemployed_since = std::move(*since);

  auto education = integer_field(body, "education_level", 0, 8);
  KREDS_RETURN_IF_ERROR(education);
  out.education_level = static_cast<int>(*education);

  auto introduction = optional_string_field(body, "introduction", 500);
  KREDS_RETURN_IF_ERROR(introduction);
  out.introduction = introduction->value_or("");
  return out;
}

json::object profile_json(const std::optional<profile>& value, const taxonomy::taxonomy& taxonomy,
                          std::string_view language) {
  json::array goals, skills, languages, availability;
  if (!value) {
    return {{"goals", goals},
            {"skills", skills},
            {"languages", languages},
            {"postcode", nullptr},
            {"availability", availability},
            {"meeting_preference", nullptr},
            {"target_group", nullptr},
            {"unemployed_since", nullptr},
            {"education_level", nullptr},
            {"introduction", ""}};
  }
  for (const auto& goal : value->goals) {
    json::object item{{"kind", goal.kind}};
    if (goal.kind == "occupation") {
      item["occupation_id"] = goal.occupation_id;
      item["isco_code"] = goal.isco_code;
      item["label"] = label_of(taxonomy, taxonomy::concept_kind::occupation, goal.occupation_id, language);
    }
    goals.push_back(std::move(item));
  }
  for (const auto& id : value->skills)
    skills.push_back(json::object{{"id", id}, {"label", skill_label(taxonomy, id, language)}});
  for (const auto& l : value->languages) languages.push_back(json::object{{"code", l.code}, {"level", l.level}});
  for (int slot = 0; slot < availability_slots; ++slot) {
    if (value->availability & (1u << slot)) availability.push_back(json::string(slot_name(slot)));
  }
  return {{"goals", goals},
          {"skills", skills},
          {"languages", languages},
          {"postcode", value->postcode},
          {"availability", availability},
          {"meeting_preference", value->meeting_preference},
          {"target_group", value->target_group},
          {"unemployed_since", value->unemployed_since},
          {"education_level", value->education_level},
          {"introduction", value->introduction}};
}

std::optional<profile> load_profile(SQLite::Database& db, std::int64_t account_id) {
  SQLite::Statement query(db,
                          "SELECT postcode, availability, meeting_preference, target_group, unemployed_since, "
                          "education_level, introduction FROM profile WHERE account_id = ?");
  query.bind(1, account_id);
  if (!query.executeStep()) return std::nullopt;
  profile out;
  out.postcode = query.getColumn(0).getString();
  out.availability = static_cast<std::uint32_t>(query.getColumn(1).getInt64());
  out.meeting_preference = query.getColumn(2).getString();
  out.target_group = query.getColumn(3).getString();
  out.unemployed_since = query.getColumn(4).getString();
  out.education_level = query.getColumn(5).getInt();
  out.introduction = query.getColumn(6).getString();

  SQLite::Statement goals(
      db, "SELECT kind, occupation_id, isco_code FROM profile_goal WHERE account_id = ? ORDER BY position");
  goals.bind(1, account_id);
  while (goals.executeStep()) {
    out.goals.push_back(
        {goals.getColumn(0).getString(), goals.getColumn(1).getString(), goals.getColumn(2).getString()});
  }
  SQLite::Statement skills(db, "SELECT skill_id FROM profile_skill WHERE account_id = ? ORDER BY skill_id");
  skills.bind(1, account_id);
  while (skills.executeStep()) out.skills.push_back(skills.getColumn(0).getString());
  SQLite::Statement languages(db, "SELECT code, level FROM profile_language WHERE account_id = ? ORDER BY code");
  languages.bind(1, account_id);
  while (languages.executeStep())
    out.languages.push_back({languages.getColumn(0).getString(), languages.getColumn(1).getString()});
  return out;
}

void save_profile(SQLite::Database& db, std::int64_t account_id, std::int64_t municipality_id, const profile& value,
                  const std::string& now) {
  SQLite::Statement upsert(
      db,
      "INSERT INTO profile (account_id, municipality_id, postcode, availability, meeting_preference, "
      "target_group, unemployed_since, education_level, introduction, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET "
      "postcode = excluded.postcode, availability = excluded.availability, "
      "meeting_preference = excluded.meeting_preference, target_group = excluded.target_group, "
      "unemployed_since = excluded.unemployed_since, education_level = excluded.education_level, "
      "introduction = excluded.introduction, updated_at = excluded.updated_at");
  storage::bind_all(upsert, account_id, municipality_id, value.postcode, static_cast<std::int64_t>(value.availability),
                    value.meeting_preference, value.target_group, value.unemployed_since, value.education_level,
                    value.introduction, now);
  upsert.exec();
  for (const char* table : {"profile_goal", "profile_skill", "profile_language"}) {
    SQLite::Statement clear(db, std::string("DELETE FROM ") + table + " WHERE account_id = ?");
    clear.bind(1, account_id);
    clear.exec();
  }
  SQLite::Statement goal(
      db, "INSERT INTO profile_goal (account_id, position, kind, occupation_id, isco_code) VALUES (?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < value.goals.size(); ++i) {
    goal.reset();
    storage::bind_all(goal, account_id, static_cast<int>(i), value.goals[i].kind);
    if (value.goals[i].kind == "occupation") {
      goal.bind(4, value.goals[i].occupation_id);
      goal.bind(5, value.goals[i].isco_code);
    } else {
      goal.bind(4);
      goal.bind(5);
    }
    goal.exec();
  }
  SQLite::Statement skill(db, "INSERT INTO profile_skill (account_id, skill_id) VALUES (?, ?)");
  for (const auto& id : value.skills) {
    skill.reset();
    storage::bind_all(skill, account_id, id);
    skill.exec();
  }
  SQLite::Statement language(db, "INSERT INTO profile_language (account_id, code, level) VALUES (?, ?, ?)");
  for (const auto& l : value.languages) {
    language.reset();
    storage::bind_all(language, account_id, l.code, l.level);
    language.exec();
  }
}

}  // namespace kreds::features
