// Asking for help (docs/protocol.md, "Asking for help"): a member's private
// request to the network's caseworker, and the caseworker's answer. Other
// members never see requests; the caseworker is told at once.
#pragma once
#include "features/common/feature.hpp"

namespace kreds::features {}  // namespace kreds::features
