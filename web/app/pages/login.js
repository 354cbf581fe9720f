// The login page: e-mail and password → POST /api/v1/session; a wrong
// password or throttling (429, with the time to wait) goes to the error
// summary; on success the browser goes to the home page.
import { api, describe_error } from '../api.js';
import { form_errors } from '../form_errors.js';
import { start_page } from '../page_shell.js';

const account = await start_page();
const form = document.getElementById('login-form');
const errors = new form_errors(document.getElementById('login-errors'));
if (account) document.getElementById('login-already').hidden = false;

let busy = false;
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (busy) return;
  errors.clear();
  const email = form.elements.email.value.trim();
  const password = form.elements.password.value;
  if (email === '') errors.add('email', 'login_email_missing');
  if (password === '') errors.add('password', 'login_password_missing');
  if (errors.has_errors) {
    errors.show();
    return;
  }
  busy = true;
  const button = document.getElementById('login-submit');
  button.disabled = true;
  try {
    await api('POST', '/api/v1/session', { email, password });
    location.assign('/');
    return;
  } catch (error) {
    if (error.code === 'unauthenticated') errors.add('password', 'login_wrong');
    else if (error.code === 'forbidden') errors.add(null, 'login_blocked');  // blocked after failed logins
    else {
      const { key, values } = describe_error(error);
      errors.add(null, key, values);
    }
    form.elements.password.value = '';
    errors.show();
  } finally {
    busy = false;
    button.disabled = false;
  }
});
