#include <catch2/catch.hpp>

#include "features/followup/alerts.hpp"

using namespace kreds;
using namespace kreds::features;

TEST_CASE("alerts: a snoozed alert is open again once its time has passed", "[unit][alerts]") {
  const auto now = *parse_iso_time("2026-11-24T12:00:00Z");
  CHECK(effective_status("snoozed", "2026-11-25T12:00:00Z", now) == "snoozed");
  CHECK(effective_status("snoozed", "2026-11-24T12:00:00Z", now) == "open");
  CHECK(effective_status("snoozed", "2026-11-20T08:00:00Z", now) == "open");
  CHECK(effective_status("acknowledged", std::nullopt, now) == "acknowledged");
  CHECK(effective_status("resolved", "2026-11-20T08:00:00Z", now) == "resolved");  // resolved stays resolved
  CHECK(effective_status("open", std::nullopt, now) == "open");
}
