// Plain-language explanations of placements, in Danish ("da") and English
// ("en"). The engine returns structured facts (model.hpp); these functions
// turn them into sentences for the seeker and the caseworker. Occupation
// titles come from the caller (the server owns the ESCO/ISCO texts); without
// a lookup the ISCO code alone is shown. Pure functions; any thread.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "kreds/matching/model.hpp"

namespace kreds::matching {

// Title of an occupation goal in a language, or empty when unknown.
using title_lookup = std::function<std::string(std::uint16_t isco, std::string_view language)>;

// One sentence per fact, joined by spaces. Unknown languages fall back to "en".
std::string render_explanation(const member_explanation& e, std::string_view language, const title_lookup& titles = {});
std::string render_fact(const fact& f, std::string_view language, const title_lookup& titles = {});

// Why a seeker could not be placed, in a sentence.
std::string render_unplaced(const unplaced& u, std::string_view language);

// "Tuesday and Thursday mornings" / "tirsdag og torsdag formiddag".
std::string render_slots(const week_slots& slots, std::string_view language);

}  // namespace kreds::matching
