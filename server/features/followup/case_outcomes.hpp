// How a seeker's course ended, recorded by their caseworker
// (docs/api.md, "Triage and follow-up"): for seekers on individual effort,
// who have no network to report in, or when the caseworker learns it first.
// One outcome per seeker, whether reported in a network or recorded here;
// both reading and recording are audited. The dashboard counts these
// beside the network outcomes.
//
//   GET  /api/v1/seekers/{id}/outcome?purpose=
//   POST /api/v1/seekers/{id}/outcome {"kind", "date", "purpose"}
#pragma once
#include "features/common/feature.hpp"

namespace kreds::features {}  // namespace kreds::features
