#include <catch2/catch.hpp>

#include <algorithm>

#include "features/followup/triage.hpp"

using namespace kreds;
using namespace kreds::features;

namespace {

triage_facts typical() {
  triage_facts f;
  f.unemployment_weeks = 30;
  f.earlier_long_spells = 1;
  f.education_level = 2;
  f.target_group = "insured_unemployed";
  f.answers = {{"expects_job_soon", "no"},
               {"confident_applying", "unsure"},
               {"wants_network", "yes"},
               {"wants_caseworker_contact", "yes"},
               {"limits_on_work", "no"}};
  return f;
}

double points_of(const needs_score& s, const std::string& factor) {
  const auto found =
      std::find_if(s.factors.begin(), s.factors.end(), [&](const auto& f) { return f.factor == factor; });
  REQUIRE(found != s.factors.end());
  return found->points;
}

}  // namespace

TEST_CASE("triage: each factor contributes its configured points, and the sum is the score", "[unit][triage]") {
  const config::triage_section w;
  const auto s = score_needs(typical(), w);
  CHECK(points_of(s, "unemployment_weeks") == Approx(30 * w.points_per_unemployed_week));
  CHECK(points_of(s, "earlier_long_spells") == Approx(w.points_per_earlier_long_spell));
  CHECK(points_of(s, "education_level") == Approx(w.points_low_education));
  CHECK(points_of(s, "target_group") == 0);
  CHECK(points_of(s, "expects_job_soon") == Approx(w.points_expects_no_job));
  CHECK(points_of(s, "confident_applying") == Approx(w.points_not_confident / 2));
  CHECK(points_of(s, "wants_caseworker_contact") == Approx(w.points_wants_caseworker));
  CHECK(points_of(s, "limits_on_work") == 0);
  CHECK(points_of(s, "wants_network") == 0);
  double sum = 0;
  for (const auto& f : s.factors) sum += f.points;
  CHECK(s.score == Approx(sum).margin(0.01));
  CHECK(s.factors.size() == 9);  // every factor is shown, also those giving 0
}

TEST_CASE("triage: the score suggests a track by the configured thresholds", "[unit][triage]") {
  config::triage_section w;
  triage_facts light;
  light.education_level = 5;
  light.target_group = "insured_unemployed";
  light.unemployment_weeks = 4;
  CHECK(score_needs(light, w).suggested_track == "network");
  CHECK(score_needs(typical(), w).suggested_track == "individual");  // 1.2 + 1 + 1 + 1.5 + 0.5 + 0.5 = 5.7
  auto milder = typical();
  milder.answers["expects_job_soon"] = "yes";
  milder.earlier_long_spells = 0;
  CHECK(score_needs(milder, w).suggested_track == "network_sparring");  // 3.2
  auto heavy = typical();
  heavy.unemployment_weeks = 60;
  heavy.earlier_long_spells = 3;
  heavy.answers["limits_on_work"] = "yes";
  CHECK(score_needs(heavy, w).suggested_track == "individual");
  w.individual_from = 100;  // the thresholds live in config
  CHECK(score_needs(heavy, w).suggested_track == "network_sparring");
}

TEST_CASE("triage: nothing but the listed facts and answers moves the score", "[unit][triage]") {
  // The model's inputs have no gender, citizenship, ethnicity, age or health:
  // answers to questions outside the model (what help one wants) and unknown
  // keys a client might send change nothing.
  const config::triage_section w;
  const auto base = score_needs(typical(), w);
  auto other = typical();
  other.answers["wants_help_cv"] = "yes";
  other.answers["wants_help_interview"] = "yes";
  other.answers["knows_people_in_field"] = "no";
  other.answers["gender"] = "female";
  other.answers["citizenship"] = "non-eu";
  other.answers["age"] = "58";
  other.answers["health"] = "diagnosis";
  const auto same = score_needs(other, w);
  CHECK(same.score == base.score);
  CHECK(same.suggested_track == base.suggested_track);
  for (const auto& f : same.factors) {
    CHECK(f.factor != "gender");
    CHECK(f.factor != "citizenship");
    CHECK(f.factor != "age");
    CHECK(f.factor != "health");
  }
}

TEST_CASE("triage: factors read as words in Danish and English", "[unit][triage]") {
  const auto s = score_needs(typical(), config::triage_section{});
  CHECK(factor_text(s.factors[0], "da") == "Ledig i 30 uger");
  CHECK(factor_text(s.factors[0], "en") == "Unemployed for 30 weeks");
  const auto expects =
      std::find_if(s.factors.begin(), s.factors.end(), [](const auto& f) { return f.factor == "expects_job_soon"; });
  CHECK(factor_text(*expects, "da").ends_with(" nej"));
  CHECK(factor_text(*expects, "en").ends_with(" no"));
  triage_facts empty;
  const auto unanswered = score_needs(empty, config::triage_section{});
  const auto confident = std::find_if(unanswered.factors.begin(), unanswered.factors.end(),
                                      [](const auto& f) { return f.factor == "confident_applying"; });
  CHECK(confident->points == 0);
  CHECK(factor_text(*confident, "da").ends_with("ikke besvaret"));
}
