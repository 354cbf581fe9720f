#include "taxonomy/language_codes.hpp"

#include <array>
#include <string>

#include "taxonomy/text_normalize.hpp"

namespace kreds::taxonomy {
namespace {

struct language_name {
  std::string_view code;
  std::string_view english;
  std::string_view danish;
};

// Names as ESCO spells them in English, and their Danish names.
constexpr std::array<language_name, 80> languages = {{
    {"sq", "albanian", "albansk"},
    {"ar", "arabic", "arabisk"},
    {"hy", "armenian", "armensk"},
    {"az", "azerbaijani", "aserbajdsjansk"},
    {"eu", "basque", "baskisk"},
    {"be", "belarusian", "hviderussisk"},
    {"bn", "bengali", "bengali"},
    {"bs", "bosnian", "bosnisk"},
    {"bg", "bulgarian", "bulgarsk"},
    {"ca", "catalan", "catalansk"},
    {"zh", "chinese", "kinesisk"},
    {"hr", "croatian", "kroatisk"},
    {"cs", "czech", "tjekkisk"},
    {"da", "danish", "dansk"},
    {"nl", "dutch", "nederlandsk"},
    {"en", "english", "engelsk"},
    {"et", "estonian", "estisk"},
    {"fi", "finnish", "finsk"},
    {"fr", "french", "fransk"},
    {"gl", "galician", "galicisk"},
    {"ka", "georgian", "georgisk"},
    {"de", "german", "tysk"},
    {"el", "greek", "græsk"},
    {"gu", "gujarati", "gujarati"},
    {"he", "hebrew", "hebraisk"},
    {"hi", "hindi", "hindi"},
    {"hu", "hungarian", "ungarsk"},
    {"is", "icelandic", "islandsk"},
    {"ga", "irish", "irsk"},
    {"it", "italian", "italiensk"},
    {"ja", "japanese", "japansk"},
    {"jv", "javanese", "javanesisk"},
    {"kk", "kazakh", "kasakhisk"},
    {"ko", "korean", "koreansk"},
    {"ku", "kurdish", "kurdisk"},
    {"lv", "latvian", "lettisk"},
    {"li", "limburgish", "limburgsk"},
    {"lt", "lithuanian", "litauisk"},
    {"mk", "macedonian", "makedonsk"},
    {"ms", "malay", "malajisk"},
    {"mt", "maltese", "maltesisk"},
    {"mr", "marathi", "marathi"},
    {"no", "norwegian", "norsk"},
    {"oc", "occitan", "occitansk"},
    {"fa", "persian", "persisk"},
    {"pl", "polish", "polsk"},
    {"pt", "portuguese", "portugisisk"},
    {"pa", "punjabi", "punjabi"},
    {"ro", "romanian", "rumænsk"},
    {"ru", "russian", "russisk"},
    {"sc", "sardinian", "sardinsk"},
    {"sr", "serbian", "serbisk"},
    {"sk", "slovak", "slovakisk"},
    {"sl", "slovenian", "slovensk"},
    {"es", "spanish", "spansk"},
    {"sv", "swedish", "svensk"},
    {"ta", "tamil", "tamil"},
    {"te", "telugu", "telugu"},
    {"tr", "turkish", "tyrkisk"},
    {"uk", "ukrainian", "ukrainsk"},
    {"ur", "urdu", "urdu"},
    {"vi", "vietnamese", "vietnamesisk"},
    {"wa", "walloon", "vallonsk"},
    {"cy", "welsh", "walisisk"},
    {"yi", "yiddish", "jiddisch"},
    {"so", "somali", "somali"},
    {"ti", "tigrinya", "tigrinya"},
    {"fo", "faroese", "færøsk"},
    {"kl", "greenlandic", "grønlandsk"},
    {"ps", "pashto", "pashto"},
    {"tl", "tagalog", "tagalog"},
    {"th", "thai", "thai"},
    {"sw", "swahili", "swahili"},
    {"am", "amharic", "amharisk"},
    {"la", "latin", "latin"},
    {"lb", "luxembourgish", "luxembourgsk"},
    {"fy", "western frisian", "vestfrisisk"},
    {"gd", "scottish gaelic", "skotsk gælisk"},
}};

}  // namespace

std::optional<std::string_view> iso_639_1_for_language_name(std::string_view name) {
  const std::string folded = fold_for_search(name);
  if (folded.empty()) return std::nullopt;
  for (const auto& language : languages) {
    if (folded == fold_for_search(language.english) || folded == fold_for_search(language.danish)) {
      return language.code;
    }
  }
  return std::nullopt;
}

}  // namespace kreds::taxonomy
