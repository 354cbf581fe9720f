// Danish labels for the ISCO-08 major (1-digit) and sub-major (2-digit)
// groups, written for Kreds in the wording of Danmarks Statistik's DISCO-08,
// so the Danish UI is usable when no Danish ESCO pack has been imported.
//
// Constant data; safe to read from any thread.
#pragma once

#include <span>
#include <string_view>

namespace kreds::taxonomy {

struct builtin_label {
  std::string_view isco_code;
  std::string_view label;
};

// All 10 major and 43 sub-major groups, sorted by code.
std::span<const builtin_label> danish_isco_labels();

}  // namespace kreds::taxonomy
