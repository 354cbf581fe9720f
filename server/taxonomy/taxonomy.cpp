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
    case match_quality::exact:
      return "exact";
    case match_quality::label_prefix:
      return "label_prefix";
    case match_quality::word_prefix:
      return "word_prefix";
    case match_quality::substring:
      return "substring";
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
  std::string arena;                // folded labels, each followed by '\n' (which folding never produces)
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

namespace {

// One query over one view: keeps, per concept, its best-matching label and
// how well it matched, then ranks the concepts (see the header's ranking).
class query_run {
 public:
  query_run(const view& v, const std::vector<concept_entry>& concepts, std::string_view folded_query, kind_mask kinds)
      : v_(v),
        arena_(v.arena),
        concepts_(concepts),
        q_(folded_query),
        kinds_(kinds),
        best_label_(concepts.size(), no_label),
        best_quality_(concepts.size(), match_quality::substring) {}

  // Exact, label-prefix and word-prefix matches: one range of the sorted
  // words. Returns how many concepts they found.
  std::size_t add_prefix_matches() {
    auto word_prefix = [&](const word_entry& w) {
      const auto& label = v_.labels[w.label];
      return arena_.substr(w.offset, std::min<std::size_t>(q_.size(), label.offset + label.length - w.offset));
    };
    auto first = std::lower_bound(v_.words.begin(), v_.words.end(), q_,
                                  [&](const word_entry& w, std::string_view key) { return word_prefix(w) < key; });
    auto last = std::upper_bound(first, v_.words.end(), q_,
                                 [&](std::string_view key, const word_entry& w) { return key < word_prefix(w); });
    for (auto it = first; it != last; ++it) {
      const auto& label = v_.labels[it->label];
      match_quality quality = match_quality::word_prefix;
      if (it->offset == label.offset) {
        quality = label.length == q_.size() ? match_quality::exact : match_quality::label_prefix;
      }
      consider(it->label, quality);
    }
    return touched_.size();
  }

  // Every label containing the query, at most once per label: later
  // occurrences in the same label cannot rank higher than a word start, and
  // word starts were all found by add_prefix_matches().
  void add_substring_matches() {
    const std::boyer_moore_horspool_searcher searcher(q_.begin(), q_.end());
    auto from = arena_.begin();
    while (true) {
      const auto found = std::search(from, arena_.end(), searcher);
      if (found == arena_.end()) break;
      const auto offset = static_cast<std::uint32_t>(found - arena_.begin());
      auto label_it = std::upper_bound(v_.labels.begin(), v_.labels.end(), offset,
                                       [](std::uint32_t o, const label_entry& l) { return o < l.offset; });
      const auto l = static_cast<std::uint32_t>(label_it - v_.labels.begin() - 1);
      const auto& label = v_.labels[l];
      match_quality quality = match_quality::substring;
      if (offset == label.offset) {
        quality = label.length == q_.size() ? match_quality::exact : match_quality::label_prefix;
      } else if (arena_[offset - 1] == ' ') {
        quality = match_quality::word_prefix;
      }
      consider(l, quality);
      from = arena_.begin() + label.offset + label.length + 1;
      if (from >= arena_.end()) break;
    }
  }

  // The best `limit` concepts, best first.
  std::vector<std::uint32_t> ranked(std::size_t limit) {
    auto order = [&](std::uint32_t a, std::uint32_t b) {
      return better(best_quality_[a], best_label_[a], best_quality_[b], best_label_[b]);
    };
    const std::size_t keep = std::min(limit, touched_.size());
    std::partial_sort(touched_.begin(), touched_.begin() + static_cast<std::ptrdiff_t>(keep), touched_.end(), order);
    return {touched_.begin(), touched_.begin() + static_cast<std::ptrdiff_t>(keep)};
  }

  const label_entry& best_label(std::uint32_t concept_index) const { return v_.labels[best_label_[concept_index]]; }
  match_quality best_quality(std::uint32_t concept_index) const { return best_quality_[concept_index]; }

 private:
  std::string_view folded_text(std::uint32_t l) const {
    return arena_.substr(v_.labels[l].offset, v_.labels[l].length);
  }

  // Strict weak order over (quality, label) pairs: see the header's ranking.
  bool better(match_quality qa, std::uint32_t la, match_quality qb, std::uint32_t lb) const {
    if (qa != qb) return qa < qb;
    const bool alt_a = v_.labels[la].alternative >= 0;
    const bool alt_b = v_.labels[lb].alternative >= 0;
    if (alt_a != alt_b) return !alt_a;
    if (v_.labels[la].length != v_.labels[lb].length) return v_.labels[la].length < v_.labels[lb].length;
    const auto ta = folded_text(la);
    const auto tb = folded_text(lb);
    if (ta != tb) return ta < tb;
    const auto& ca = concepts_[v_.labels[la].concept_index];
    const auto& cb = concepts_[v_.labels[lb].concept_index];
    if (ca.kind != cb.kind) return ca.kind < cb.kind;
    if (ca.id != cb.id) return ca.id < cb.id;
    return la < lb;
  }

  void consider(std::uint32_t l, match_quality quality) {
    const std::uint32_t c = v_.labels[l].concept_index;
    if ((kinds_ & mask_of(concepts_[c].kind)) == 0) return;
    if (best_label_[c] == no_label) {
      touched_.push_back(c);
    } else if (!better(quality, l, best_quality_[c], best_label_[c])) {
      return;
    }
    best_label_[c] = l;
    best_quality_[c] = quality;
  }

  const view& v_;
  const std::string_view arena_;
  const std::vector<concept_entry>& concepts_;
  const std::string_view q_;
  const kind_mask kinds_;
  std::vector<std::uint32_t> best_label_;
  std::vector<match_quality> best_quality_;
  std::vector<std::uint32_t> touched_;  // concepts with a match, in the order found
};

}  // namespace

std::vector<search_hit> taxonomy::search(std::string_view query, const search_options& options) const {
  if (query.size() > max_query_bytes) query = query.substr(0, max_query_bytes);
  const std::string folded = fold_for_search(query);
  if (folded.empty() || state_->views.empty()) return {};
  const auto& concepts = state_->data.concepts;
  const std::size_t limit = std::clamp<std::size_t>(options.limit, 1, max_search_limit);

  query_run run(state_->view_for(options.language), concepts, folded, options.kinds);
  // Substring matches can only rank after every prefix match, so they are
  // needed only when the prefix matches do not fill the page.
  if (run.add_prefix_matches() < limit) run.add_substring_matches();

  std::vector<search_hit> hits;
  for (const std::uint32_t c : run.ranked(limit)) {
    const concept_entry& entry = concepts[c];
    const label_entry& label = run.best_label(c);
    const label_set& shown = state_->fallback_labels(entry, options.language);
    search_hit& hit = hits.emplace_back();
    hit.kind = entry.kind;
    hit.id = entry.id;
    hit.ref = entry.ref;
    hit.label = shown.preferred;
    hit.label_language = shown.language;
    hit.matched_label = std::string(state_->label_text(label));
    hit.matched_alternative = label.alternative >= 0;
    hit.quality = run.best_quality(c);
  }
  return hits;
}

}  // namespace kreds::taxonomy
