// The Kaplan–Meier estimate of time to an event (here: a job or education)
// from follow-up times where some people have not had the event yet: they
// are censored at the end of their follow-up — they count while followed,
// never as failures and never dropped. Confidence intervals are 95 %,
// Greenwood's variance on the log(-log) scale (they stay within 0..1); the
// median's interval is Brookmeyer–Crowley's (the times where the band
// crosses one half). Pure functions.
#pragma once

#include <optional>
#include <vector>
#include "features/common/feature.hpp"

namespace kreds::features {

struct follow_up {
  double time;  // from the start (weeks)
  bool event;   // true: the event happened at `time`; false: censored at `time`
};

struct survival_step {
  double time;      // an event time
  int at_risk;      // followed just before `time`
  int events;       // events at `time`
  double survival;  // share without the event after `time`
  double lower;     // 95 % band
  double upper;
};

struct survival_curve {
  int people = 0;
  int events = 0;
  int censored = 0;
  std::vector<survival_step> steps;  // one per distinct event time, in order
  std::optional<double> median;      // first time survival <= 0.5; none if never
  std::optional<double> median_lower;
  std::optional<double> median_upper;

  // The estimate at `time` (1 before the first event) and the number still
  // followed at `time`.
  double survival_at(double time) const;
  int at_risk_at(double time, const std::vector<follow_up>& data) const;
};

survival_curve kaplan_meier(std::vector<follow_up> data);

}  // namespace kreds::features
