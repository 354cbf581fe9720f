#include <catch2/catch.hpp>

#include "features/network_life/icalendar.hpp"

using namespace kreds;
using namespace kreds::features;

namespace {

calendar_event meeting() {
  return {"meeting-17@kreds",
          *parse_iso_time("2026-11-24T08:00:00Z"),
          *parse_iso_time("2026-12-01T09:00:00Z"),
          *parse_iso_time("2026-12-01T10:30:00Z"),
          "Jobnetværk: Leadsrunde",
          "Jobcenter Aarhus, lokale 2; 1. sal",
          "https://meet.example.dk/abc?x=1",
          "1. Runden rundt\n2. Hvem kender nogen, der kender nogen?",
          false};
}

}  // namespace

TEST_CASE("icalendar: one VEVENT with UTC times, escaped text and CRLF lines", "[unit][icalendar]") {
  const auto text = to_icalendar(meeting());
  CHECK(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
  CHECK(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
  CHECK(text.find("\r\nUID:meeting-17@kreds\r\n") != std::string::npos);
  CHECK(text.find("\r\nDTSTAMP:20261124T080000Z\r\n") != std::string::npos);
  CHECK(text.find("\r\nDTSTART:20261201T090000Z\r\n") != std::string::npos);
  CHECK(text.find("\r\nDTEND:20261201T103000Z\r\n") != std::string::npos);
  CHECK(text.find("\r\nLOCATION:Jobcenter Aarhus\\, lokale 2\\; 1. sal\r\n") != std::string::npos);
  CHECK(text.find("\r\nDESCRIPTION:1. Runden rundt\\n2. Hvem kender nogen\\, der kender nogen?\r\n") !=
        std::string::npos);
  CHECK(text.find("\r\nSTATUS:CONFIRMED\r\n") != std::string::npos);
  // No bare LF: every line ends in CRLF.
  for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1)) {
    REQUIRE(at > 0);
    CHECK(text[at - 1] == '\r');
  }
}

TEST_CASE("icalendar: long lines fold at 75 octets without splitting a UTF-8 character", "[unit][icalendar]") {
  auto event = meeting();
  event.description.clear();
  for (int i = 0; i < 80; ++i) event.description += "æ";  // 2 octets each
  const auto text = to_icalendar(event);
  std::size_t start = 0;
  std::string unfolded;
  while (start < text.size()) {
    const auto end = text.find("\r\n", start);
    REQUIRE(end != std::string::npos);
    const auto line = text.substr(start, end - start);
    CHECK(line.size() <= 75);
    // A physical line never starts with a UTF-8 continuation byte after the fold's space.
    if (!line.empty() && line[0] == ' ') CHECK((static_cast<unsigned char>(line[1]) & 0xC0) != 0x80);
    unfolded += line[0] == ' ' ? line.substr(1) : "\n" + line;
    start = end + 2;
  }
  std::string expected = "\nDESCRIPTION:";
  for (int i = 0; i < 80; ++i) expected += "æ";
  CHECK(unfolded.find(expected + "\n") != std::string::npos);
}

TEST_CASE("icalendar: a cancelled meeting says so", "[unit][icalendar]") {
  auto event = meeting();
  event.cancelled = true;
  const auto text = to_icalendar(event);
  CHECK(text.find("\r\nSTATUS:CANCELLED\r\n") != std::string::npos);
  CHECK(text.find("\r\nSEQUENCE:1\r\n") != std::string::npos);
}

TEST_CASE("clock: UTC times parse strictly - weeks start on Monday", "[unit][clock]") {
  CHECK(to_iso(*parse_iso_time("2026-12-01T09:00:00Z")) == "2026-12-01T09:00:00Z");
  CHECK(to_iso(*parse_iso_time("2026-12-01T09:00Z")) == "2026-12-01T09:00:00Z");
  CHECK(to_iso(*parse_iso_time("2026-12-01T09:00:05.123Z")) == "2026-12-01T09:00:05Z");
  for (const char* bad : {"2026-12-01T09:00:00", "2026-12-01 09:00:00Z", "2026-02-30T09:00:00Z", "2026-12-01T24:00:00Z",
                          "2026-12-01T09:60:00Z", "2026-12-01T09:00:00+01:00", "", "2026-12-01T09:00:00.Z"}) {
    INFO(bad);
    CHECK_FALSE(parse_iso_time(bad));
  }
  const auto tuesday = *parse_iso_date("2026-11-24");
  CHECK(to_iso_date(monday_of(tuesday)) == "2026-11-23");
  CHECK(to_iso_date(monday_of(*parse_iso_date("2026-11-23"))) == "2026-11-23");
  CHECK(to_iso_date(monday_of(*parse_iso_date("2026-11-29"))) == "2026-11-23");  // Sunday
}
