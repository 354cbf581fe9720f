// ISO 639-1 codes for the languages ESCO's language skills name, looked up
// by the language's English or Danish name, so language skills imported from
// either the English or the Danish pack get the same code.
//
// Constant data; safe to call from any thread.
#pragma once

#include <optional>
#include <string_view>

namespace kreds::taxonomy {

// `name` is compared after search folding ("Danish", "dansk", "DANSK" all
// give "da"). Languages without a two-letter code (Berber, Romani,
// Montenegrin, ...) give nullopt.
std::optional<std::string_view> iso_639_1_for_language_name(std::string_view name);

}  // namespace kreds::taxonomy
