// Unread counts and "since your last visit" (docs/protocol.md): each
// member's read mark per network (the last chat message shown, only ever
// moving forward) and the time of their last digest, from which the next
// digest counts new messages, leads, meetings, outcomes, joins and leaves.
#pragma once
#include "features/common/feature.hpp"

namespace kreds::features {}  // namespace kreds::features
