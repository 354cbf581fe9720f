// Text folding for the taxonomy search: one canonical form for a label and a
// query, so matching is case-insensitive and tolerant of diacritics.
//
// Danish letters fold to their traditional two-letter spellings (æ→ae,
// ø→oe, å→aa), which Danes use on keyboards without them: "smørrebrød",
// "Smørrebrød" and "smoerrebroed" all fold to "smoerrebroed", and "Aarhus"
// matches "Århus". Other Latin diacritics fold to the base letter (é→e,
// ü→u, ß→ss). Punctuation and whitespace become single spaces between words.
// Characters outside Latin are kept as they are.
//
// Pure functions; safe to call from any thread.
#pragma once

#include <string>
#include <string_view>

namespace kreds::taxonomy {

// Invalid UTF-8 bytes are dropped rather than rejected: queries come from
// users and must never fail.
std::string fold_for_search(std::string_view utf8);

// Collapses whitespace (including tabs and newlines) to single spaces, trims,
// and drops control characters: what every stored label goes through.
std::string clean_label(std::string_view utf8);

}  // namespace kreds::taxonomy
