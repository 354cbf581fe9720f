#include "platform/json_output.hpp"

#include <boost/json.hpp>

#include <cmath>

namespace kreds::platform {

namespace json = boost::json;

namespace {

bool all_finite(const json::value& value) {
  if (const auto* number = value.if_double()) return std::isfinite(*number);
  if (const auto* object = value.if_object()) {
    for (const auto& [key, inner] : *object) {
      if (!all_finite(inner)) return false;
    }
  } else if (const auto* array = value.if_array()) {
    for (const auto& inner : *array) {
      if (!all_finite(inner)) return false;
    }
  }
  return true;
}

void replace_non_finite(json::value& value) {
  if (const auto* number = value.if_double()) {
    if (!std::isfinite(*number)) value = nullptr;
  } else if (auto* object = value.if_object()) {
    for (auto& [key, inner] : *object) replace_non_finite(inner);
  } else if (auto* array = value.if_array()) {
    for (auto& inner : *array) replace_non_finite(inner);
  }
}

}  // namespace

std::string json_text(const json::value& value) {
  if (all_finite(value)) return json::serialize(value);  // the usual case: no copy
  json::value copy = value;
  replace_non_finite(copy);
  return json::serialize(copy);
}

}  // namespace kreds::platform
