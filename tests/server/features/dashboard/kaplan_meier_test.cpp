#include <catch2/catch.hpp>

#include "features/dashboard/kaplan_meier.hpp"

using namespace kreds;
using namespace kreds::features;
using Approx = Catch::Detail::Approx;

// Seven people, weeks from joining: events at 3, 6, 6 and 10; still searching
// (censored) at 5, 8 and 12. By hand:
//   t=3:  7 at risk, 1 event   S = 6/7           = 0.857143
//   t=6:  5 at risk, 2 events  S = 0.857143 * 3/5 = 0.514286
//   t=10: 2 at risk, 1 event   S = 0.514286 * 1/2 = 0.257143
// Greenwood sums 1/42, +2/15, +1/2; log(-log) 95 % bands:
//   t=3 (0.334054, 0.978561), t=6 (0.117760, 0.813249), t=10 (0.012584, 0.656016)
TEST_CASE("kaplan_meier: a hand-computed example with censoring", "[dashboard][kaplan_meier]") {
  const auto curve = kaplan_meier({{3, true}, {5, false}, {6, true}, {6, true}, {8, false}, {10, true}, {12, false}});
  CHECK(curve.people == 7);
  CHECK(curve.events == 4);
  CHECK(curve.censored == 3);
  REQUIRE(curve.steps.size() == 3);
  CHECK(curve.steps[0].time == 3);
  CHECK(curve.steps[0].at_risk == 7);
  CHECK(curve.steps[0].survival == Approx(0.857143).margin(1e-6));
  CHECK(curve.steps[0].lower == Approx(0.334054).margin(1e-6));
  CHECK(curve.steps[0].upper == Approx(0.978561).margin(1e-6));
  CHECK(curve.steps[1].time == 6);
  CHECK(curve.steps[1].at_risk == 5);
  CHECK(curve.steps[1].events == 2);
  CHECK(curve.steps[1].survival == Approx(0.514286).margin(1e-6));
  CHECK(curve.steps[1].lower == Approx(0.117760).margin(1e-6));
  CHECK(curve.steps[1].upper == Approx(0.813249).margin(1e-6));
  CHECK(curve.steps[2].time == 10);
  CHECK(curve.steps[2].at_risk == 2);
  CHECK(curve.steps[2].survival == Approx(0.257143).margin(1e-6));
  CHECK(curve.steps[2].lower == Approx(0.012584).margin(1e-6));
  CHECK(curve.steps[2].upper == Approx(0.656016).margin(1e-6));
  // Median 10 weeks; its interval runs from 3 weeks and its top is not reached.
  REQUIRE(curve.median);
  CHECK(*curve.median == 10);
  REQUIRE(curve.median_lower);
  CHECK(*curve.median_lower == 3);
  CHECK_FALSE(curve.median_upper);
  CHECK(curve.survival_at(0) == 1.0);
  CHECK(curve.survival_at(7) == Approx(0.514286).margin(1e-6));
}

TEST_CASE("kaplan_meier: censored people count while followed and are never failures", "[dashboard][kaplan_meier]") {
  // Dropping the three censored people would give S(6) = 1/4; counting them gives 3/5 * 6/7.
  const auto curve = kaplan_meier({{3, true}, {5, false}, {6, true}, {6, true}, {8, false}, {10, true}, {12, false}});
  CHECK(curve.survival_at(6) == Approx(6.0 / 7 * 3 / 5));
  // Censored at the same time as an event: still at risk at that time.
  const auto tie = kaplan_meier({{4, false}, {4, true}, {9, true}});
  REQUIRE(tie.steps.size() == 2);
  CHECK(tie.steps[0].at_risk == 3);
  CHECK(tie.steps[0].survival == Approx(2.0 / 3));
  CHECK(tie.steps[1].at_risk == 1);
  CHECK(tie.steps[1].survival == 0.0);
}

TEST_CASE("kaplan_meier: nobody, or nobody with the event, gives a flat curve and no median",
          "[dashboard][kaplan_meier]") {
  const auto empty = kaplan_meier({});
  CHECK(empty.people == 0);
  CHECK(empty.steps.empty());
  CHECK_FALSE(empty.median);
  const auto none = kaplan_meier({{2, false}, {5, false}});
  CHECK(none.steps.empty());
  CHECK(none.censored == 2);
  CHECK(none.survival_at(100) == 1.0);
  CHECK_FALSE(none.median);
}
