// The seeker's profile editor: fills profile.html's form from a `profile`
// (docs/api.md), reads it back for PUT, checks what the client can check,
// and maps a server error's field path to the control to point at. Goals,
// skills and languages use the taxonomy combobox; the availability grid is
// built here as one fieldset per day.
import { create_combobox_field } from './combobox.js';
import { el } from './dom.js';
import { on_language_change, t, translate } from './i18n.js';
import {
  character_count, days, goal_kinds, language_levels, language_name, max_goals, max_introduction, max_languages,
  max_skills, parts_of_day,
} from './profile_fields.js';
import { describe_result, taxonomy_search } from './taxonomy.js';

export class profile_form {
  constructor(form) {
    this.form = form;
    this.goals = [];
    this.skills = [];
    this.languages = [];
    this.announce = document.getElementById('profile-announcer');
    this.build_availability();
    this.build_skill_search();
    this.build_language_search();
    document.getElementById('goal-add').addEventListener('click', () => {
      if (this.goals.length >= max_goals) return;
      this.goals.push({ kind: 'occupation', occupation: null });
      this.render_goals();
      document.getElementById(`goal-${this.goals.length - 1}-kind`).focus();
    });
    // Today in Danish time: unemployment cannot start in the future.
    document.getElementById('unemployed_since').max = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());
    const introduction = document.getElementById('introduction');
    introduction.addEventListener('input', () => this.show_character_count(true));
    on_language_change(() => {
      this.render_languages();
      this.show_character_count(false);
    });
  }

  // ---- filling and reading ----

  fill(profile) {
    this.goals = (profile.goals ?? []).map((goal) => ({
      kind: goal.kind,
      occupation: goal.kind === 'occupation'
        ? { occupation_id: goal.occupation_id, isco_code: goal.isco_code, label: goal.label ?? goal.occupation_id }
        : null,
    }));
    if (this.goals.length === 0) this.goals.push({ kind: 'occupation', occupation: null });
    this.skills = (profile.skills ?? []).map((skill) => ({ id: skill.id, label: skill.label ?? skill.id }));
    this.languages = (profile.languages ?? []).map((language) => ({ code: language.code, level: language.level }));
    this.render_goals();
    this.render_skills();
    this.render_languages();
    const form = this.form.elements;
    form.postcode.value = profile.postcode ?? '';
    const slots = new Set(profile.availability ?? []);
    for (const box of this.form.querySelectorAll('input[name=availability]')) box.checked = slots.has(box.value);
    for (const radio of this.form.querySelectorAll('input[name=meeting_preference]')) {
      radio.checked = radio.value === profile.meeting_preference;
    }
    form.target_group.value = profile.target_group ?? '';
    form.unemployed_since.value = profile.unemployed_since ?? '';
    form.education_level.value = profile.education_level === null || profile.education_level === undefined
      ? '' : String(profile.education_level);
    form.introduction.value = profile.introduction ?? '';
    this.show_character_count(false);
  }

  read() {
    const form = this.form.elements;
    const text_or_null = (value) => (value.trim() === '' ? null : value.trim());
    return {
      goals: this.goals.map((goal) => (goal.kind === 'occupation'
        ? { kind: 'occupation', occupation_id: goal.occupation?.occupation_id ?? null, isco_code: goal.occupation?.isco_code ?? null }
        : { kind: goal.kind })),
      skills: this.skills.map((skill) => ({ id: skill.id })),
      languages: this.languages.map((language) => ({ code: language.code, level: language.level })),
      postcode: text_or_null(form.postcode.value),
      availability: [...this.form.querySelectorAll('input[name=availability]:checked')].map((box) => box.value),
      meeting_preference: this.form.querySelector('input[name=meeting_preference]:checked')?.value ?? null,
      target_group: form.target_group.value || null,
      unemployed_since: form.unemployed_since.value || null,
      education_level: form.education_level.value === '' ? null : Number(form.education_level.value),
      introduction: form.introduction.value,
    };
  }

  // Adds the errors the client can see before asking the server.
  check(errors) {
    this.goals.forEach((goal, index) => {
      if (goal.kind === 'occupation' && !goal.occupation) {
        errors.add(`goal-${index}-occupation`, 'goal_occupation_missing', { number: index + 1 });
      }
    });
    if (this.goals.length === 0) errors.add('goals', 'goals_missing');
    if (this.languages.length === 0) errors.add('languages-search', 'languages_missing');
    // The server names one missing field at a time; the client names them all.
    const profile = this.read();
    if (profile.postcode === null) errors.add('postcode', 'missing_postcode');
    if (profile.meeting_preference === null) errors.add('meeting_preference', 'error_meeting_preference');
    if (profile.target_group === null) errors.add('target_group', 'error_target_group');
    if (profile.unemployed_since === null) errors.add('unemployed_since', 'missing_unemployed_since');
    if (profile.education_level === null) errors.add('education_level', 'error_education_level');
    if (character_count(this.form.elements.introduction.value) > max_introduction) {
      errors.add('introduction', 'introduction_too_long');
    }
  }

  // The id of the control a server error's `field` (e.g. `goals[1].occupation_id`) points at.
  target_of(field) {
    const match = /^([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?/.exec(field ?? '');
    if (!match) return null;
    const [, root, index_text, leaf] = match;
    const index = index_text === undefined ? null : Number(index_text);
    const exists = (id) => (document.getElementById(id) ? id : null);
    switch (root) {
      case 'goals':
        if (index === null) return 'goals';
        return exists(`goal-${index}-occupation`) && leaf !== 'kind' ? `goal-${index}-occupation` : exists(`goal-${index}-kind`) ?? 'goals';
      case 'skills': return 'skills-search';
      case 'languages':
        if (index !== null && leaf === 'level') return exists(`language-${index}-level`) ?? 'languages-search';
        return 'languages-search';
      case 'availability': return 'availability';
      case 'meeting_preference': return 'meeting_preference';
      case 'postcode':
      case 'target_group':
      case 'unemployed_since':
      case 'education_level':
      case 'introduction': return root;
      default: return null;
    }
  }

  // ---- goals ----

  render_goals() {
    const list = document.getElementById('goal-list');
    list.replaceChildren(...this.goals.map((goal, index) => this.goal_row(goal, index)));
    document.getElementById('goal-add').hidden = this.goals.length >= max_goals;
  }

  goal_row(goal, index) {
    const number = index + 1;
    const kind_id = `goal-${index}-kind`;
    const kind = el('select', { id: kind_id, class: 'form-select' },
      ...goal_kinds.map((value) => el('option', { value, i18n: `goal_kind_${value}`, selected: goal.kind === value })));
    kind.value = goal.kind;
    const { group: occupation_group, input } = create_combobox_field({
      id: `goal-${index}-occupation`,
      label_key: 'goal_occupation',
      hint_key: 'goal_occupation_hint',
      search: taxonomy_search('occupation'),
      describe: describe_result,
      on_select: (result) => {
        goal.occupation = { occupation_id: result.id, isco_code: result.isco_code, label: result.label };
        return true;
      },
      on_input: () => {
        goal.occupation = null;
      },
    });
    input.value = goal.occupation?.label ?? '';
    occupation_group.hidden = goal.kind !== 'occupation';
    kind.addEventListener('change', () => {
      goal.kind = kind.value;
      if (goal.kind !== 'occupation') goal.occupation = null;
      input.value = goal.occupation?.label ?? '';
      occupation_group.hidden = goal.kind !== 'occupation';
    });
    const fieldset = el('fieldset', { class: 'kreds-goal', id: `goal-${index}` },
      el('legend', { class: 'h4', i18n: 'goal_legend', i18n_values: { number } }),
      el('div', { class: 'form-group' }, el('label', { class: 'form-label', for: kind_id, i18n: 'goal_kind' }), kind),
      occupation_group);
    if (this.goals.length > 1) {
      const remove = el('button', { type: 'button', class: 'button button-tertiary', i18n: 'goal_remove', i18n_values: { number } });
      remove.addEventListener('click', () => {
        this.goals.splice(index, 1);
        this.render_goals();
        document.getElementById('goal-add').focus();
      });
      fieldset.append(remove);
    }
    return fieldset;
  }

  // ---- skills ----

  build_skill_search() {
    const { group } = create_combobox_field({
      id: 'skills-search',
      label_key: 'skills_search',
      hint_key: 'skills_hint',
      search: taxonomy_search('skill'),
      describe: describe_result,
      on_select: (result) => {
        if (this.skills.length >= max_skills) {
          this.say('skills_full');
          return false;
        }
        if (!this.skills.some((skill) => skill.id === result.id)) this.skills.push({ id: result.id, label: result.label });
        this.render_skills();
        this.say('skill_added', { label: result.label });
        return false;
      },
    });
    document.getElementById('skills-search-slot').replaceWith(group);
  }

  render_skills() {
    const list = document.getElementById('skill-list');
    list.replaceChildren(...this.skills.map((skill, index) => {
      const remove = el('button', {
        type: 'button', class: 'button button-tertiary kreds-chip-remove',
        'aria-label': `${t('remove')} ${skill.label}`,
      }, '×');
      remove.addEventListener('click', () => {
        this.skills.splice(index, 1);
        this.render_skills();
        this.say('skill_removed', { label: skill.label });
        const buttons = list.querySelectorAll('button');
        (buttons[Math.min(index, buttons.length - 1)] ?? document.getElementById('skills-search')).focus();
      });
      return el('li', { class: 'kreds-chip' }, el('span', {}, skill.label), remove);
    }));
    list.hidden = this.skills.length === 0;
    document.getElementById('skills-none').hidden = this.skills.length > 0;
  }

  // ---- languages ----

  build_language_search() {
    const { group } = create_combobox_field({
      id: 'languages-search',
      label_key: 'languages_search',
      hint_key: 'languages_hint',
      search: async (query, signal) => {
        // Several language skills ("Danish", "write Danish") share a code: keep the first of each.
        const seen = new Set();
        return (await taxonomy_search('language', 30)(query, signal)).filter((result) => {
          if (typeof result.code !== 'string' || result.code.length !== 2 || seen.has(result.code)) return false;
          seen.add(result.code);
          return true;
        }).slice(0, 10);
      },
      describe: (result) => ({ label: `${language_name(result.code)}`, detail: result.label && result.label !== language_name(result.code) ? `(${result.label})` : null }),
      on_select: (result) => {
        const existing = this.languages.findIndex((language) => language.code === result.code);
        if (existing < 0 && this.languages.length >= max_languages) {
          this.say('languages_full');
          return false;
        }
        if (existing < 0) this.languages.push({ code: result.code, level: 'good' });
        this.render_languages();
        this.say('language_added', { label: language_name(result.code) });
        const index = existing < 0 ? this.languages.length - 1 : existing;
        document.getElementById(`language-${index}-level`)?.focus();
        return false;
      },
    });
    document.getElementById('languages-search-slot').replaceWith(group);
  }

  render_languages() {
    const list = document.getElementById('language-list');
    list.replaceChildren(...this.languages.map((language, index) => {
      const name = language_name(language.code);
      const id = `language-${index}-level`;
      const level = el('select', { id, class: 'form-select' },
        ...language_levels.map((value) => el('option', { value, i18n: `level_${value}` })));
      level.value = language.level ?? 'good';
      level.addEventListener('change', () => {
        language.level = level.value;
      });
      const remove = el('button', { type: 'button', class: 'button button-tertiary', 'aria-label': `${t('remove')} ${name}` }, t('remove'));
      remove.addEventListener('click', () => {
        this.languages.splice(index, 1);
        this.render_languages();
        this.say('language_removed', { label: name });
        document.getElementById('languages-search').focus();
      });
      return el('li', { class: 'kreds-language' },
        el('div', { class: 'form-group' },
          el('label', { class: 'form-label', for: id, i18n: 'language_level', i18n_values: { language: name } }), level),
        remove);
    }));
    list.hidden = this.languages.length === 0;
    document.getElementById('languages-none').hidden = this.languages.length > 0;
  }

  // ---- availability ----

  build_availability() {
    const grid = document.getElementById('availability-grid');
    grid.replaceChildren(...days.map((day) => el('fieldset', { class: 'kreds-day' },
      el('legend', { class: 'form-label', i18n: `day_${day}` }),
      ...parts_of_day.map((part) => {
        const id = `slot-${day}-${part}`;
        return el('div', { class: 'form-group-checkbox' },
          el('input', { type: 'checkbox', class: 'form-checkbox', id, name: 'availability', value: `${day}_${part}` }),
          el('label', { class: 'form-label', for: id, i18n: `part_${part}` }));
      }))));
  }

  // ---- introduction ----

  show_character_count(typed) {
    const count = character_count(this.form.elements.introduction.value);
    const visible = document.getElementById('introduction-limit');
    const left = max_introduction - count;
    const key = left >= 0 ? 'characters_left' : 'characters_over';
    translate(visible, key, { count: Math.abs(left) });
    visible.classList.toggle('limit-exceeded', left < 0);
    // Screen readers hear the count once typing pauses, not on every key.
    clearTimeout(this.count_timer);
    if (typed) {
      this.count_timer = setTimeout(() => {
        translate(document.getElementById('introduction-limit-status'), key, { count: Math.abs(left) });
      }, 1000);
    }
  }

  say(key, values = null) {
    translate(this.announce, key, values);
  }
}
