// Reading untrusted JSON request bodies: parse without throwing, then pull
// typed fields out with their limits, each failure an errc::invalid_field
// error naming the field. Pure functions; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace kreds::platform {

// The body as a JSON object ("{}" for an empty body).
result<boost::json::object> parse_json_object(std::string_view body);

// Parses any JSON text from a client (`what` names it in the error: "the
// request body", "the message"). Refuses numbers out of a double's range
// (1e999), which JSON cannot carry back: what the server stores or echoes is
// always valid JSON.
result<boost::json::value> parse_json(std::string_view text, std::string_view what);

// Length in Unicode code points of valid UTF-8 text.
std::size_t utf8_length(std::string_view text) noexcept;

// A string field of `min`..`max` code points; `path` names it in errors.
result<std::string> string_field(const boost::json::object& body, std::string_view name, std::size_t min,
                                 std::size_t max, std::string_view path = {});
// The same, but absent or null gives nothing.
result<std::optional<std::string>> optional_string_field(const boost::json::object& body, std::string_view name,
                                                         std::size_t max, std::string_view path = {});
result<std::int64_t> integer_field(const boost::json::object& body, std::string_view name, std::int64_t min,
                                   std::int64_t max, std::string_view path = {});

// Refuses fields not in `known` (a typo must not be silently ignored).
result<void> only_fields(const boost::json::object& body, std::initializer_list<std::string_view> known,
                         std::string_view path = {});

// A query-string parameter, percent-decoded ('+' is a space).
std::optional<std::string> query_parameter(std::string_view query, std::string_view name);

// `text` as a whole number in decimal digits (a leading '-' allowed) within [low, high]; none otherwise
// (empty, other characters, out of range).
std::optional<std::int64_t> whole_number(std::string_view text, std::int64_t low, std::int64_t high);

}  // namespace kreds::platform
