// iCalendar (RFC 5545) for one event: the file calendar programs import
// when a member downloads a network meeting. Text is escaped (\\ ; , and
// newlines), lines end in CRLF and are folded at 75 octets without
// splitting a UTF-8 character. Pure; thread-safe.
#pragma once

#include <string>

#include "core/clock.hpp"
#include "features/common/feature.hpp"

namespace kreds::features {

struct calendar_event {
  std::string uid;   // globally unique and stable: "meeting-17@kreds"
  time_point stamp;  // when the file was made (DTSTAMP)
  time_point start;
  time_point end;
  std::string summary;
  std::string location;
  std::string url;
  std::string description;
  bool cancelled = false;
};

std::string to_icalendar(const calendar_event& event);

}  // namespace kreds::features
