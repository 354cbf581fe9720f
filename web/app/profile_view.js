// A seeker's profile shown read-only (for the caseworker), as a description
// list. Every value is inserted as text: names and introductions are the
// seeker's own words and never markup.
import { el } from './dom.js';
import { t, translate } from './i18n.js';
import { format_time } from './format.js';
import { days, language_name, parts_of_day } from './profile_fields.js';

function row(term_key, ...values) {
  const shown = values.filter((value) => value !== null && value !== undefined && value !== '');
  return [el('dt', { i18n: term_key }), el('dd', {}, ...(shown.length ? shown : [translate(el('span'), 'not_given')]))];
}

function list(items) {
  if (items.length === 0) return translate(el('span'), 'none_chosen');
  return el('ul', { class: 'mt-0 mb-0' }, ...items.map((item) => el('li', {}, item)));
}

export function render_profile_view(profile) {
  const goals = (profile.goals ?? []).map((goal) => (goal.kind === 'occupation'
    ? `${goal.label ?? goal.occupation_id}${goal.isco_code ? ` (ISCO ${goal.isco_code})` : ''}`
    : t(`goal_kind_${goal.kind}`)));
  const skills = (profile.skills ?? []).map((skill) => skill.label ?? skill.id);
  const languages = (profile.languages ?? []).map((language) => `${language_name(language.code)}: ${t(`level_${language.level}`)}`);
  const slots = new Set(profile.availability ?? []);
  const availability = days.filter((day) => parts_of_day.some((part) => slots.has(`${day}_${part}`)))
    .map((day) => `${t(`day_${day}`)}: ${parts_of_day.filter((part) => slots.has(`${day}_${part}`)).map((part) => t(`part_${part}`).toLowerCase()).join(', ')}`);
  const introduction = profile.introduction ? el('p', { class: 'kreds-introduction mt-0' }, profile.introduction) : null;
  return el('dl', { class: 'kreds-profile-view' },
    ...row('view_goals', list(goals)),
    ...row('view_skills', list(skills)),
    ...row('view_languages', list(languages)),
    ...row('postcode', profile.postcode ?? null),
    ...row('view_availability', list(availability)),
    ...row('view_meeting', profile.meeting_preference ? t(`meeting_${profile.meeting_preference}`) : null),
    ...row('target_group', profile.target_group ? t(`target_${profile.target_group}`) : null),
    ...row('unemployed_since', profile.unemployed_since ? format_time(`${profile.unemployed_since}T12:00:00Z`, false) : null),
    ...row('education_level', profile.education_level === null || profile.education_level === undefined ? null : t(`isced_${profile.education_level}`)),
    ...row('view_introduction', introduction));
}
