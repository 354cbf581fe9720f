#include "features/network_life/icalendar.hpp"

namespace kreds::features {
namespace {

// "20261201T090000Z"
std::string ical_time(time_point at) {
  std::string iso = to_iso(at);  // 2026-12-01T09:00:00Z
  std::string out;
  for (char ch : iso) {
    if (ch != '-' && ch != ':') out += ch;
  }
  return out;
}

std::string escape_text(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '\\' || ch == ';' || ch == ',') {
      out += '\\';
      out += ch;
    } else if (ch == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\\n";
    } else if (ch == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t') {
      out += ' ';  // other control characters are not allowed in TEXT
    } else {
      out += ch;
    }
  }
  return out;
}

// Appends one content line, folded: at most 75 octets per physical line,
// continuation lines start with a space, never inside a UTF-8 sequence.
void add_line(std::string& out, const std::string& line) {
  std::size_t start = 0;
  std::size_t limit = 75;
  while (line.size() - start > limit) {
    std::size_t cut = start + limit;
    while (cut > start && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line, start, cut - start);
    out += "\r\n ";
    start = cut;
    limit = 74;  // the leading space counts
  }
  out.append(line, start, std::string::npos);
  out += "\r\n";
}

}  // namespace

std::string to_icalendar(const calendar_event& event) {
  std::string out;
  add_line(out, "BEGIN:VCALENDAR");
  add_line(out, "VERSION:2.0");
  add_line(out, "PRODID:-//Kreds//Jobnetvaerk//DA");
  add_line(out, "CALSCALE:GREGORIAN");
  add_line(out, "METHOD:PUBLISH");
  add_line(out, "BEGIN:VEVENT");
  add_line(out, "UID:" + escape_text(event.uid));
  add_line(out, "DTSTAMP:" + ical_time(event.stamp));
  add_line(out, "DTSTART:" + ical_time(event.start));
  add_line(out, "DTEND:" + ical_time(event.end));
  add_line(out, "SUMMARY:" + escape_text(event.summary));
  if (!event.location.empty()) add_line(out, "LOCATION:" + escape_text(event.location));
  if (!event.url.empty()) add_line(out, "URL:" + event.url);
  if (!event.description.empty()) add_line(out, "DESCRIPTION:" + escape_text(event.description));
  add_line(out, std::string("STATUS:") + (event.cancelled ? "CANCELLED" : "CONFIRMED"));
  add_line(out, std::string("SEQUENCE:") + (event.cancelled ? "1" : "0"));
  add_line(out, "END:VEVENT");
  add_line(out, "END:VCALENDAR");
  return out;
}

}  // namespace kreds::features
