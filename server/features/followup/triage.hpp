// Triage: which track fits a job seeker (docs/triage.md). Kreds suggests
// and explains; the caseworker decides.
//
// The seeker answers a short self-assessment; with the facts Kreds holds
// (unemployment duration, earlier long spells, education level, target
// group) a transparent points model from `[triage]` gives a needs score and
// each factor's contribution in words. The score suggests a track; the
// caseworker's decision is stored beside the suggestion, the score, the
// factors and the seeker's own wish, with a reason whenever it differs
// from the suggestion. Gender, citizenship, ethnicity, age and health are
// not inputs: score_needs() cannot see them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "features/common/feature.hpp"
#include "platform/access.hpp"
#include "platform/config.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

inline constexpr const char* tracks[] = {"network", "network_sparring", "individual"};
bool is_track(std::string_view text);

struct assessment_question {
  const char* id;
  const char* text_da;
  const char* text_en;
  bool unsure_allowed;  // "yes", "no" and maybe "unsure"
};
const std::vector<assessment_question>& assessment_questions();

struct triage_facts {
  int unemployment_weeks = 0;
  int earlier_long_spells = 0;
  int education_level = 0;  // 0-8
  std::string target_group;
  std::map<std::string, std::string> answers;  // empty when not submitted
};

struct score_factor {
  std::string factor;  // "unemployment_weeks", "expects_job_soon", ...
  std::string value;   // the fact or answer, as text
  double points = 0;
};

struct needs_score {
  double score = 0;
  std::string suggested_track;
  std::vector<score_factor> factors;  // every factor, also those giving 0 points
};

needs_score score_needs(const triage_facts& facts, const config::triage_section& weights);

// The factor in words, for caseworker and seeker ("Ledig i 30 uger").
std::string factor_text(const score_factor& factor, std::string_view language);

// Stores a track decision beside the suggestion, score, factors and wish
// (writer only); the reason is required when the track differs from the
// suggestion. Audited, and counted as staff time. Returns the decision.
result<boost::json::object> record_track_decision(SQLite::Database& db, const caller& who, std::int64_t seeker,
                                                  const std::string& track, const std::string& reason,
                                                  std::optional<int> earlier_long_spells, time_point now,
                                                  const config& settings, const std::string& language);

}  // namespace kreds::features
