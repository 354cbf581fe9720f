// `kreds demo`: a realistic, deterministic demo population.
//
// From a seed, creates municipalities (Aarhus first; then Copenhagen,
// Odense, Aalborg, Esbjerg, Randers, ... for larger runs), each with one
// admin, caseworkers, and seekers whose profiles follow plausible
// distributions: target groups, unemployment durations, goals across the
// ISCO-08 hierarchy, ESCO skills, languages (mostly Danish, some English and
// others), the municipality's own postcodes and weekly availability. Every
// demo account shares one password, printed with the logins. The same seed
// and options give the same population. Past participants (history_months)
// are extra: they sit in networks formed in the past, have left, or have
// found work, so today's waiting pool holds only the `seekers`. Runs on the
// caller's connection in one transaction; 100,000 seekers take seconds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "features/common/feature.hpp"
#include "taxonomy/taxonomy.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

struct demo_options {
  std::uint64_t seed = 1;
  int seekers = 2000;      // in all, spread over the municipalities
  int municipalities = 1;  // 1-12
  int caseworkers_per_municipality = 10;
  // Simulated history: as many past participants as there are seekers,
  // joined over this many months, with networks, meetings, leads, outcomes,
  // exits and caseworker time, so the dashboard shows curves on first run.
  // 0: no history.
  int history_months = 18;
};

struct demo_login {
  std::string role;
  std::string email;
  std::string municipality;
};

struct demo_report {
  std::vector<demo_login> logins;  // one admin, one caseworker, one seeker per municipality
  std::string password;
  int municipalities = 0;
  int seekers = 0;
  int caseworkers = 0;
  int past_participants = 0;
  int past_networks = 0;
};

inline constexpr const char* demo_password = "kreds-demo-2026";

result<demo_report> create_demo(SQLite::Database& db, const taxonomy::taxonomy& taxonomy, const demo_options& options,
                                const std::string& password_hash, time_point now);

}  // namespace kreds::features
