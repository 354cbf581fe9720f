#include "features/dashboard/kaplan_meier.hpp"

#include <algorithm>
#include <cmath>

namespace kreds::features {

namespace {

constexpr double z95 = 1.959963984540054;

}  // namespace

double survival_curve::survival_at(double time) const {
  double s = 1.0;
  for (const auto& step : steps) {
    if (step.time > time) break;
    s = step.survival;
  }
  return s;
}

int survival_curve::at_risk_at(double time, const std::vector<follow_up>& data) const {
  return static_cast<int>(std::count_if(data.begin(), data.end(), [&](const follow_up& f) { return f.time >= time; }));
}

survival_curve kaplan_meier(std::vector<follow_up> data) {
  // At a tie, events come before censorings: a person censored at t was
  // still at risk at t.
  std::sort(data.begin(), data.end(), [](const follow_up& a, const follow_up& b) {
    return a.time != b.time ? a.time < b.time : a.event > b.event;
  });
  survival_curve curve;
  curve.people = static_cast<int>(data.size());
  double s = 1.0;
  double greenwood = 0.0;
  std::size_t i = 0;
  while (i < data.size()) {
    const double t = data[i].time;
    const int at_risk = static_cast<int>(data.size() - i);
    int events = 0, censored = 0;
    for (; i < data.size() && data[i].time == t; ++i) (data[i].event ? events : censored)++;
    curve.events += events;
    curve.censored += censored;
    if (events == 0) continue;
    s *= 1.0 - static_cast<double>(events) / at_risk;
    if (at_risk > events)
      greenwood += static_cast<double>(events) / (static_cast<double>(at_risk) * (at_risk - events));
    double lower = 0.0, upper = 0.0;
    if (s > 0.0 && s < 1.0) {
      const double se = std::sqrt(greenwood) / std::abs(std::log(s));
      lower = std::pow(s, std::exp(z95 * se));
      upper = std::pow(s, std::exp(-z95 * se));
    }
    curve.steps.push_back({t, at_risk, events, s, lower, upper});
  }
  for (const auto& step : curve.steps) {
    if (!curve.median && step.survival <= 0.5) curve.median = step.time;
    // The median's interval: where the band's lower and upper edges cross one half.
    if (!curve.median_lower && step.lower <= 0.5) curve.median_lower = step.time;
    if (!curve.median_upper && step.upper <= 0.5) curve.median_upper = step.time;
  }
  return curve;
}

}  // namespace kreds::features
