// The municipality's pilot dashboard (docs/dashboard.md), for the role
// admin: results, not process — aggregates only, never a person.
//
//   GET /api/v1/dashboard?from&to&track&target_group&caseworker
//   GET /api/v1/dashboard/{table}.csv?lang&<the same filters>
//
// Everyone's start is their first track decision (the track they were
// given: "intention to treat"). The event is the first job or education
// they report in a network or their caseworker records (case outcome); people still searching are censored at today,
// people who left for another reason (an "other" outcome, leaving every network without an outcome, a closed account)
// at that day. Every count of people goes through suppress_small_numbers() before it leaves the server.
#pragma once
#include "features/common/feature.hpp"

namespace kreds::features {}  // namespace kreds::features
