// The caseworker's portfolio (docs/api.md, "Triage and follow-up"): every
// network they facilitate with its health, most in need first; a network's
// detail (members with their alerts, reported messages) — audited, one entry
// per member shown; hiding a reported message with a reason; and moving a
// member to another network or to individual effort, with a reason.
#pragma once
#include "features/common/feature.hpp"

namespace kreds::features {}  // namespace kreds::features
