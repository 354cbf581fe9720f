#include "core/clock.hpp"

#include <cstdio>

namespace kreds {

std::string to_iso(time_point at) {
  const auto days = std::chrono::floor<std::chrono::days>(at);
  const std::chrono::year_month_day date{days};
  const std::chrono::hh_mm_ss time{std::chrono::floor<std::chrono::seconds>(at - days)};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02lldZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()),
                static_cast<long long>(time.seconds().count()));
  return text;
}

std::string to_iso_date(time_point at) { return to_iso(at).substr(0, 10); }

std::optional<std::chrono::sys_days> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = 0;
  unsigned month = 0, day = 0;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  year = std::stoi(std::string(text.substr(0, 4)));
  month = static_cast<unsigned>(std::stoi(std::string(text.substr(5, 2))));
  day = static_cast<unsigned>(std::stoi(std::string(text.substr(8, 2))));
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days{date};
}

std::optional<time_point> parse_iso_time(std::string_view text) {
  if (text.size() < 17 || text.back() != 'Z' || text[10] != 'T' || text[13] != ':') return std::nullopt;
  const auto date = parse_iso_date(text.substr(0, 10));
  if (!date) return std::nullopt;
  auto two_digits = [&](std::size_t at) -> int {
    if (at + 2 > text.size() || text[at] < '0' || text[at] > '9' || text[at + 1] < '0' || text[at + 1] > '9') return -1;
    return (text[at] - '0') * 10 + (text[at + 1] - '0');
  };
  const int hours = two_digits(11), minutes = two_digits(14);
  int seconds = 0;
  std::size_t end = 16;
  if (text.size() > 17) {
    if (text[16] != ':') return std::nullopt;
    seconds = two_digits(17);
    end = 19;
    if (text.size() > 20) {  // fractional seconds: ".fff", ignored
      if (text[19] != '.' || text.size() < 22 || text.size() > 30) return std::nullopt;
      for (std::size_t i = 20; i + 1 < text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
      }
      end = text.size() - 1;
    }
  }
  if (end != text.size() - 1 || hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) {
    return std::nullopt;
  }
  return time_point{*date} + std::chrono::hours(hours) + std::chrono::minutes(minutes) + std::chrono::seconds(seconds);
}

std::chrono::sys_days day_of(time_point at) { return std::chrono::floor<std::chrono::days>(at); }

std::chrono::sys_days monday_of(std::chrono::sys_days day) {
  const std::chrono::weekday weekday{day};
  return day - (weekday - std::chrono::Monday);
}

std::string to_iso_date(std::chrono::sys_days day) { return to_iso_date(time_point{day}); }

}  // namespace kreds
