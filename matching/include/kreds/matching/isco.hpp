// ISCO-08 helpers for the matching engine: which four-digit codes are real
// unit groups (the 436 of ISCO-08, as used by ESCO v1.1) and how close two
// goals are in the hierarchy. Pure functions over constant data; callable
// from any thread.
#pragma once

#include <cstdint>
#include <span>

#include "kreds/matching/model.hpp"

namespace kreds::matching {

// The 436 unit-group codes, ascending.
std::span<const std::uint16_t> isco_unit_groups() noexcept;

// True for the 436 ISCO-08 unit groups (armed forces 0110 is passed as 110).
bool is_isco_unit_group(std::uint16_t code) noexcept;

// A goal is known when it is a real unit group or a non-occupation goal.
bool is_known_goal(const goal& g) noexcept;

// Same unit group > same minor group > same sub-major group > same major
// group. Two equal non-occupation goals count as the same unit group.
goal_closeness closeness(const goal& a, const goal& b) noexcept;

}  // namespace kreds::matching
