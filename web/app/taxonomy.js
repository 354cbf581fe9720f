// Searches the ESCO taxonomy through GET /api/v1/taxonomy/search, in the
// current language, for one kind (occupation, skill or language).
import { api } from './api.js';
import { current_language } from './i18n.js';

export function taxonomy_search(kind, limit = 10) {
  return async (query, signal) => {
    const parameters = new URLSearchParams({ q: query, kind, lang: current_language(), limit: String(limit) });
    const answer = await api('GET', `/api/v1/taxonomy/search?${parameters}`, undefined, { signal });
    return Array.isArray(answer?.results) ? answer.results : [];
  };
}

// How a search result is shown: its label, and the label it matched when
// that is another one (an alternative label).
export function describe_result(result) {
  const label = String(result.label ?? '');
  const matched = result.matched_label && result.matched_label !== result.label ? `(${result.matched_label})` : null;
  return { label, detail: matched };
}
