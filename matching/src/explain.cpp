#include "kreds/matching/explain.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace kreds::matching {
namespace {

struct language_name {
  const char* code;
  const char* da;
  const char* en;
};

constexpr std::array<language_name, 20> language_names{{
    {"da", "dansk", "Danish"},        {"en", "engelsk", "English"}, {"de", "tysk", "German"},
    {"sv", "svensk", "Swedish"},      {"no", "norsk", "Norwegian"}, {"ar", "arabisk", "Arabic"},
    {"uk", "ukrainsk", "Ukrainian"},  {"pl", "polsk", "Polish"},    {"tr", "tyrkisk", "Turkish"},
    {"so", "somali", "Somali"},       {"fa", "persisk", "Persian"}, {"ur", "urdu", "Urdu"},
    {"es", "spansk", "Spanish"},      {"fr", "fransk", "French"},   {"ro", "rumænsk", "Romanian"},
    {"lt", "litauisk", "Lithuanian"}, {"ru", "russisk", "Russian"}, {"it", "italiensk", "Italian"},
    {"ti", "tigrinya", "Tigrinya"},   {"bs", "bosnisk", "Bosnian"},
}};

bool danish(std::string_view language) { return language == "da"; }

std::string language_word(const std::string& code, std::string_view language) {
  for (const auto& l : language_names) {
    if (code == l.code) return danish(language) ? l.da : l.en;
  }
  return code;
}

std::string isco_text(std::uint16_t isco) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04u", static_cast<unsigned>(isco));
  return buffer;
}

std::string goal_text(const goal& g, std::string_view language, const title_lookup& titles) {
  const bool da = danish(language);
  switch (g.kind) {
    case goal_kind::education:
      return da ? "at starte på en uddannelse" : "starting an education";
    case goal_kind::own_business:
      return da ? "at starte egen virksomhed" : "starting their own business";
    case goal_kind::occupation:
      break;
  }
  std::string title = titles ? titles(g.isco, language) : std::string{};
  if (title.empty()) return "ISCO " + isco_text(g.isco);
  return "'" + title + "' (ISCO " + isco_text(g.isco) + ")";
}

std::string count_text(int n, std::string_view language, const char* one_da, const char* many_da, const char* one_en,
                       const char* many_en) {
  const bool da = danish(language);
  return std::to_string(n) + " " + (n == 1 ? (da ? one_da : one_en) : (da ? many_da : many_en));
}

std::string closeness_text(goal_closeness c, std::string_view language) {
  const bool da = danish(language);
  switch (c) {
    case goal_closeness::minor:
      return da ? "samme mindre faggruppe" : "the same minor group";
    case goal_closeness::sub_major:
      return da ? "samme faggruppe" : "the same sub-major group";
    case goal_closeness::major:
      return da ? "samme hovedgruppe" : "the same major group";
    case goal_closeness::unit:
    case goal_closeness::none:
      break;
  }
  return da ? "samme mål" : "the same goal";
}

std::string join_words(const std::vector<std::string>& words, std::string_view language) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? (danish(language) ? " og " : " and ") : ", ";
    out += words[i];
  }
  return out;
}

std::string format_km(double km) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.0f", std::max(1.0, std::ceil(km)));
  return buffer;
}

}  // namespace

std::string render_slots(const week_slots& slots, std::string_view language) {
  static constexpr std::array<const char*, 7> days_da{"mandag", "tirsdag", "onsdag", "torsdag",
                                                      "fredag", "lørdag",  "søndag"};
  static constexpr std::array<const char*, 7> days_en{"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                      "Friday", "Saturday", "Sunday"};
  static constexpr std::array<const char*, 3> parts_da{"formiddag", "eftermiddag", "aften"};
  static constexpr std::array<const char*, 3> parts_en{"mornings", "afternoons", "evenings"};
  static constexpr std::array<const char*, 3> every_da{"alle formiddage", "alle eftermiddage", "alle aftener"};
  static constexpr std::array<const char*, 3> every_en{"every morning", "every afternoon", "every evening"};
  const bool da = danish(language);
  std::vector<std::string> phrases;
  for (int part = 0; part < parts_per_day; ++part) {
    std::vector<std::string> days;
    for (int day = 0; day < days_per_week; ++day) {
      if (slots.test(static_cast<std::size_t>(slot_index(day, part)))) {
        days.push_back((da ? days_da : days_en)[static_cast<std::size_t>(day)]);
      }
    }
    if (days.empty()) continue;
    if (days.size() == 7) {
      phrases.push_back((da ? every_da : every_en)[static_cast<std::size_t>(part)]);
    } else {
      phrases.push_back(join_words(days, language) + " " + (da ? parts_da : parts_en)[static_cast<std::size_t>(part)]);
    }
  }
  if (phrases.empty()) return da ? "ingen fælles tider" : "no common time";
  return join_words(phrases, language);
}

std::string render_fact(const fact& f, std::string_view language, const title_lookup& titles) {
  const bool da = danish(language);
  switch (f.kind) {
    case fact_kind::shared_goal:
      return da ? "Har målet " + goal_text(f.target, language, titles) + " til fælles med " +
                      count_text(f.count, language, "andet medlem", "andre medlemmer", "", "") + "."
                : "Shares the goal " + goal_text(f.target, language, titles) + " with " +
                      count_text(f.count, language, "", "", "other member", "other members") + ".";
    case fact_kind::related_goal:
      return da ? "Målet " + goal_text(f.target, language, titles) + " ligger i " +
                      closeness_text(f.closeness, language) + " som målene for " +
                      count_text(f.count, language, "andet medlem", "andre medlemmer", "", "") + "."
                : "The goal " + goal_text(f.target, language, titles) + " is in " +
                      closeness_text(f.closeness, language) + " as the goals of " +
                      count_text(f.count, language, "", "", "other member", "other members") + ".";
    case fact_kind::shared_slots:
      return da ? "Alle i netværket har tid " + render_slots(f.slots, language) + "."
                : "Everyone in the network is free " + render_slots(f.slots, language) + ".";
    case fact_kind::working_language:
      return da ? "Netværket taler " + language_word(f.language, language) + ", som alle medlemmer behersker."
                : "The network works in " + language_word(f.language, language) + ", which every member speaks.";
    case fact_kind::complementary_skills:
      return da ? "Bidrager med " + count_text(f.count, language, "kompetence", "kompetencer", "", "") +
                      ", som ingen andre i netværket har."
                : "Brings " + count_text(f.count, language, "", "", "skill", "skills") +
                      " that no one else in the network has.";
    case fact_kind::near:
      return da ? "Bor højst " + format_km(f.amount) + " km fra de andre, der mødes fysisk."
                : "Lives within " + format_km(f.amount) + " km of the others who meet in person.";
    case fact_kind::online:
      return da ? "Deltager online, så afstand betyder ikke noget." : "Takes part online, so distance does not matter.";
    case fact_kind::same_kind:
      return da ? "Er ikke den eneste med '" + f.kind_name +
                      "': " + count_text(f.count, language, "anden", "andre", "", "") + " i netværket har det også."
                : "Is not the only one with '" + f.kind_name +
                      "': " + count_text(f.count, language, "", "", "other", "others") + " in the network share it.";
    case fact_kind::only_one_of_kind:
      return da ? "Er den eneste med '" + f.kind_name + "' i netværket; der var ingen bedre placering."
                : "Is the only one with '" + f.kind_name + "' in the network; no better placement was found.";
    case fact_kind::met_before:
      return da ? "Har været i netværk med " +
                      count_text(f.count, language, "af medlemmerne", "af medlemmerne", "", "") + " før."
                : "Has been in a network with " +
                      count_text(f.count, language, "", "", "of the members", "of the members") + " before.";
    case fact_kind::anchored:
      return da ? "Var allerede i netværket eller er fastlåst af en jobrådgiver."
                : "Was already in this network or was pinned by a caseworker.";
  }
  return {};
}

std::string render_explanation(const member_explanation& e, std::string_view language, const title_lookup& titles) {
  std::string out;
  for (const auto& f : e.facts) {
    if (!out.empty()) out += ' ';
    out += render_fact(f, language, titles);
  }
  return out;
}

std::string render_unplaced(const unplaced& u, std::string_view language) {
  const bool da = danish(language);
  switch (u.reason) {
    case unplaced_reason::invalid_seeker:
      return da ? "Oplysningerne om jobsøgeren kan ikke bruges: " + u.detail
                : "The seeker's data cannot be used: " + u.detail;
    case unplaced_reason::duplicate_seeker:
      return da ? "Jobsøgeren står mere end én gang i puljen; kun den første tæller."
                : "The seeker is in the pool more than once; only the first entry counts.";
    case unplaced_reason::invalid_options:
      return da ? "Indstillingerne for kørslen kan ikke bruges: " + u.detail
                : "The run's settings cannot be used: " + u.detail;
    case unplaced_reason::pool_too_small:
      return da ? "Der er for få jobsøgere i kommunen til et netværk."
                : "There are too few seekers in the municipality for a network.";
    case unplaced_reason::too_few_compatible:
      return da ? "Kun " + std::to_string(u.compatible) +
                      " andre i kommunen deler sprog, mødetider og afstand med jobsøgeren; det er for få til et "
                      "netværk."
                : "Only " + std::to_string(u.compatible) +
                      " others in the municipality share a language, meeting times and distance with the seeker; too "
                      "few for a network.";
    case unplaced_reason::no_fitting_network:
      return da ? "Ingen netværk med plads passede til jobsøgeren i denne kørsel; prøv igen, når flere venter."
                : "No network with a free seat fitted the seeker in this run; try again when more are waiting.";
  }
  return {};
}

}  // namespace kreds::matching
