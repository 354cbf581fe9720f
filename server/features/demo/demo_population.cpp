#include "features/demo/demo_population.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <map>
#include <optional>
#include <random>

#include "features/accounts/consent_text.hpp"
#include "features/accounts/provisioning.hpp"
#include "features/followup/triage.hpp"
#include "features/profiles/profile.hpp"
#include "platform/json_output.hpp"
#include "storage/binding.hpp"

namespace kreds::features {

namespace json = boost::json;
namespace {

struct municipality_spec {
  const char* code;
  const char* name;
  const char* slug;
  std::vector<const char*> postcodes;
};

const std::vector<municipality_spec>& municipalities() {
  static const std::vector<municipality_spec> all = {
      {"751", "Aarhus Kommune", "aarhus", {"8000", "8200", "8210", "8220", "8230", "8240", "8250", "8260",
                                           "8270", "8310", "8320", "8330", "8340", "8355", "8361", "8380",
                                           "8381", "8462", "8471", "8520", "8530", "8541"}},
      {"101",
       "Københavns Kommune",
       "kobenhavn",
       {"1050", "1150", "1250", "1360", "1455", "1550", "1650", "1799", "2100", "2150", "2200", "2300", "2400", "2450",
        "2500", "2700", "2720"}},
      {"461",
       "Odense Kommune",
       "odense",
       {"5000", "5200", "5210", "5220", "5230", "5240", "5250", "5260", "5270", "5320", "5491"}},
      {"851",
       "Aalborg Kommune",
       "aalborg",
       {"9000", "9200", "9210", "9220", "9230", "9240", "9310", "9362", "9380", "9400", "9430"}},
      {"561", "Esbjerg Kommune", "esbjerg", {"6700", "6705", "6710", "6715", "6731", "6740", "6760", "6771"}},
      {"730", "Randers Kommune", "randers", {"8900", "8920", "8930", "8940", "8960", "8950", "8870"}},
      {"147", "Frederiksberg Kommune", "frederiksberg", {"1800", "1820", "1850", "1900", "2000"}},
      {"621", "Kolding Kommune", "kolding", {"6000", "6070", "6091", "6092", "6093", "6580"}},
      {"630", "Vejle Kommune", "vejle", {"7100", "7120", "7173", "7183", "7300", "7321"}},
      {"791", "Viborg Kommune", "viborg", {"8800", "8830", "8832", "8840", "8850", "7850"}},
      {"740", "Silkeborg Kommune", "silkeborg", {"8600", "8620", "8653", "8654", "8680", "8883"}},
      {"657", "Herning Kommune", "herning", {"7400", "7430", "7441", "7451", "7480", "6933"}},
  };
  return all;
}

constexpr std::array<const char*, 40> first_names{
    "Anne",  "Mette",    "Kirsten", "Hanne", "Camilla",   "Louise", "Sofie",    "Ida",    "Emma",  "Freja",
    "Maria", "Fatima",   "Aisha",   "Olga",  "Agnieszka", "Sara",   "Julie",    "Line",   "Nanna", "Signe",
    "Peter", "Jens",     "Lars",    "Søren", "Mikkel",    "Rasmus", "Frederik", "Mads",   "Jonas", "Oliver",
    "Ali",   "Mohammed", "Omar",    "Piotr", "Andriy",    "Thomas", "Henrik",   "Anders", "Niels", "Kasper"};
constexpr std::array<const char*, 30> last_names{
    "Nielsen",   "Jensen",    "Hansen",   "Pedersen",  "Andersen",   "Christensen", "Larsen",    "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen",    "Kristensen", "Olsen",       "Thomsen",   "Christiansen",
    "Poulsen",   "Johansen",  "Møller",   "Mortensen", "Knudsen",    "Jakobsen",    "Mikkelsen", "Lund",
    "Holm",      "Schmidt",   "Ahmed",    "Hussein",   "Kowalski",   "Yilmaz"};

// Plain, portable draws: the same seed gives the same demo everywhere.
class draw {
 public:
  explicit draw(std::uint64_t seed) : engine_(seed) {}
  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : engine_() % n; }
  bool chance(int percent) { return static_cast<int>(below(100)) < percent; }
  template <std::size_t N>
  std::size_t weighted(const std::array<int, N>& weights) {
    int total = 0;
    for (int w : weights) total += w;
    int pick = static_cast<int>(below(static_cast<std::uint64_t>(total)));
    for (std::size_t i = 0; i < N; ++i) {
      if (pick < weights[i]) return i;
      pick -= weights[i];
    }
    return N - 1;
  }

 private:
  std::mt19937_64 engine_;
};

std::string ascii_slug(std::string text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto ch = static_cast<unsigned char>(text[i]);
    if (ch >= 'A' && ch <= 'Z') {
      out += static_cast<char>(ch - 'A' + 'a');
    } else if (ch >= 'a' && ch <= 'z') {
      out += static_cast<char>(ch);
    } else if (text.compare(i, 2, "ø") == 0) {
      out += "oe";
      ++i;
    } else if (text.compare(i, 2, "æ") == 0) {
      out += "ae";
      ++i;
    } else if (text.compare(i, 2, "å") == 0) {
      out += "aa";
      ++i;
    }
  }
  return out;
}

struct taxonomy_pools {
  std::array<std::vector<const taxonomy::concept_entry*>, 10> occupations_by_major;
  std::vector<const taxonomy::concept_entry*> skill_groups;
  std::vector<const taxonomy::concept_entry*> transversal;
};

taxonomy_pools pools_of(const taxonomy::taxonomy& taxonomy) {
  taxonomy_pools pools;
  for (const auto& entry : taxonomy.data().concepts) {
    if (entry.kind == taxonomy::concept_kind::occupation && !entry.ref.empty() && entry.ref[0] >= '0' &&
        entry.ref[0] <= '9') {
      pools.occupations_by_major[static_cast<std::size_t>(entry.ref[0] - '0')].push_back(&entry);
    } else if (entry.kind == taxonomy::concept_kind::skill_group) {
      pools.skill_groups.push_back(&entry);
    } else if (entry.kind == taxonomy::concept_kind::transversal_skill) {
      pools.transversal.push_back(&entry);
    }
  }
  return pools;
}

profile make_profile(draw& d, const taxonomy_pools& pools, const municipality_spec& place, time_point now) {
  profile p;
  // ISCO major groups 0-9: armed forces rare, professionals and service workers common.
  static constexpr std::array<int, 10> major_weights{0, 5, 22, 15, 12, 18, 2, 10, 6, 10};
  const int goal_count = d.chance(50) ? 1 : (d.chance(70) ? 2 : 3);
  const taxonomy::concept_entry* first = nullptr;
  for (int g = 0; g < goal_count; ++g) {
    const int kind_roll = static_cast<int>(d.below(100));
    if (kind_roll < 90 || g == 0) {
      const taxonomy::concept_entry* pick = nullptr;
      if (first && d.chance(60)) {
        // A second goal near the first: the same sub-major group when possible.
        const auto& pool = pools.occupations_by_major[static_cast<std::size_t>(first->ref[0] - '0')];
        for (int tries = 0; tries < 20 && !pick; ++tries) {
          const auto* candidate = pool[d.below(pool.size())];
          if (candidate->ref.compare(0, 2, first->ref, 0, 2) == 0 && candidate != first) pick = candidate;
        }
      }
      if (!pick) {
        const auto& pool = pools.occupations_by_major[d.weighted(major_weights)];
        if (pool.empty()) continue;
        pick = pool[d.below(pool.size())];
      }
      if (std::any_of(p.goals.begin(), p.goals.end(),
                      [&](const auto& goal) { return goal.occupation_id == pick->id; })) {
        continue;
      }
      if (!first) first = pick;
      p.goals.push_back({"occupation", pick->id, pick->ref});
    } else {
      const std::string kind = kind_roll < 97 ? "education" : "own_business";
      if (std::none_of(p.goals.begin(), p.goals.end(), [&](const auto& goal) { return goal.kind == kind; })) {
        p.goals.push_back({kind, {}, {}});
      }
    }
  }
  const int skills = 3 + static_cast<int>(d.below(6));
  for (int s = 0; s < skills && !pools.skill_groups.empty(); ++s) {
    const auto& id = pools.skill_groups[d.below(pools.skill_groups.size())]->id;
    if (std::find(p.skills.begin(), p.skills.end(), id) == p.skills.end()) p.skills.push_back(id);
  }
  const int transversal = 1 + static_cast<int>(d.below(3));
  for (int s = 0; s < transversal && !pools.transversal.empty(); ++s) {
    const auto& id = pools.transversal[d.below(pools.transversal.size())]->id;
    if (std::find(p.skills.begin(), p.skills.end(), id) == p.skills.end()) p.skills.push_back(id);
  }
  if (d.chance(88)) {
    p.languages.push_back({"da", "native"});
  } else {
    p.languages.push_back({"da", d.chance(60) ? "good" : "basic"});
  }
  if (d.chance(65)) p.languages.push_back({"en", d.chance(50) ? "fluent" : "good"});
  if (d.chance(14)) {
    static constexpr std::array<const char*, 10> others{"ar", "tr", "pl", "de", "uk", "so", "fa", "ro", "ur", "es"};
    const std::string code = others[d.below(others.size())];
    p.languages.push_back({code, d.chance(70) ? "native" : "good"});
  }
  p.postcode = place.postcodes[d.below(place.postcodes.size())];
  for (int day = 0; day < 7; ++day) {
    const bool weekend = day >= 5;
    const std::array<int, 3> percent = weekend ? std::array<int, 3>{15, 15, 10} : std::array<int, 3>{62, 55, 25};
    for (int part = 0; part < 3; ++part) {
      if (d.chance(percent[static_cast<std::size_t>(part)])) p.availability |= 1u << (day * 3 + part);
    }
  }
  if (std::popcount(p.availability) < 3) p.availability |= 0b001001001;  // Mon, Tue, Wed mornings
  static constexpr std::array<const char*, 3> preferences{"in_person", "online", "both"};
  p.meeting_preference = preferences[d.weighted(std::array<int, 3>{35, 20, 45})];
  static constexpr std::array<const char*, 5> groups{"insured_unemployed", "other_unemployed", "young", "sick_listed",
                                                     "flex_job"};
  p.target_group = groups[d.weighted(std::array<int, 5>{55, 15, 15, 10, 5})];
  // Most spells are short; a tail approaches and passes a year.
  const int days_unemployed = static_cast<int>(
      std::min<std::uint64_t>(900, d.below(60) + d.below(120) + d.below(240) * (d.chance(25) ? 2 : 1)));
  p.unemployed_since = to_iso_date(now - std::chrono::days(days_unemployed));
  p.education_level = static_cast<int>(d.weighted(std::array<int, 9>{1, 3, 10, 35, 5, 8, 20, 15, 3}));
  return p;
}

// ---- Simulated history ------------------------------------------------------
// Past participants for the dashboard: they joined over the last months,
// were triaged, sat in networks formed as they came (meetings every two
// weeks, leads shared), and week by week some found work or education, some
// left for other reasons, and the rest are still searching. Individual-effort
// participants get monthly case-handling time, and their caseworker records
// their outcome (case_outcome).

struct past_member {
  std::int64_t id = 0;
  std::chrono::sys_days joined;
  std::optional<std::chrono::sys_days> gone;  // left, or alumnus
};

std::string at_hour(std::chrono::sys_days day, int hour) {
  return to_iso_date(day) + "T" + (hour < 10 ? "0" : "") + std::to_string(hour) + ":00:00Z";
}

void record_time(SQLite::Database& db, std::int64_t municipality, std::int64_t caseworker,
                 std::optional<std::int64_t> seeker, std::optional<std::int64_t> network, const char* action,
                 int minutes, std::chrono::sys_days day) {
  SQLite::Statement insert(
      db,
      "INSERT INTO staff_time (municipality_id, caseworker_id, account_id, network_id, action, minutes, on_date, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  storage::bind_all(insert, municipality, caseworker);
  if (seeker) insert.bind(3, *seeker);
  if (network) insert.bind(4, *network);
  insert.bind(5, action);
  insert.bind(6, minutes);
  insert.bind(7, to_iso_date(day));
  insert.bind(8, at_hour(day, 12));
  insert.exec();
}

// A past track decision (no factors kept: the demo's history has none).
struct past_decision {
  std::int64_t municipality;
  std::int64_t account;
  std::string track;
  std::string suggested_track;
  double score;
  std::string reason;
  std::int64_t decided_by;
  std::string at;
};

void insert_decision(SQLite::Database& db, const past_decision& d) {
  SQLite::Statement insert(
      db,
      "INSERT INTO track_decision (municipality_id, account_id, track, suggested_track, score, factors, reason, "
      "decided_by, decided_at) VALUES (?, ?, ?, ?, ?, '[]', ?, ?, ?)");
  storage::bind_all(insert, d.municipality, d.account, d.track, d.suggested_track, d.score, d.reason, d.decided_by,
                    d.at);
  insert.exec();
}

using std::chrono::days;
using std::chrono::sys_days;

// A past participant, as created: when they joined, the track they were given, and their caseworker.
struct past_person {
  std::int64_t id;
  sys_days entry;
  std::string track;
  std::int64_t caseworker;
};

// What every step of a municipality's simulated history writes to and draws from, and the day it runs up to.
struct history_context {
  SQLite::Database& db;
  draw& d;
  std::int64_t municipality;
  const std::vector<std::int64_t>& caseworkers;
  sys_days today;
  demo_report& report;
};

constexpr std::array<const char*, 4> meeting_templates{"lead_round", "goal_review", "interview_practice",
                                                       "setback_preparation"};
constexpr std::array<const char*, 8> lead_titles{
    "Lagermedarbejder", "Kundeservicemedarbejder",    "Pædagogmedhjælper", "Administrativ medarbejder",
    "Chauffør",         "Social- og sundhedshjælper", "Butiksassistent",   "IT-supporter"};

// Creates `people` past participants who joined over the last `months` months (at least 28 days ago), each with a
// profile, consent and a triaged track (one in five of the network tracks asks for individual effort instead);
// returns them in the order they joined. Draws per person: the day, the name, the profile, the wish.
std::vector<past_person> add_past_participants(const history_context& h, const taxonomy_pools& pools,
                                               const municipality_spec& place, int people, int months,
                                               const std::string& password_hash) {
  auto& db = h.db;
  auto& d = h.d;
  const auto municipality = h.municipality;
  const int span = std::max(30, months * 30);
  const std::string domain = std::string("@") + place.slug + ".demo.kreds.dk";
  const config::triage_section default_points;
  std::vector<past_person> past;
  for (int i = 0; i < people; ++i) {
    const auto entry = h.today - days(28 + static_cast<int>(d.below(static_cast<std::uint64_t>(span - 28))));
    const std::string first = first_names[d.below(first_names.size())];
    const std::string last = last_names[d.below(last_names.size())];
    const auto caseworker = h.caseworkers[static_cast<std::size_t>(i) % h.caseworkers.size()];
    auto id = create_account(db, municipality, role::seeker,
                             ascii_slug(first) + "." + ascii_slug(last) + ".tidligere" + std::to_string(i + 1) + domain,
                             first + " " + last, password_hash);
    if (!id) continue;
    const auto stamp = at_hour(entry, 9);
    db.exec("UPDATE account SET created_at = '" + stamp + "' WHERE id = " + std::to_string(*id));
    auto p = make_profile(d, pools, place, sys_days(entry) + std::chrono::hours(9));
    save_profile(db, *id, municipality, p, stamp);
    SQLite::Statement consent(
        db, "INSERT INTO consent (municipality_id, account_id, text_version, given_at) VALUES (?, ?, ?, ?)");
    storage::bind_all(consent, municipality, *id, std::string(consent_version), stamp);
    consent.exec();
    triage_facts facts;
    facts.target_group = p.target_group;
    facts.education_level = p.education_level;
    if (const auto since = parse_iso_date(p.unemployed_since))
      facts.unemployment_weeks = static_cast<int>((entry - *since).count() / 7);
    const auto scored = score_needs(facts, default_points);
    // One in five asks for individual effort; the caseworker agrees.
    const bool wish = scored.suggested_track != "individual" && d.chance(20);
    const std::string track = wish ? "individual" : scored.suggested_track;
    insert_decision(db, {municipality, *id, track, scored.suggested_track, scored.score,
                         wish ? "Ønsker individuel indsats" : "", caseworker, stamp});
    record_time(db, municipality, caseworker, *id, std::nullopt, "triage", 20, entry);
    past.push_back({*id, entry, track, caseworker});
    ++h.report.past_participants;
  }
  std::sort(past.begin(), past.end(), [](const past_person& a, const past_person& b) { return a.entry < b.entry; });
  return past;
}

// Individual effort: case handling every month until the course ends;
// the caseworker records the outcome (1.5 % a week find work or education).
void add_individual_effort(const history_context& h, const std::vector<past_person>& past) {
  auto& db = h.db;
  auto& d = h.d;
  for (const auto& p : past) {
    if (p.track != "individual") continue;
    for (auto day = p.entry + days(7); day < h.today; day += days(7)) {
      if (static_cast<int>(d.below(1000)) < 15) {
        SQLite::Statement outcome(
            db,
            "INSERT INTO case_outcome (account_id, municipality_id, kind, on_date, recorded_by, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?)");
        storage::bind_all(outcome, p.id, h.municipality, d.chance(75) ? "job" : "education", to_iso_date(day),
                          p.caseworker, at_hour(day + days(3), 14));
        outcome.exec();
        break;
      }
      if ((day - p.entry).count() % 28 == 7) {
        record_time(db, h.municipality, p.caseworker, p.id, std::nullopt, "manual", 70 + static_cast<int>(d.below(60)),
                    day);
      }
    }
  }
}

// Forms past networks one at a time and simulates each up to today: first every member's weeks, in the order
// they were seated, then the network's meetings with their attendance and leads. Facilitators take turns in the
// order the networks are formed. Every draw happens in that order.
class past_networks {
 public:
  explicit past_networks(const history_context& history) : h_(history) {}

  // A network of `members` a week after the last of them joined; none if that is less than two weeks before today.
  void form(const std::vector<const past_person*>& members);

 private:
  past_member seat(std::int64_t network, std::int64_t facilitator, sys_days created, const past_person& p);
  std::optional<sys_days> simulate_weeks(std::int64_t network, std::int64_t facilitator, sys_days created,
                                         const past_person& p);
  void record_outcome(std::int64_t network, const past_person& p, bool other, sys_days week);
  void move_to_individual(std::int64_t network, std::int64_t facilitator, const past_person& p, sys_days week);
  void hold_meetings(std::int64_t network, std::int64_t facilitator, sys_days created,
                     const std::vector<past_member>& seated);
  void record_attendance(std::int64_t meeting_id, std::int64_t facilitator, sys_days day,
                         const std::vector<std::int64_t>& present);
  void share_leads(std::int64_t network, std::int64_t meeting_id, sys_days day,
                   const std::vector<std::int64_t>& present);

  const history_context& h_;
  int network_no_ = 0;
};

void past_networks::form(const std::vector<const past_person*>& members) {
  auto& db = h_.db;
  const auto created = members.back()->entry + days(7);
  if (created > h_.today - days(14)) return;
  const auto facilitator = h_.caseworkers[static_cast<std::size_t>(network_no_++) % h_.caseworkers.size()];
  SQLite::Statement insert(db, "INSERT INTO network (municipality_id, facilitator_id, created_at) VALUES (?, ?, ?)");
  storage::bind_all(insert, h_.municipality, facilitator, at_hour(created, 10));
  insert.exec();
  const auto network = db.getLastInsertRowid();
  ++h_.report.past_networks;
  record_time(db, h_.municipality, facilitator, std::nullopt, network, "formation", 30, created);
  std::vector<past_member> seated;
  for (const auto* p : members) seated.push_back(seat(network, facilitator, created, *p));
  hold_meetings(network, facilitator, created, seated);
}

// Seats `p` in the network on the day it was created and simulates their weeks there.
past_member past_networks::seat(std::int64_t network, std::int64_t facilitator, sys_days created,
                                const past_person& p) {
  SQLite::Statement join(
      h_.db,
      "INSERT INTO network_member (network_id, account_id, municipality_id, joined_at, why_da, why_en) "
      "VALUES (?, ?, ?, ?, 'Fælles mål og tider', 'Shared goals and times')");
  storage::bind_all(join, network, p.id, h_.municipality, at_hour(created, 10));
  join.exec();
  past_member m{p.id, created, std::nullopt};
  m.gone = simulate_weeks(network, facilitator, created, p);
  return m;
}

// Week by week: work or education, another outcome, leaving, or still searching (now and then an alert).
// Returns the week `p` left the network in, if they did before today.
std::optional<sys_days> past_networks::simulate_weeks(std::int64_t network, std::int64_t facilitator, sys_days created,
                                                      const past_person& p) {
  const int event_per_mille = p.track == "network" ? 40 : 28;
  for (auto week = created + days(7); week < h_.today; week += days(7)) {
    const auto roll = static_cast<int>(h_.d.below(1000));
    if (roll < event_per_mille || roll >= 993) {
      record_outcome(network, p, roll >= 993, week);
      return week;
    }
    if (roll >= 990) {
      move_to_individual(network, facilitator, p, week);
      return week;
    }
    if (h_.d.chance(3)) record_time(h_.db, h_.municipality, facilitator, p.id, std::nullopt, "alert", 10, week);
  }
  return std::nullopt;
}

// `p` reports a job or education (some stay as mentors), or another outcome that closes the case.
// Draws, in order: mentor (not for another outcome), job or education, hours (not for another outcome).
void past_networks::record_outcome(std::int64_t network, const past_person& p, bool other, sys_days week) {
  auto& db = h_.db;
  auto& d = h_.d;
  const bool mentor = !other && d.chance(30);
  SQLite::Statement outcome(
      db,
      "INSERT INTO outcome (network_id, municipality_id, account_id, kind, on_date, hours_per_week, "
      "stay_as_mentor, reported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  storage::bind_all(outcome, network, h_.municipality, p.id, other ? "other" : (d.chance(80) ? "job" : "education"),
                    to_iso_date(week));
  if (!other) outcome.bind(6, 25 + static_cast<int>(d.below(13)));
  outcome.bind(7, mentor ? 1 : 0);
  outcome.bind(8, at_hour(week, 15));
  outcome.exec();
  db.exec(std::string("UPDATE network_member SET ") + (mentor ? "alumnus_since" : "left_at") + " = '" +
          at_hour(week, 15) + "' WHERE network_id = " + std::to_string(network) +
          " AND account_id = " + std::to_string(p.id));
  // Another outcome (moved away, long illness): the case closes.
  if (other) {
    db.exec("UPDATE account SET active = 0, deactivated_at = '" + at_hour(week, 15) +
            "' WHERE id = " + std::to_string(p.id));
  }
}

// `p` leaves the network for individual effort: the facilitator decides the new track and spends time on the move.
void past_networks::move_to_individual(std::int64_t network, std::int64_t facilitator, const past_person& p,
                                       sys_days week) {
  auto& db = h_.db;
  db.exec("UPDATE network_member SET left_at = '" + at_hour(week, 15) +
          "', left_reason = 'Ønskede individuel indsats' "
          "WHERE network_id = " +
          std::to_string(network) + " AND account_id = " + std::to_string(p.id));
  insert_decision(db, {h_.municipality, p.id, "individual", "individual", 0, "Ønskede individuel indsats", facilitator,
                       at_hour(week, 15)});
  record_time(db, h_.municipality, facilitator, p.id, std::nullopt, "move", 15, week);
}

// Meetings every two weeks while at least three members remain.
void past_networks::hold_meetings(std::int64_t network, std::int64_t facilitator, sys_days created,
                                  const std::vector<past_member>& seated) {
  auto& db = h_.db;
  int meeting_no = 0;
  for (auto day = created + days(7); day < h_.today; day += days(14)) {
    std::vector<std::int64_t> present;
    for (const auto& m : seated) {
      if (m.joined <= day && (!m.gone || *m.gone > day)) present.push_back(m.id);
    }
    if (present.size() < 3) break;
    SQLite::Statement meeting(
        db,
        "INSERT INTO meeting (network_id, municipality_id, created_by, client_id, template, starts_at, "
        "duration_minutes, place, created_at) VALUES (?, ?, ?, ?, ?, ?, 90, 'Jobcentret', ?)");
    ++meeting_no;
    storage::bind_all(meeting, network, h_.municipality, facilitator,
                      "demo-" + std::to_string(network) + "-" + std::to_string(meeting_no),
                      meeting_templates[static_cast<std::size_t>(meeting_no) % meeting_templates.size()],
                      at_hour(day, 9), at_hour(day - days(7), 9));
    meeting.exec();
    const auto meeting_id = db.getLastInsertRowid();
    record_attendance(meeting_id, facilitator, day, present);
    share_leads(network, meeting_id, day, present);
  }
}

// Who of `present` came to the meeting (four in five), as the facilitator recorded it. One draw per member.
void past_networks::record_attendance(std::int64_t meeting_id, std::int64_t facilitator, sys_days day,
                                      const std::vector<std::int64_t>& present) {
  for (const auto member : present) {
    SQLite::Statement attended(
        h_.db,
        "INSERT INTO meeting_attendance (meeting_id, account_id, present, recorded_by, recorded_at) "
        "VALUES (?, ?, ?, ?, ?)");
    storage::bind_all(attended, meeting_id, member, h_.d.chance(80) ? 1 : 0, facilitator, at_hour(day, 11));
    attended.exec();
  }
}

// Leads shared between meetings; some are applied for. Up to two leads; each draws: shared at all, sharer, title,
// the member who might use it, and (if not the sharer) whether they applied.
void past_networks::share_leads(std::int64_t network, std::int64_t meeting_id, sys_days day,
                                const std::vector<std::int64_t>& present) {
  auto& db = h_.db;
  auto& d = h_.d;
  for (int lead = 0; lead < 2; ++lead) {
    if (!d.chance(60)) continue;
    const auto sharer = present[d.below(present.size())];
    SQLite::Statement share(
        db,
        "INSERT INTO job_lead (network_id, municipality_id, shared_by, client_id, title, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    storage::bind_all(share, network, h_.municipality, sharer,
                      "demo-" + std::to_string(meeting_id) + "-" + std::to_string(lead),
                      lead_titles[d.below(lead_titles.size())], at_hour(day + days(2 + lead * 4), 13));
    share.exec();
    const auto lead_id = db.getLastInsertRowid();
    const auto user = present[d.below(present.size())];
    if (user != sharer && d.chance(45)) {
      SQLite::Statement mark(
          db, "INSERT INTO job_lead_mark (lead_id, account_id, status, updated_at) VALUES (?, ?, 'applied', ?)");
      storage::bind_all(mark, lead_id, user, at_hour(day + days(4 + lead * 4), 16));
      mark.exec();
    }
  }
}

// Networks formed as people came, six to eight at a time (one draw per person on a network track). The last
// few without a network are triaged to individual effort instead, so today's waiting pool holds only the
// current seekers.
void add_past_networks(const history_context& h, const std::vector<past_person>& past) {
  past_networks networks(h);
  std::vector<const past_person*> waiting;
  for (const auto& p : past) {
    if (p.track == "individual") continue;
    waiting.push_back(&p);
    if (static_cast<int>(waiting.size()) >= 6 + static_cast<int>(h.d.below(3))) {
      networks.form(waiting);
      waiting.clear();
    }
  }
  for (const auto* p : waiting) {
    insert_decision(h.db, {h.municipality, p->id, "individual", p->track, 0, "Intet netværk med plads", p->caseworker,
                           at_hour(p->entry + days(1), 9)});
  }
}

// The simulated history of one municipality: past participants, their individual effort, then their networks.
void add_history(SQLite::Database& db, draw& d, const taxonomy_pools& pools, const municipality_spec& place,
                 std::int64_t municipality, const std::vector<std::int64_t>& caseworkers, int people, int months,
                 const std::string& password_hash, time_point now, demo_report& report) {
  const history_context h{db, d, municipality, caseworkers, day_of(now), report};
  const auto past = add_past_participants(h, pools, place, people, months, password_hash);
  add_individual_effort(h, past);
  add_past_networks(h, past);
}

}  // namespace

namespace {

result<void> check_options(const demo_options& options) {
  if (options.municipalities < 1 || options.municipalities > static_cast<int>(municipalities().size())) {
    return kreds::error{errc::invalid_field, "municipalities must be 1 to " + std::to_string(municipalities().size()),
                        "municipalities"};
  }
  if (options.seekers < 0 || options.seekers > 1000000) {
    return kreds::error{errc::invalid_field, "seekers must be 0 to 1000000", "seekers"};
  }
  if (options.caseworkers_per_municipality < 1 || options.caseworkers_per_municipality > 1000) {
    return kreds::error{errc::invalid_field, "caseworkers must be 1 to 1000", "caseworkers"};
  }
  if (options.history_months < 0 || options.history_months > 60) {
    return kreds::error{errc::invalid_field, "history months must be 0 to 60", "history_months"};
  }
  return {};
}

// Writes one demo municipality after another, in one transaction, drawing
// every name and profile from one seeded `draw` (so a seed gives one demo).
class demo_writer {
 public:
  demo_writer(SQLite::Database& db, const taxonomy_pools& pools, const demo_options& options,
              const std::string& password_hash, time_point now)
      : db_(db),
        pools_(pools),
        options_(options),
        password_hash_(password_hash),
        now_(now),
        stamp_(to_iso(now)),
        d_(options.seed),
        decision_(db,
                  "INSERT INTO track_decision (municipality_id, account_id, track, suggested_track, score, factors, "
                  "decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        consent_(db, "INSERT INTO consent (municipality_id, account_id, text_version, given_at) VALUES (?, ?, ?, ?)") {
    report_.password = demo_password;
  }

  result<demo_report> write() {
    SQLite::Transaction transaction(db_);
    for (int m = 0; m < options_.municipalities; ++m) {
      KREDS_CHECK(add_municipality(m));
    }
    transaction.commit();
    return std::move(report_);
  }

 private:
  result<void> add_municipality(int m) {
    const auto& place = municipalities()[static_cast<std::size_t>(m)];
    auto municipality = create_municipality(db_, place.code, place.name);
    KREDS_RETURN_IF_ERROR(municipality);
    ++report_.municipalities;
    const std::string domain = std::string("@") + place.slug + ".demo.kreds.dk";
    auto caseworkers = add_staff(*municipality, place, domain);
    KREDS_RETURN_IF_ERROR(caseworkers);
    // Seekers are spread evenly; the first municipality takes the remainder.
    const int count =
        options_.seekers / options_.municipalities + (m == 0 ? options_.seekers % options_.municipalities : 0);
    for (int s = 1; s <= count; ++s) {
      if (auto added = add_seeker(*municipality, place, domain, s, caseworkers->front()); !added) {
        return std::move(added).err();
      }
    }
    if (options_.history_months > 0) {
      add_history(db_, d_, pools_, place, *municipality, *caseworkers, count, options_.history_months, password_hash_,
                  now_, report_);
    }
    return {};
  }

  // The administrator and the caseworkers; returns the caseworkers' ids.
  result<std::vector<std::int64_t>> add_staff(std::int64_t municipality, const municipality_spec& place,
                                              const std::string& domain) {
    auto admin = create_account(db_, municipality, role::admin, "admin" + domain,
                                "Administrator, " + std::string(place.name), password_hash_);
    KREDS_RETURN_IF_ERROR(admin);
    report_.logins.push_back({"admin", "admin" + domain, place.name});
    std::vector<std::int64_t> caseworkers;
    for (int c = 1; c <= options_.caseworkers_per_municipality; ++c) {
      const std::string email = "jobraadgiver" + std::to_string(c) + domain;
      const std::string name = std::string(first_names[d_.below(first_names.size())]) + " " +
                               last_names[d_.below(last_names.size())] + " (jobrådgiver)";
      auto id = create_account(db_, municipality, role::caseworker, email, name, password_hash_);
      KREDS_RETURN_IF_ERROR(id);
      caseworkers.push_back(*id);
      ++report_.caseworkers;
      if (c == 1) report_.logins.push_back({"caseworker", email, place.name});
    }
    return caseworkers;
  }

  // One seeker with consent and a profile, triaged by the first caseworker:
  // the suggested track with the default [triage] points, so the pool holds
  // the network tracks.
  result<void> add_seeker(std::int64_t municipality, const municipality_spec& place, const std::string& domain, int s,
                          std::int64_t first_caseworker) {
    const std::string first = first_names[d_.below(first_names.size())];
    const std::string last = last_names[d_.below(last_names.size())];
    const std::string email = ascii_slug(first) + "." + ascii_slug(last) + "." + std::to_string(s) + domain;
    auto id = create_account(db_, municipality, role::seeker, email, first + " " + last, password_hash_);
    KREDS_RETURN_IF_ERROR(id);
    consent_.reset();
    storage::bind_all(consent_, municipality, *id, std::string(consent_version), stamp_);
    consent_.exec();
    auto p = make_profile(d_, pools_, place, now_);
    p.introduction = "Hej, jeg hedder " + first + ". Jeg vil gerne i et netværk med andre, der søger job.";
    save_profile(db_, *id, municipality, p, stamp_);
    const auto scored = score_needs(facts_of(p), default_points_);
    json::array factors;
    for (const auto& f : scored.factors) {
      factors.push_back(json::object{{"factor", f.factor}, {"value", f.value}, {"points", f.points}});
    }
    decision_.reset();
    storage::bind_all(decision_, municipality, *id, scored.suggested_track, scored.suggested_track, scored.score,
                      json_text(factors), first_caseworker, stamp_);
    decision_.exec();
    ++report_.seekers;
    if (s == 1) report_.logins.push_back({"seeker", email, place.name});
    return {};
  }

  triage_facts facts_of(const profile& p) const {
    triage_facts facts;
    facts.target_group = p.target_group;
    facts.education_level = p.education_level;
    if (const auto since = parse_iso_date(p.unemployed_since)) {
      facts.unemployment_weeks = static_cast<int>((day_of(now_) - *since).count() / 7);
    }
    return facts;
  }

  SQLite::Database& db_;
  const taxonomy_pools& pools_;
  const demo_options& options_;
  const std::string& password_hash_;
  const time_point now_;
  const std::string stamp_;
  draw d_;
  demo_report report_;
  const config::triage_section default_points_;
  SQLite::Statement decision_;
  SQLite::Statement consent_;
};

}  // namespace

result<demo_report> create_demo(SQLite::Database& db, const taxonomy::taxonomy& taxonomy, const demo_options& options,
                                const std::string& password_hash, time_point now) {
  KREDS_CHECK(check_options(options));
  const auto pools = pools_of(taxonomy);
  if (pools.skill_groups.empty() || pools.occupations_by_major[2].empty()) {
    return kreds::error{errc::invalid_field, "the taxonomy has no occupations or skills to draw from", "taxonomy.path"};
  }
  return demo_writer(db, pools, options, password_hash, now).write();
}

}  // namespace kreds::features
