// The consent text a seeker reads before joining: what Kreds stores, why,
// who sees it, and the seeker's rights. Versioned: the consent record keeps
// the version that was shown, so a changed text means a new version.
#pragma once

#include <boost/json/object.hpp>

#include <string_view>
#include "features/common/feature.hpp"

namespace kreds::features {

inline constexpr std::string_view consent_version = "2026-1";

// {"version", "title": {"da", "en"}, "paragraphs": {"da": [...], "en": [...]}}
boost::json::object consent_text_json();

}  // namespace kreds::features
