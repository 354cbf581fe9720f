// The account page (account.html), for every role: change the password
// (POST /api/v1/me/password — the other browsers are logged out, this one
// stays) and log out everywhere (DELETE /api/v1/me/sessions, then the login
// page). Errors go to each form's error summary and to the field.
import { api, describe_error } from '../api.js';
import { el } from '../dom.js';
import { form_errors } from '../form_errors.js';
import { start_page } from '../page_shell.js';

const content = document.getElementById('account-content');
const account = await start_page();
if (!account) {
  content.replaceChildren(el('p', {}, el('a', { class: 'button button-primary', href: '/login.html', i18n: 'log_in' })));
} else {
  content.replaceChildren();
  document.getElementById('password-username').value = account.email ?? '';
  document.getElementById('account-forms').hidden = false;
  wire_password_form();
  wire_everywhere();
}

// The client's own checks; true when the form may be sent.
function check_password_form(form, errors) {
  const { current_password, new_password, repeat_password } = form.elements;
  if (current_password.value === '') errors.add('current-password', 'password_current_missing');
  if ([...new_password.value].length < 10) errors.add('new-password', 'password_new_too_short');
  else if (new_password.value === current_password.value) errors.add('new-password', 'password_new_same');
  else if (repeat_password.value !== new_password.value) errors.add('repeat-password', 'password_repeat_differs');
  return !errors.has_errors;
}

function wire_password_form() {
  const form = document.getElementById('password-form');
  const errors = new form_errors(document.getElementById('password-errors'));
  const done = document.getElementById('password-done');
  const button = document.getElementById('password-submit');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    errors.clear();
    done.hidden = true;
    if (!check_password_form(form, errors)) {
      errors.show();
      return;
    }
    button.disabled = true;
    try {
      await api('POST', '/api/v1/me/password',
        { current_password: form.elements.current_password.value, new_password: form.elements.new_password.value });
      form.reset();
      done.hidden = false;
    } catch (error) {
      if (error.code === 'unauthenticated' && error.field === 'current_password') errors.add('current-password', 'password_current_wrong');
      else if (error.code === 'invalid_field' && error.field === 'new_password') errors.add('new-password', 'password_new_too_short');
      else {
        const { key, values } = describe_error(error);
        errors.add(null, key, values);
      }
      form.elements.current_password.value = '';
      errors.show();
    } finally {
      button.disabled = false;
    }
  });
}

function wire_everywhere() {
  const button = document.getElementById('everywhere-submit');
  const errors = new form_errors(document.getElementById('everywhere-errors'));
  button.addEventListener('click', async () => {
    errors.clear();
    button.disabled = true;
    try {
      await api('DELETE', '/api/v1/me/sessions');
      location.assign('/login.html');
    } catch (error) {
      const { key, values } = describe_error(error);
      errors.add(null, key, values);
      errors.show();
      button.disabled = false;
    }
  });
}
