#include "taxonomy/taxonomy.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <limits>

#include "taxonomy/taxonomy_file.hpp"
#include "taxonomy/text_normalize.hpp"

namespace kreds::taxonomy {

std::string_view to_string(match_quality quality) {
  switch (quality) {
    case match_quality::exact: return "exact";
    case match_quality::label_prefix: return "label_prefix";
    case match_quality::word_prefix: return "word_prefix";
    case match_quality::substring: return "substring";
  }
  return "substring";
}

namespace {

constexpr std::uint32_t no_label = std::numeric_limits<std::uint32_t>::max();

// One searchable label of one concept, folded, inside a view's arena.
struct label_entry {
  std::uint32_t concept_index;
  std::uint32_t offset;  // into view::arena
  std::uint32_t length;
  std::uint16_t label_set;   // index into concept_entry::labels
  std::int32_t alternative;  // index into label_set::alternatives, -1 for the preferred label
};

// A position in the arena where a word of a label begins.
struct word_entry {
  std::uint32_t offset;
  std::uint32_t label;
};

// All labels searchable in one language, with English standing in for
// concepts that lack that language.
struct view {
  std::string language;
  std::string arena;  // folded labels, each followed by '\n' (which folding never produces)
  std::vector<label_entry> labels;  // in arena order
  std::vector<word_entry> words;    // sorted by the text from the word to the end of its label
};

}  // namespace

struct taxonomy::index {
  taxonomy_data data;
  std::vector<std::string> languages;
  std::array<std::size_t, 5> counts{};
  std::vector<std::string> language_codes;  // sorted, unique
  std::vector<view> views;

  const label_set& fallback_labels(const concept_entry& entry, std::string_view language) const {
    if (const auto* set = entry.labels_in(language)) return *set;
    if (const auto* set = entry.labels_in("en")) return *set;
    return entry.labels.front();
  }

  void build_view(const std::string& language) {
    view& v = views.emplace_back();
    v.language = language;
    for (std::uint32_t c = 0; c < data.concepts.size(); ++c) {
      const concept_entry& entry = data.concepts[c];
      const label_set& set = fallback_labels(entry, language);
      const auto set_index = static_cast<std::uint16_t>(&set - entry.labels.data());
      auto add = [&](const std::string& text, std::int32_t alternative) {
        const std::string folded = fold_for_search(text);
        if (folded.empty()) return;
        v.labels.push_back({c, static_cast<std::uint32_t>(v.arena.size()), static_cast<std::uint32_t>(folded.size()),
                            set_index, alternative});
        v.arena += folded;
        v.arena += '\n';
      };
      add(set.preferred, -1);
      for (std::size_t a = 0; a < set.alternatives.size(); ++a) add(set.alternatives[a], static_cast<std::int32_t>(a));
    }
    for (std::uint32_t l = 0; l < v.labels.size(); ++l) {
      const auto& label = v.labels[l];
      for (std::uint32_t p = label.offset; p < label.offset + label.length; ++p) {
        if (p == label.offset || v.arena[p - 1] == ' ') v.words.push_back({p, l});
      }
    }
    const std::string_view arena = v.arena;
    auto suffix = [&](const word_entry& w) {
      const auto& label = v.labels[w.label];
      return arena.substr(w.offset, label.offset + label.length - w.offset);
    };
    std::sort(v.words.begin(), v.words.end(), [&](const word_entry& a, const word_entry& b) {
      const auto sa = suffix(a);
      const auto sb = suffix(b);
      return sa != sb ? sa < sb : a.label < b.label;
    });
  }

  const view& view_for(std::string_view language) const {
    for (const auto& v : views) {
      if (v.language == language) return v;
    }
    for (const auto& v : views) {
      if (v.language == "en") return v;
    }
    return views.front();
  }

  std::string_view label_text(const label_entry& label) const {
    const auto& set = data.concepts[label.concept_index].labels[label.label_set];
    return label.alternative < 0 ? std::string_view(set.preferred)
                                 : std::string_view(set.alternatives[static_cast<std::size_t>(label.alternative)]);
  }
};

taxonomy::taxonomy(std::unique_ptr<index> state) : state_(std::move(state)) {}
taxonomy::taxonomy(taxonomy&&) noexcept = default;
taxonomy& taxonomy::operator=(taxonomy&&) noexcept = default;
taxonomy::~taxonomy() = default;

result<taxonomy> taxonomy::load_file(const std::filesystem::path& path) {
  auto data = read_taxonomy_file(path);
  if (!data) return data.err();
  return from_data(std::move(*data));
}

result<taxonomy> taxonomy::from_data(taxonomy_data data) {
  canonicalise(data);
  if (auto valid = validate(data, "taxonomy"); !valid) return valid.err();
  if (data.concepts.empty()) return error{{}, 0, 0, {}, "the taxonomy is empty"};
  // Offsets are 32-bit to keep the index small; the real file is far below.
  auto state = std::make_unique<index>();
  state->data = std::move(data);
  for (const auto& entry : state->data.concepts) {
    ++state->counts[static_cast<std::size_t>(entry.kind)];
    for (const auto& set : entry.labels) state->languages.push_back(set.language);
    if (entry.kind == concept_kind::language_skill && !entry.ref.empty()) state->language_codes.push_back(entry.ref);
  }
  for (auto* list : {&state->languages, &state->language_codes}) {
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
  for (const auto& language : state->languages) state->build_view(language);
  if (state->views.back().arena.size() >= std::numeric_limits<std::uint32_t>::max()) {
    return error{{}, 0, 0, {}, "the taxonomy is too large to index"};
  }
  return taxonomy(std::move(state));
}

const taxonomy_data& taxonomy::data() const { return state_->data; }
std::size_t taxonomy::count(concept_kind kind) const { return state_->counts[static_cast<std::size_t>(kind)]; }
const std::vector<std::string>& taxonomy::languages() const { return state_->languages; }

const concept_entry* taxonomy::find(concept_kind kind, std::string_view id) const {
  const auto& concepts = state_->data.concepts;
  auto it = std::lower_bound(concepts.begin(), concepts.end(), std::pair{kind, id},
                             [](const concept_entry& c, const std::pair<concept_kind, std::string_view>& key) {
                               return c.kind != key.first ? c.kind < key.first : std::string_view(c.id) < key.second;
                             });
  if (it == concepts.end() || it->kind != kind || it->id != id) return nullptr;
  return &*it;
}

bool taxonomy::is_known_skill(std::string_view id) const {
  return find(concept_kind::skill_group, id) != nullptr || find(concept_kind::transversal_skill, id) != nullptr ||
         find(concept_kind::language_skill, id) != nullptr;
}

bool taxonomy::is_known_language_code(std::string_view iso_639_1) const {
  const auto& codes = state_->language_codes;
  return std::binary_search(codes.begin(), codes.end(), iso_639_1, std::less<>{});
}

std::string_view taxonomy::preferred_label(const concept_entry& entry, std::string_view language) const {
  return state_->fallback_labels(entry, language).preferred;
}

std::vector<search_hit> taxonomy::search(std::string_view query, const search_options& options) const {
  if (query.size() > max_query_bytes) query = query.substr(0, max_query_bytes);
  const std::string folded = fold_for_search(query);
  if (folded.empty() || state_->views.empty()) return {};
  const std::string_view q = folded;
  const view& v = state_->view_for(options.language);
  const std::string_view arena = v.arena;
  const auto& concepts = state_->data.concepts;
  const std::size_t limit = std::clamp<std::size_t>(options.limit, 1, max_search_limit);

  std::vector<std::uint32_t> best_label(concepts.size(), no_label);
  std::vector<match_quality> best_quality(concepts.size(), match_quality::substring);
  std::vector<std::uint32_t> touched;

  auto folded_text = [&](std::uint32_t l) { return arena.substr(v.labels[l].offset, v.labels[l].length); };
  // Strict weak order over (quality, label) pairs: see the header's ranking.
  auto better = [&](match_quality qa, std::uint32_t la, match_quality qb, std::uint32_t lb) {
    if (qa != qb) return qa < qb;
    const bool alt_a = v.labels[la].alternative >= 0;
    const bool alt_b = v.labels[lb].alternative >= 0;
    if (alt_a != alt_b) return !alt_a;
    if (v.labels[la].length != v.labels[lb].length) return v.labels[la].length < v.labels[lb].length;
    const auto ta = folded_text(la);
    const auto tb = folded_text(lb);
    if (ta != tb) return ta < tb;
    const auto& ca = concepts[v.labels[la].concept_index];
    const auto& cb = concepts[v.labels[lb].concept_index];
    if (ca.kind != cb.kind) return ca.kind < cb.kind;
    if (ca.id != cb.id) return ca.id < cb.id;
    return la < lb;
  };
  auto consider = [&](std::uint32_t l, match_quality quality) {
    const std::uint32_t c = v.labels[l].concept_index;
    if ((options.kinds & mask_of(concepts[c].kind)) == 0) return;
    if (best_label[c] == no_label) {
      touched.push_back(c);
    } else if (!better(quality, l, best_quality[c], best_label[c])) {
      return;
    }
    best_label[c] = l;
    best_quality[c] = quality;
  };

  // Exact, label-prefix and word-prefix matches: one range of the sorted words.
  auto word_prefix = [&](const word_entry& w) {
    const auto& label = v.labels[w.label];
    return arena.substr(w.offset, std::min<std::size_t>(q.size(), label.offset + label.length - w.offset));
  };
  auto first = std::lower_bound(v.words.begin(), v.words.end(), q,
                                [&](const word_entry& w, std::string_view key) { return word_prefix(w) < key; });
  auto last = std::upper_bound(first, v.words.end(), q,
                               [&](std::string_view key, const word_entry& w) { return key < word_prefix(w); });
  std::size_t prefix_concepts = 0;
  for (auto it = first; it != last; ++it) {
    const auto& label = v.labels[it->label];
    match_quality quality = match_quality::word_prefix;
    if (it->offset == label.offset) {
      quality = label.length == q.size() ? match_quality::exact : match_quality::label_prefix;
    }
    const std::size_t before = touched.size();
    consider(it->label, quality);
    prefix_concepts += touched.size() - before;
  }

  // Substring matches can only rank after every prefix match, so they are
  // needed only when the prefix matches do not fill the page.
  if (prefix_concepts < limit) {
    const std::boyer_moore_horspool_searcher searcher(q.begin(), q.end());
    auto from = arena.begin();
    while (true) {
      const auto found = std::search(from, arena.end(), searcher);
      if (found == arena.end()) break;
      const auto offset = static_cast<std::uint32_t>(found - arena.begin());
      auto label_it = std::upper_bound(v.labels.begin(), v.labels.end(), offset,
                                       [](std::uint32_t o, const label_entry& l) { return o < l.offset; });
      const auto l = static_cast<std::uint32_t>(label_it - v.labels.begin() - 1);
      const auto& label = v.labels[l];
      match_quality quality = match_quality::substring;
      if (offset == label.offset) {
        quality = label.length == q.size() ? match_quality::exact : match_quality::label_prefix;
      } else if (arena[offset - 1] == ' ') {
        quality = match_quality::word_prefix;
      }
      consider(l, quality);
      // Later occurrences in the same label cannot rank higher than a word
      // start, and word starts were all found above.
      from = arena.begin() + label.offset + label.length + 1;
      if (from >= arena.end()) break;
    }
  }

  auto order = [&](std::uint32_t a, std::uint32_t b) {
    return better(best_quality[a], best_label[a], best_quality[b], best_label[b]);
  };
  const std::size_t keep = std::min(limit, touched.size());
  std::partial_sort(touched.begin(), touched.begin() + static_cast<std::ptrdiff_t>(keep), touched.end(), order);

  std::vector<search_hit> hits;
  hits.reserve(keep);
  for (std::size_t i = 0; i < keep; ++i) {
    const std::uint32_t c = touched[i];
    const concept_entry& entry = concepts[c];
    const label_entry& label = v.labels[best_label[c]];
    const label_set& shown = state_->fallback_labels(entry, options.language);
    search_hit& hit = hits.emplace_back();
    hit.kind = entry.kind;
    hit.id = entry.id;
    hit.ref = entry.ref;
    hit.label = shown.preferred;
    hit.label_language = shown.language;
    hit.matched_label = std::string(state_->label_text(label));
    hit.matched_alternative = label.alternative >= 0;
    hit.quality = best_quality[c];
  }
  return hits;
}

}  // namespace kreds::taxonomy
