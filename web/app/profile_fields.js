// The fixed value sets of a seeker profile (docs/api.md) and their
// translation keys: days and parts of the day of the availability grid,
// language levels, meeting preferences, target groups and ISCED levels.
import { current_language } from './i18n.js';

export const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const parts_of_day = ['morning', 'afternoon', 'evening'];
export const language_levels = ['basic', 'good', 'fluent', 'native'];
export const meeting_preferences = ['in_person', 'online', 'both'];
export const target_groups = ['insured_unemployed', 'sick_listed', 'young', 'flex_job', 'other_unemployed'];
export const education_levels = [0, 1, 2, 3, 4, 5, 6, 7, 8];
export const goal_kinds = ['occupation', 'education', 'own_business'];

export const max_goals = 3;
export const max_skills = 30;
export const max_languages = 10;
export const max_introduction = 500;

// The name of an ISO 639-1 language in the current language ("dansk", "English").
export function language_name(code) {
  try {
    const names = new Intl.DisplayNames([current_language()], { type: 'language' });
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

// Characters as the server counts them (Unicode code points, not UTF-16 units).
export function character_count(text) {
  return [...text].length;
}
