// The seeker's profile page: loads the profile (GET /api/v1/profile), lets
// profile_form edit it, and saves it (PUT). Errors — the client's own checks
// and the server's 400 naming a field — go to the summary (which takes the
// focus) and next to the field.
import { api, describe_error } from '../api.js';
import { el } from '../dom.js';
import { form_errors } from '../form_errors.js';
import { current_language, translate } from '../i18n.js';
import { profile_form } from '../profile_form.js';
import { start_page } from '../page_shell.js';

const account = await start_page();
const form_element = document.getElementById('profile-form');
const errors = new form_errors(document.getElementById('profile-errors'));
const saved = document.getElementById('profile-saved');

function show_problem(key, values = null) {
  document.getElementById('profile-loading').hidden = true;
  translate(document.getElementById('profile-problem-text'), key, values);
  document.getElementById('profile-problem').hidden = false;
}

// The translation key for a server error about `field` (its first path part).
function field_message(field) {
  const root = /^[a-z_]+/.exec(field ?? '')?.[0];
  const known = ['goals', 'skills', 'languages', 'postcode', 'availability', 'meeting_preference', 'target_group',
    'unemployed_since', 'education_level', 'introduction'];
  return known.includes(root) ? `error_${root}` : 'error_invalid_field';
}

if (!account) {
  show_problem('profile_login_needed');
  document.getElementById('profile-problem-text').append(' ', el('a', { href: '/login.html', i18n: 'log_in' }));
} else if (account.role !== 'seeker') {
  show_problem('profile_not_seeker');
} else {
  const editor = new profile_form(form_element);
  try {
    const profile = await api('GET', `/api/v1/profile?lang=${current_language()}`);
    editor.fill(profile ?? {});
    document.getElementById('profile-loading').hidden = true;
    form_element.hidden = false;
  } catch (error) {
    const { key, values } = describe_error(error);
    show_problem(key, values);
  }

  let busy = false;
  form_element.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    saved.hidden = true;
    editor.check(errors);
    if (errors.has_errors) {
      errors.show();
      return;
    }
    busy = true;
    const button = document.getElementById('profile-submit');
    button.disabled = true;
    try {
      const stored = await api('PUT', `/api/v1/profile?lang=${current_language()}`, editor.read());
      editor.fill(stored ?? editor.read());
      saved.hidden = false;
      saved.focus();
    } catch (error) {
      if (error.field) errors.add(editor.target_of(error.field), field_message(error.field));
      else {
        const { key, values } = describe_error(error);
        errors.add(null, key, values);
      }
      errors.show();
    } finally {
      busy = false;
      button.disabled = false;
    }
  });
}
