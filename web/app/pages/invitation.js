// The invitation page: reads the code from the URL fragment (#CODE, which the
// browser never sends anywhere), shows who is invited by which municipality
// and — for seekers — the consent text in the current language with its
// version and an "I agree" checkbox; the invitee chooses a password and
// POSTs the acceptance, then goes on to the profile (seekers) or home.
import { api, describe_error } from '../api.js';
import { form_errors } from '../form_errors.js';
import { current_language, on_language_change, t, translate } from '../i18n.js';
import { el } from '../dom.js';
import { format_time } from '../format.js';
import { start_page } from '../page_shell.js';

await start_page();

const form = document.getElementById('invitation-form');
const errors = new form_errors(document.getElementById('invitation-errors'));
const code = decodeURIComponent(location.hash.slice(1)).trim();
let invitation = null;

function show_problem(key) {
  document.getElementById('invitation-loading').hidden = true;
  form.hidden = true;
  translate(document.getElementById('invitation-problem-text'), key);
  document.getElementById('invitation-problem').hidden = false;
}

function show_consent() {
  const consent = invitation.consent;
  const language = current_language();
  const pick = (texts) => (texts?.[language] ?? texts?.da ?? texts?.en);
  const title = document.getElementById('consent-title');
  title.textContent = pick(consent.title) ?? t('consent_heading');
  title.lang = consent.title?.[language] ? language : 'da';
  const paragraphs = pick(consent.paragraphs) ?? [];
  const text = document.getElementById('consent-text');
  text.lang = consent.paragraphs?.[language] ? language : 'da';
  text.replaceChildren(...paragraphs.map((paragraph) => el('p', {}, String(paragraph))));
  translate(document.getElementById('consent-version'), 'consent_version', { version: consent.version });
}

function show_invitation() {
  document.getElementById('invitation-loading').hidden = true;
  translate(document.getElementById('invitation-who'), 'invitation_who', {
    name: invitation.display_name, email: invitation.email, municipality: invitation.municipality?.name ?? '',
    role: t(`role_${invitation.role}`),
  });
  if (invitation.expires_at) {
    translate(document.getElementById('invitation-expires'), 'invitation_expires', { date: format_time(invitation.expires_at) });
  }
  // A password reset's code: the account exists and has consented; only a new password is chosen.
  if (invitation.purpose === 'reset') {
    translate(document.getElementById('invitation-heading'), 'invitation_reset_heading');
    translate(document.getElementById('invitation-submit'), 'invitation_reset_submit');
  }
  const needs_consent = invitation.role === 'seeker' && invitation.consent;
  document.getElementById('consent').hidden = !needs_consent;
  if (needs_consent) show_consent();
  form.hidden = false;
}

on_language_change(() => {
  if (!invitation) return;
  // The role's name and the consent text are data, re-render them in the new language.
  show_invitation();
});

if (code === '') {
  show_problem('invitation_missing_code');
} else {
  try {
    invitation = await api('GET', `/api/v1/invitations/${encodeURIComponent(code)}`);
    show_invitation();
  } catch (error) {
    show_problem(error.code === 'not_found' ? 'invitation_not_found' : describe_error(error).key);
  }
}

let busy = false;
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (busy || !invitation) return;
  errors.clear();
  const password = form.elements.password.value;
  const repeated = form.elements.password_repeat.value;
  const needs_consent = invitation.role === 'seeker' && invitation.consent;
  if (needs_consent && !document.getElementById('consent-agree').checked) errors.add('consent-agree', 'consent_missing');
  const length = [...password].length;
  if (length < 10) errors.add('new-password', 'password_too_short');
  else if (length > 128) errors.add('new-password', 'password_too_long');
  else if (password !== repeated) errors.add('repeat-password', 'password_mismatch');
  if (errors.has_errors) {
    errors.show();
    return;
  }
  busy = true;
  const button = document.getElementById('invitation-submit');
  button.disabled = true;
  try {
    const body = { password };
    if (needs_consent) body.consent_version = invitation.consent.version;
    const answer = await api('POST', `/api/v1/invitations/${encodeURIComponent(code)}/accept`, body);
    location.assign(answer?.account?.role === 'seeker' ? '/profile.html' : '/');
    return;
  } catch (error) {
    if (error.code === 'not_found') {
      show_problem('invitation_not_found');
    } else if (error.field === 'session') {
      // Someone (the inviter, say) is logged in here: the invitee accepts in a browser of their own.
      errors.add(null, 'invitation_logged_in');
      errors.show();
    } else if (error.field === 'password') {
      errors.add('new-password', 'password_invalid');
      errors.show();
    } else if (error.field === 'consent_version') {
      // The consent text changed while the page was open: show the new one.
      try {
        invitation = await api('GET', `/api/v1/invitations/${encodeURIComponent(code)}`);
        show_invitation();
        document.getElementById('consent-agree').checked = false;
      } catch {
        // The summary below still says what to do.
      }
      errors.add('consent-agree', 'consent_changed');
      errors.show();
    } else {
      const { key, values } = describe_error(error);
      errors.add(null, key, values);
      errors.show();
    }
  } finally {
    busy = false;
    button.disabled = false;
  }
});
