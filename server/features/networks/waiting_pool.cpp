#include "features/networks/waiting_pool.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>

namespace kreds::features {
namespace {

matching::language_level level_of(const std::string& level) {
  if (level == "native") return matching::language_level::native;
  if (level == "fluent") return matching::language_level::c1;
  if (level == "good") return matching::language_level::b1;
  return matching::language_level::a2;
}

matching::meeting_mode mode_of(const std::string& preference) {
  if (preference == "in_person") return matching::meeting_mode::in_person;
  if (preference == "online") return matching::meeting_mode::online;
  return matching::meeting_mode::both;
}

// Reads one municipality's waiting pool, one table at a time.
class pool_loader {
 public:
  pool_loader(SQLite::Database& db, std::int64_t municipality_id) : db_(db), municipality_id_(municipality_id) {}

  waiting_pool load() && {
    add_seekers();
    add_goals();
    add_skills();
    add_languages();
    add_prior_networks();
    add_kept_apart();
    return std::move(pool_);
  }

 private:
  matching::seeker* find(std::int64_t id) {
    auto it = index_.find(static_cast<matching::seeker_id>(id));
    return it == index_.end() ? nullptr : &pool_.seekers[it->second];
  }

  // Who waits: consenting seekers on a network track, in no open network,
  // with no job or education recorded.
  void add_seekers() {
    SQLite::Statement seekers(
        db_,
        "SELECT a.id, a.display_name, p.postcode, p.availability, p.meeting_preference, "
        "p.target_group, (SELECT min(given_at) FROM consent c WHERE c.account_id = a.id "
        "AND c.withdrawn_at IS NULL), t.track FROM account a JOIN profile p ON p.account_id = a.id "
        // only seekers whose current track is a network track wait (triage)
        "JOIN track_decision t ON t.id = (SELECT max(id) FROM track_decision d WHERE d.account_id = a.id) "
        "AND t.track IN ('network', 'network_sparring') "
        "WHERE a.municipality_id = ? AND a.role = 'seeker' AND a.active = 1 "
        "AND EXISTS (SELECT 1 FROM consent c WHERE c.account_id = a.id AND c.withdrawn_at IS NULL) "
        "AND NOT EXISTS (SELECT 1 FROM network_member m JOIN network n ON n.id = m.network_id "
        "WHERE m.account_id = a.id AND m.left_at IS NULL AND n.closed_at IS NULL) "
        // who got a job or started education waits for no network
        "AND NOT EXISTS (SELECT 1 FROM outcome o WHERE o.account_id = a.id AND o.kind <> 'other') "
        "AND NOT EXISTS (SELECT 1 FROM case_outcome c WHERE c.account_id = a.id AND c.kind <> 'other') "
        "ORDER BY a.id");
    seekers.bind(1, municipality_id_);
    while (seekers.executeStep()) {
      matching::seeker s;
      s.id = static_cast<matching::seeker_id>(seekers.getColumn(0).getInt64());
      s.municipality = static_cast<std::uint32_t>(municipality_id_);
      s.postcode = static_cast<std::uint16_t>(std::stoi(seekers.getColumn(2).getString()));
      s.availability = matching::week_slots(static_cast<unsigned long long>(seekers.getColumn(3).getInt64()));
      s.mode = mode_of(seekers.getColumn(4).getString());
      if (seekers.getColumn(5).getString() == "young") s.kinds.push_back("young");
      index_[s.id] = pool_.seekers.size();
      pool_.details[s.id] = {
          seekers.getColumn(1).getString(), seekers.getColumn(6).getString(), {}, seekers.getColumn(7).getString()};
      pool_.seekers.push_back(std::move(s));
    }
  }

  void add_goals() {
    SQLite::Statement goals(
        db_,
        "SELECT g.account_id, g.kind, g.isco_code FROM profile_goal g JOIN profile p "
        "ON p.account_id = g.account_id WHERE p.municipality_id = ? ORDER BY g.account_id, g.position");
    goals.bind(1, municipality_id_);
    while (goals.executeStep()) {
      auto* s = find(goals.getColumn(0).getInt64());
      if (!s) continue;
      const auto kind = goals.getColumn(1).getString();
      if (kind == "occupation") {
        const auto code = goals.getColumn(2).getString();
        if (s->goals.empty()) pool_.details[s->id].main_goal_isco = code;
        s->goals.push_back(matching::occupation_goal(static_cast<std::uint16_t>(std::stoi(code))));
      } else {
        s->goals.push_back(kind == "education" ? matching::education_goal() : matching::own_business_goal());
      }
    }
  }

  // Skills become small integers, numbered in the order first seen.
  void add_skills() {
    SQLite::Statement skills(db_,
                             "SELECT s.account_id, s.skill_id FROM profile_skill s JOIN profile p "
                             "ON p.account_id = s.account_id WHERE p.municipality_id = ?");
    skills.bind(1, municipality_id_);
    while (skills.executeStep()) {
      auto* s = find(skills.getColumn(0).getInt64());
      if (!s) continue;
      const auto id = skills.getColumn(1).getString();
      auto [it, added] = skill_ids_.emplace(id, static_cast<std::uint32_t>(skill_ids_.size()));
      s->skills.push_back(it->second);
    }
  }

  // Languages, and who needs English as the network's language.
  void add_languages() {
    SQLite::Statement languages(db_,
                                "SELECT l.account_id, l.code, l.level FROM profile_language l JOIN profile p "
                                "ON p.account_id = l.account_id WHERE p.municipality_id = ?");
    languages.bind(1, municipality_id_);
    while (languages.executeStep()) {
      auto* s = find(languages.getColumn(0).getInt64());
      if (!s) continue;
      s->languages.push_back({languages.getColumn(1).getString(), level_of(languages.getColumn(2).getString())});
    }
    for (auto& s : pool_.seekers) {
      const auto danish =
          std::find_if(s.languages.begin(), s.languages.end(), [](const auto& l) { return l.code == "da"; });
      if (danish == s.languages.end() || danish->level < matching::language_level::b1)
        s.kinds.push_back("needs_english");
    }
  }

  // How often two waiting seekers were in a network together before.
  void add_prior_networks() {
    SQLite::Statement prior(
        db_,
        "SELECT m1.account_id, m2.account_id, count(*) FROM network_member m1 JOIN network_member m2 "
        "ON m1.network_id = m2.network_id AND m1.account_id < m2.account_id "
        "WHERE m1.municipality_id = ? GROUP BY 1, 2");
    prior.bind(1, municipality_id_);
    while (prior.executeStep()) {
      auto* a = find(prior.getColumn(0).getInt64());
      auto* b = find(prior.getColumn(1).getInt64());
      const auto times = static_cast<std::uint32_t>(prior.getColumn(2).getInt());
      if (a && b) {
        a->prior.push_back({b->id, times});
        b->prior.push_back({a->id, times});
      }
    }
  }

  // The pairs a caseworker said must not be grouped.
  void add_kept_apart() {
    SQLite::Statement apart(db_, "SELECT seeker_a, seeker_b FROM do_not_group WHERE municipality_id = ?");
    apart.bind(1, municipality_id_);
    while (apart.executeStep()) {
      auto* a = find(apart.getColumn(0).getInt64());
      if (a) a->do_not_group.push_back(static_cast<matching::seeker_id>(apart.getColumn(1).getInt64()));
    }
  }

  SQLite::Database& db_;
  const std::int64_t municipality_id_;
  waiting_pool pool_;
  std::unordered_map<matching::seeker_id, std::size_t> index_;
  std::unordered_map<std::string, std::uint32_t> skill_ids_;
};

}  // namespace

waiting_pool load_waiting_pool(SQLite::Database& db, std::int64_t municipality_id) {
  return pool_loader(db, municipality_id).load();
}

}  // namespace kreds::features
