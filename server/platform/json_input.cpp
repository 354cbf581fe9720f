#include "platform/json_input.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace kreds::platform {
namespace {

std::string path_of(std::string_view path, std::string_view name) {
  return path.empty() ? std::string(name) : std::string(path) + "." + std::string(name);
}

int hex(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

}  // namespace

namespace {

bool all_finite(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::double_:
      return std::isfinite(value.get_double());
    case boost::json::kind::array:
      return std::all_of(value.get_array().begin(), value.get_array().end(), all_finite);
    case boost::json::kind::object:
      return std::all_of(value.get_object().begin(), value.get_object().end(),
                         [](const auto& member) { return all_finite(member.value()); });
    default:
      return true;
  }
}

}  // namespace

result<boost::json::value> parse_json(std::string_view text, std::string_view what) {
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec) return kreds::error{errc::invalid_json, std::string(what) + " is not valid JSON: " + ec.message()};
  if (!all_finite(value)) {
    return kreds::error{errc::invalid_json, std::string(what) + " holds a number too large to represent"};
  }
  return value;
}

result<boost::json::object> parse_json_object(std::string_view body) {
  if (body.empty()) return boost::json::object{};
  auto value = parse_json(body, "the request body");
  KREDS_RETURN_IF_ERROR(value);
  if (!value->is_object()) return kreds::error{errc::bad_request, "the request body must be a JSON object"};
  return std::move(value->as_object());
}

std::size_t utf8_length(std::string_view text) noexcept {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
}

result<std::string> string_field(const boost::json::object& body, std::string_view name, std::size_t min,
                                 std::size_t max, std::string_view path) {
  const auto field = path_of(path, name);
  auto* value = body.if_contains(name);
  if (!value || value->is_null()) return kreds::error{errc::invalid_field, field + " is required", field};
  if (!value->is_string()) return kreds::error{errc::invalid_field, field + " must be a string", field};
  std::string text(value->get_string());
  const auto length = utf8_length(text);
  if (length < min || length > max) {
    return kreds::error{errc::invalid_field,
                        field + " must be " + std::to_string(min) + " to " + std::to_string(max) + " characters",
                        field};
  }
  return text;
}

result<std::optional<std::string>> optional_string_field(const boost::json::object& body, std::string_view name,
                                                         std::size_t max, std::string_view path) {
  auto* value = body.if_contains(name);
  if (!value || value->is_null()) return std::optional<std::string>{};
  auto text = string_field(body, name, 0, max, path);
  KREDS_RETURN_IF_ERROR(text);
  return std::optional<std::string>{std::move(*text)};
}

result<std::int64_t> integer_field(const boost::json::object& body, std::string_view name, std::int64_t min,
                                   std::int64_t max, std::string_view path) {
  const auto field = path_of(path, name);
  auto* value = body.if_contains(name);
  if (!value || value->is_null()) return kreds::error{errc::invalid_field, field + " is required", field};
  if (!value->is_int64()) return kreds::error{errc::invalid_field, field + " must be a whole number", field};
  const auto number = value->get_int64();
  if (number < min || number > max) {
    return kreds::error{errc::invalid_field,
                        field + " must be between " + std::to_string(min) + " and " + std::to_string(max), field};
  }
  return number;
}

result<void> only_fields(const boost::json::object& body, std::initializer_list<std::string_view> known,
                         std::string_view path) {
  for (const auto& entry : body) {
    if (std::find(known.begin(), known.end(), std::string_view(entry.key())) == known.end()) {
      const auto field = path_of(path, entry.key());
      return kreds::error{errc::invalid_field, "unknown field " + field, field};
    }
  }
  return {};
}

std::optional<std::int64_t> whole_number(std::string_view text, std::int64_t low, std::int64_t high) {
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [stop, failure] = std::from_chars(text.data(), end, value);
  if (text.empty() || failure != std::errc() || stop != end || value < low || value > high) return std::nullopt;
  return value;
}

std::optional<std::string> query_parameter(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto end = query.find('&');
    const auto pair = query.substr(0, end);
    const auto equals = pair.find('=');
    if (pair.substr(0, equals) == name) {
      std::string out;
      const auto raw = equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '+') {
          out += ' ';
        } else if (raw[i] == '%' && i + 2 < raw.size() && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
          out += static_cast<char>(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
          i += 2;
        } else {
          out += raw[i];
        }
      }
      return out;
    }
    if (end == std::string_view::npos) break;
    query.remove_prefix(end + 1);
  }
  return std::nullopt;
}

}  // namespace kreds::platform
