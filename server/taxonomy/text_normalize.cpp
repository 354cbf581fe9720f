#include "taxonomy/text_normalize.hpp"

#include <array>

namespace kreds::taxonomy {
namespace {

// Folded forms of U+00C0..U+017F (Latin-1 Supplement letters and Latin
// Extended-A), generated from Unicode decompositions, with the Danish
// letters and the letters that have no decomposition (ß, þ, đ, ł, œ) set by hand.
constexpr std::array<std::string_view, 0x180 - 0xC0> latin_fold = {
    "a", "a", "a",  "a", "a",  "aa", "ae", "c",  "e", "e", "e",  "e",  "i", "i", "i",  "i",  "d",  "n",  "o",  "o",
    "o", "o", "o",  " ", "oe", "u",  "u",  "u",  "u", "y", "th", "ss", "a", "a", "a",  "a",  "a",  "aa", "ae", "c",
    "e", "e", "e",  "e", "i",  "i",  "i",  "i",  "d", "n", "o",  "o",  "o", "o", "o",  " ",  "oe", "u",  "u",  "u",
    "u", "y", "th", "y", "a",  "a",  "a",  "a",  "a", "a", "c",  "c",  "c", "c", "c",  "c",  "c",  "c",  "d",  "d",
    "d", "d", "e",  "e", "e",  "e",  "e",  "e",  "e", "e", "e",  "e",  "g", "g", "g",  "g",  "g",  "g",  "g",  "g",
    "h", "h", "h",  "h", "i",  "i",  "i",  "i",  "i", "i", "i",  "i",  "i", "i", "ij", "ij", "j",  "j",  "k",  "k",
    "k", "l", "l",  "l", "l",  "l",  "l",  "l",  "l", "l", "l",  "n",  "n", "n", "n",  "n",  "n",  "n",  "n",  "n",
    "o", "o", "o",  "o", "o",  "o",  "oe", "oe", "r", "r", "r",  "r",  "r", "r", "s",  "s",  "s",  "s",  "s",  "s",
    "s", "s", "t",  "t", "t",  "t",  "t",  "t",  "u", "u", "u",  "u",  "u", "u", "u",  "u",  "u",  "u",  "u",  "u",
    "w", "w", "y",  "y", "y",  "z",  "z",  "z",  "z", "z", "z",  "s",
};

// Decodes one code point at `i`; returns 0xFFFFFFFF and advances one byte
// on an invalid sequence.
char32_t decode(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  char32_t cp = 0;
  if (c < 0x80) {
    ++i;
    return c;
  } else if ((c & 0xE0) == 0xC0) {
    len = 2, cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, cp = c & 0x07;
  } else {
    ++i;
    return 0xFFFFFFFF;
  }
  if (i + len > s.size()) {
    ++i;
    return 0xFFFFFFFF;
  }
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFFFFFF;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += len;
  return cp;
}

bool is_space_like(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0xA0 ||
         cp == 0x2007 || cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A);
}

}  // namespace

std::string fold_for_search(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  auto emit = [&](std::string_view piece) {
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.append(piece);
  };
  std::size_t i = 0;
  while (i < utf8.size()) {
    const std::size_t start = i;
    const char32_t cp = decode(utf8, i);
    if (cp == 0xFFFFFFFF) continue;
    if (cp < 0x80) {
      const char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') {
        const char lower = static_cast<char>(c - 'A' + 'a');
        emit(std::string_view(&lower, 1));
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        emit(std::string_view(&c, 1));
      } else {
        pending_space = true;
      }
    } else if (cp >= 0xC0 && cp < 0x180) {
      const std::string_view folded = latin_fold[cp - 0xC0];
      if (folded == " ") {
        pending_space = true;
      } else {
        emit(folded);
      }
    } else if (cp >= 0x300 && cp < 0x370) {
      // Combining marks: a decomposed "e\u0301" folds like the composed "é".
    } else if (cp < 0xC0 || is_space_like(cp) || (cp >= 0x2010 && cp <= 0x206F)) {
      // Latin-1 punctuation and general punctuation (dashes, quotes, bullets).
      pending_space = true;
    } else {
      emit(utf8.substr(start, i - start));
    }
  }
  return out;
}

std::string clean_label(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  for (const char ch : utf8) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      pending_space = true;
      continue;
    }
    if (c < 0x20 || c == 0x7F) continue;
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(ch);
  }
  return out;
}

}  // namespace kreds::taxonomy
