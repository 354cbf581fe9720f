// taxonomy_bench: loads the shipped taxonomy and measures the search behind
// the autocomplete, the way a user types: 1, 2, 3 letters, half a word, a
// whole word, of real labels, in English and Danish. Prints one JSON line
// per case: {"case", "queries", "p50_us", "p99_us", "max_us", "load_ms"}.
// Deterministic (fixed seed) so runs compare.
//
// Usage: taxonomy_bench [path/to/esco-1.1.tsv]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "taxonomy/taxonomy.hpp"
#include "taxonomy/text_normalize.hpp"

namespace {

using namespace kreds::taxonomy;
using clock_type = std::chrono::steady_clock;

struct query_case {
  std::string name;
  std::string language;
  kind_mask kinds;
  std::vector<std::string> queries;
};

// A UTF-8-safe prefix of `text` of at most `letters` code points.
std::string prefix_letters(const std::string& text, std::size_t letters) {
  std::size_t i = 0;
  std::size_t count = 0;
  while (i < text.size() && count < letters) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    ++count;
  }
  return text.substr(0, i);
}

std::vector<std::string> words_of(const std::string& label) {
  std::vector<std::string> words;
  std::string current;
  for (const char c : label) {
    if (c == ' ' || c == ',' || c == '(' || c == ')' || c == '/') {
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

void run(const taxonomy& t, const query_case& c, double load_ms) {
  std::vector<double> micros;
  micros.reserve(c.queries.size());
  std::size_t results = 0;
  search_options options;
  options.language = c.language;
  options.kinds = c.kinds;
  options.limit = 20;
  for (const auto& q : c.queries) {
    const auto start = clock_type::now();
    const auto hits = t.search(q, options);
    const auto end = clock_type::now();
    results += hits.size();
    micros.push_back(std::chrono::duration<double, std::micro>(end - start).count());
  }
  std::sort(micros.begin(), micros.end());
  auto at = [&](double p) {
    const auto index = static_cast<std::size_t>(p * static_cast<double>(micros.size() - 1));
    return micros[index];
  };
  std::printf(
      "{\"case\":\"%s\",\"queries\":%zu,\"p50_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f,\"mean_results\":%.1f,"
      "\"load_ms\":%.1f}\n",
      c.name.c_str(), micros.size(), at(0.50), at(0.99), micros.back(),
      static_cast<double>(results) / static_cast<double>(micros.size()), load_ms);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : std::string(KREDS_SOURCE_DIR) + "/config/taxonomy/esco-1.1.tsv";
  const auto start = clock_type::now();
  auto loaded = taxonomy::load_file(path);
  const double load_ms = std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
  if (!loaded) {
    std::fprintf(stderr, "taxonomy_bench: %s\n", loaded.err().to_string().c_str());
    return 1;
  }
  const taxonomy& t = *loaded;

  std::mt19937 random(20240611);
  std::vector<query_case> cases;
  for (const std::string language : {"en", "da"}) {
    // Labels users would type in this language: its own where they exist.
    std::vector<std::string> labels;
    for (const auto& c : t.data().concepts) {
      if (c.kind == concept_kind::isco_group && c.id.size() > 2) continue;
      labels.emplace_back(t.preferred_label(c, language));
      if (const auto* set = c.labels_in(language)) {
        for (const auto& alt : set->alternatives) labels.push_back(alt);
      }
    }
    auto pick = [&]() -> const std::string& { return labels[random() % labels.size()]; };
    auto pick_word = [&]() {
      while (true) {
        const auto words = words_of(pick());
        if (!words.empty()) return words[random() % words.size()];
      }
    };
    const std::size_t n = 1000;
    query_case letters1{"prefix_1_letter_" + language, language, occupations_mask | skills_mask, {}};
    query_case letters2{"prefix_2_letters_" + language, language, occupations_mask | skills_mask, {}};
    query_case letters3{"prefix_3_letters_" + language, language, occupations_mask | skills_mask, {}};
    query_case half_word{"half_word_" + language, language, occupations_mask | skills_mask, {}};
    query_case full_word{"full_word_" + language, language, occupations_mask | skills_mask, {}};
    query_case full_label{"full_label_occupations_" + language, language, occupations_mask, {}};
    query_case no_match{"no_match_" + language, language, occupations_mask | skills_mask, {}};
    for (std::size_t i = 0; i < n; ++i) {
      letters1.queries.push_back(prefix_letters(pick(), 1));
      letters2.queries.push_back(prefix_letters(pick(), 2));
      letters3.queries.push_back(prefix_letters(pick(), 3));
      const auto word = pick_word();
      half_word.queries.push_back(prefix_letters(word, std::max<std::size_t>(1, word.size() / 2)));
      full_word.queries.push_back(pick_word());
      full_label.queries.push_back(pick());
      no_match.queries.push_back("zq" + prefix_letters(pick(), 4) + "xj");
    }
    for (auto* c : {&letters1, &letters2, &letters3, &half_word, &full_word, &full_label, &no_match}) {
      cases.push_back(std::move(*c));
    }
  }

  query_case all{"all_" + std::to_string(cases.size()) + "_cases", "en", occupations_mask | skills_mask, {}};
  std::vector<std::pair<std::string, std::string>> mixed;
  for (const auto& c : cases) {
    run(t, c, load_ms);
    for (const auto& q : c.queries) mixed.emplace_back(c.language, q);
  }
  // All queries together, interleaved, for one overall p99.
  std::shuffle(mixed.begin(), mixed.end(), random);
  std::vector<double> micros;
  for (const auto& [language, q] : mixed) {
    search_options options;
    options.language = language;
    const auto s = clock_type::now();
    const auto hits = t.search(q, options);
    micros.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - s).count());
    if (hits.size() > max_search_limit) return 1;
  }
  std::sort(micros.begin(), micros.end());
  std::printf(
      "{\"case\":\"all_mixed\",\"queries\":%zu,\"p50_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f,\"load_ms\":%.1f}\n",
      micros.size(), micros[micros.size() / 2], micros[(micros.size() - 1) * 99 / 100], micros.back(), load_ms);
  return 0;
}
