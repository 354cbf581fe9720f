// The words of differentiated effort (docs/api.md, "Triage and follow-up"):
// the three tracks and the self-assessment's answers, as translated elements.
import { el } from '../dom.js';

export const tracks = ['network', 'network_sparring', 'individual'];

// The translation key of a track ("track_network"), or null for an unknown one.
export function track_key(track) {
  return tracks.includes(track) ? `track_${track}` : null;
}

// An element showing a track in words; a track the client does not know
// (a newer server) shows as given, and none as "Intet".
export function track_element(tag, track, attributes = {}) {
  if (track === null || track === undefined) return el(tag, { ...attributes, i18n: 'track_none' });
  // The time report also counts seekers without a decision.
  const key = track === 'untriaged' ? 'track_untriaged' : track_key(track);
  return key ? el(tag, { ...attributes, i18n: key }) : el(tag, attributes, String(track));
}

const answers = ['yes', 'no', 'unsure'];

// The translation key of a self-assessment answer ("answer_yes").
export function answer_key(answer) {
  return answers.includes(answer) ? `answer_${answer}` : 'answer_missing';
}
