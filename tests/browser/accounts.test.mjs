// Accounts in a real browser against the real server: an admin created with
// `kreds admin create` invites a caseworker, who invites a seeker (set up
// through the JSON API); the seeker accepts the invitation with consent,
// fills in the profile with the keyboard-driven taxonomy autocomplete and
// sees it again after a reload; a wrong password and throttling are
// reported; a caseworker looks the profile up with a purpose and the seeker
// finds that look-up in the access log; the admin invites a caseworker from
// the home page and logs out. axe-core checks every page on the way.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { api_client, launch_browser, prepare_database, run_kreds, serious_violations, start_server } from './support.mjs';

const wait = { timeout: 10000 };
const admin = { email: 'admin@example.dk', password: 'admin-password-1234', name: 'Ada Admin' };
const caseworker = { email: 'carl@example.dk', password: 'caseworker-password-1', name: 'Carl Caseworker' };
const seeker = { email: 'sofie@example.dk', password: 'seeker-password-12', name: 'Sofie <i>Seeker</i>' };
const introduction = 'Jeg er datalog <b>og</b> søger job – gerne i Aarhus.';
const purpose = 'Forberedelse af netværksmøde';

let database;
let server;
let browser;
let seeker_link;
let chosen = {};

before(async () => {
  database = prepare_database();
  await run_kreds(['admin', 'create', '--database', database.path, '--municipality-code', '751',
    '--municipality-name', 'Aarhus Kommune', '--email', admin.email, '--name', admin.name], { input: `${admin.password}\n` });
  server = await start_server([], { database: database.path });
  browser = await launch_browser();

  const as_admin = api_client(server.url);
  await as_admin.call('POST', '/api/v1/session', { email: admin.email, password: admin.password });
  const caseworker_invitation = await as_admin.call('POST', '/api/v1/invitations',
    { email: caseworker.email, display_name: caseworker.name, role: 'caseworker' });
  const as_caseworker = api_client(server.url);
  await as_caseworker.call('POST', `/api/v1/invitations/${encodeURIComponent(caseworker_invitation.code)}/accept`,
    { password: caseworker.password });
  await as_caseworker.call('POST', '/api/v1/session', { email: caseworker.email, password: caseworker.password });
  const seeker_invitation = await as_caseworker.call('POST', '/api/v1/invitations',
    { email: seeker.email, display_name: seeker.name, role: 'seeker' });
  seeker_link = seeker_invitation.link;
  assert.match(seeker_link, /^\/invitation\.html#/);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  database?.remove();
});

async function new_page() {
  const context = await browser.newContext();
  context.setDefaultTimeout(10000);
  context.setDefaultNavigationTimeout(15000);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(String(error)));
  return page;
}

async function log_in(page, email, password) {
  await page.goto(`${server.url}/login.html`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('#login-submit').click();
  await page.waitForURL(`${server.url}/`, wait);
  await page.locator('#role-start > *').first().waitFor(wait);
}

// Types into a combobox, waits for the suggestions, takes the first with
// ArrowDown and Enter; returns the chosen label.
async function choose_first(page, id, text) {
  const input = page.locator(`#${id}`);
  await input.focus();
  await page.keyboard.type(text, { delay: 30 });
  const first = page.locator(`#${id}-listbox [role=option]`).first();
  await first.waitFor(wait);
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  const label = await first.evaluate((option) => option.firstChild.textContent);
  await page.keyboard.press('ArrowDown');
  assert.equal(await input.getAttribute('aria-activedescendant'), await first.getAttribute('id'));
  assert.equal(await first.getAttribute('aria-selected'), 'true');
  await page.keyboard.press('Enter');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  return label;
}

describe('accounts in the browser', { timeout: 120000 }, () => {
  test('the seeker accepts the invitation with consent and fills in the profile with the keyboard', async () => {
    const page = await new_page();
    await page.goto(server.url + seeker_link);
    await page.locator('#consent-title').waitFor(wait);
    assert.match(await page.locator('#invitation-who').textContent(), /Aarhus Kommune/);
    assert.equal(await page.locator('#invitation-who i').count(), 0, 'the name is shown as text, not markup');
    assert.ok(await page.locator('#consent-text p').count() > 0, 'the consent text is shown');
    assert.match(await page.locator('#consent-version').textContent(), /Version \S+/);
    assert.deepEqual(await serious_violations(page), [], 'invitation page');

    // The consent text follows the language toggle.
    const danish_title = await page.locator('#consent-title').textContent();
    await page.locator('#language-toggle').click();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.notEqual(await page.locator('#consent-title').textContent(), danish_title);
    assert.match(await page.locator('#invitation-who').textContent(), /is invited by Aarhus Kommune as job seeker/);
    await page.locator('#language-toggle').click();
    assert.equal(await page.locator('#consent-title').textContent(), danish_title);

    // Without consent the summary says so and takes the focus.
    await page.locator('#new-password').fill(seeker.password);
    await page.locator('#repeat-password').fill(seeker.password);
    await page.locator('#invitation-submit').click();
    await page.locator('#invitation-errors-box').waitFor(wait);
    assert.match(await page.locator('#invitation-errors-box').textContent(), /samtykke/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'invitation-errors-box');

    await page.locator('#consent-agree').focus();
    await page.keyboard.press('Space');
    await page.locator('#invitation-submit').click();
    await page.waitForURL(`${server.url}/profile.html`, wait);
    await page.locator('#profile-form').waitFor({ state: 'visible', ...wait });
    assert.deepEqual(await serious_violations(page), [], 'profile page');

    // An empty profile: every missing field is named at once, and the summary takes the focus.
    await page.locator('#profile-submit').click();
    await page.locator('#profile-errors-box').waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'profile-errors-box');
    assert.equal(await page.locator('#profile-errors-box li').count(), 7);
    assert.equal(await page.locator('#target_group').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await serious_violations(page), [], 'profile page with errors');

    // Escape closes the suggestions, a second Escape empties the field.
    await page.locator('#goal-0-occupation').focus();
    await page.keyboard.type('softw');
    await page.locator('#goal-0-occupation-listbox [role=option]').first().waitFor(wait);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#goal-0-occupation').getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('#goal-0-occupation-listbox').isHidden(), true);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#goal-0-occupation').inputValue(), '');

    chosen.occupation = await choose_first(page, 'goal-0-occupation', 'softw');
    assert.match(chosen.occupation, /softw/i);
    assert.equal(await page.locator('#goal-0-occupation').inputValue(), chosen.occupation);

    chosen.skill = await choose_first(page, 'skills-search', 'commun');
    await page.locator('#skill-list li', { hasText: chosen.skill }).waitFor(wait);
    assert.equal(await page.locator('#skills-search').inputValue(), '');

    await choose_first(page, 'languages-search', 'dan');
    await page.locator('#language-0-level').selectOption('native');
    await choose_first(page, 'languages-search', 'engl');
    await page.locator('#language-1-level').selectOption('good');

    for (const slot of ['mon-morning', 'thu-evening']) {
      await page.locator(`#slot-${slot}`).focus();
      await page.keyboard.press('Space');
    }
    await page.locator('#meeting-both').check();
    await page.locator('#target_group').selectOption('insured_unemployed');
    await page.locator('#unemployed_since').fill('2026-05-01');
    await page.locator('#education_level').selectOption('6');
    await page.locator('#introduction').fill(introduction);
    assert.equal(await page.locator('#introduction-limit').textContent(), `Du har ${500 - [...introduction].length} tegn tilbage`);

    // The server refuses a bad postcode: the summary takes the focus and the field says why.
    await page.locator('#postcode').fill('12');
    await page.locator('#profile-submit').click();
    await page.locator('#profile-errors-box').waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'profile-errors-box');
    assert.equal(await page.locator('#postcode').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#postcode-error').textContent(), /postnummer/);
    await page.locator('#profile-errors-box a[href="#postcode"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'postcode');

    await page.locator('#postcode').fill('8000');
    await page.locator('#profile-submit').click();
    await page.locator('#profile-saved').waitFor({ state: 'visible', ...wait });
    assert.equal(await page.locator('#profile-errors-box').count(), 0);

    await page.reload();
    await page.locator('#profile-form').waitFor({ state: 'visible', ...wait });
    assert.equal(await page.locator('#goal-0-occupation').inputValue(), chosen.occupation);
    await page.locator('#skill-list li', { hasText: chosen.skill }).waitFor(wait);
    assert.equal(await page.locator('#language-0-level').inputValue(), 'native');
    assert.equal(await page.locator('#language-1-level').inputValue(), 'good');
    assert.equal(await page.locator('#postcode').inputValue(), '8000');
    assert.equal(await page.locator('#slot-mon-morning').isChecked(), true);
    assert.equal(await page.locator('#slot-thu-evening').isChecked(), true);
    assert.equal(await page.locator('#slot-tue-morning').isChecked(), false);
    assert.equal(await page.locator('#meeting-both').isChecked(), true);
    assert.equal(await page.locator('#target_group').inputValue(), 'insured_unemployed');
    assert.equal(await page.locator('#unemployed_since').inputValue(), '2026-05-01');
    assert.equal(await page.locator('#education_level').inputValue(), '6');
    assert.equal(await page.locator('#introduction').inputValue(), introduction);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('a wrong password and then throttling are reported in the error summary', async () => {
    const page = await new_page();
    await page.goto(`${server.url}/login.html`);
    await page.locator('#email').fill(seeker.email);
    await page.locator('#password').fill('not-the-password');
    await page.locator('#login-submit').click();
    await page.locator('#login-errors-box').waitFor(wait);
    assert.match(await page.locator('#login-errors-box').textContent(), /Forkert e-mail eller adgangskode/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'login-errors-box');
    assert.equal(page.url(), `${server.url}/login.html`);
    assert.deepEqual(await serious_violations(page), [], 'login page with an error');

    // Repeated failures for one e-mail: refused for a while, and the page says for how long.
    let message = '';
    for (let attempt = 0; attempt < 7 && !/For mange forsøg/.test(message); ++attempt) {
      await page.locator('#email').fill('nobody@example.dk');
      await page.locator('#password').fill(`wrong-${attempt}`);
      await page.locator('#login-submit').click();
      await page.locator('#login-errors-box').waitFor(wait);
      await page.locator('#login-submit:not([disabled])').waitFor(wait);
      message = await page.locator('#login-errors-box').textContent();
    }
    assert.match(message, /For mange forsøg\. Prøv igen om \d+ minutter\./);
    await page.context().close();
  });

  test('a caseworker looks at the profile with a purpose and the seeker sees the look-up', async () => {
    const page = await new_page();
    await log_in(page, caseworker.email, caseworker.password);
    await page.getByText('Forbundet til Kreds.').waitFor(wait);
    const row = page.locator('#seekers-table tbody tr', { hasText: 'Sofie' });
    await row.waitFor(wait);
    assert.deepEqual(await serious_violations(page), [], 'caseworker home');
    await row.locator('[data-seeker]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'purpose');
    await page.keyboard.type(purpose);
    await page.keyboard.press('Enter');
    await page.locator('#seeker-profile-heading').waitFor(wait);
    const view = page.locator('.kreds-profile-view');
    assert.match(await view.textContent(), new RegExp(chosen.occupation));
    assert.equal(await view.locator('.kreds-introduction').textContent(), introduction);
    assert.equal(await view.locator('b').count(), 0, 'the introduction is text, not markup');
    assert.deepEqual(await serious_violations(page), [], 'caseworker home with a profile');
    assert.deepEqual(page.errors, []);
    await page.context().close();

    const seeker_page = await new_page();
    await log_in(seeker_page, seeker.email, seeker.password);
    await seeker_page.locator('#profile-link').waitFor(wait);
    await seeker_page.locator('#access-log-show').click();
    const entry = seeker_page.locator('#access-log-table tbody tr', { hasText: purpose });
    await entry.waitFor(wait);
    assert.match(await entry.textContent(), /jobrådgiver/);
    assert.deepEqual(await serious_violations(seeker_page), [], 'seeker home with the access log');
    await seeker_page.context().close();
  });

  test('a blocked seeker is told so at login, and the caseworker unlocks the account with a reason', async () => {
    execFileSync('sqlite3', [database.path, `UPDATE account SET blocked_at = '2026-01-01T00:00:00Z' WHERE email = '${seeker.email}'`],
      { timeout: 10000 });
    const seeker_page = await new_page();
    await seeker_page.goto(`${server.url}/login.html`);
    await seeker_page.locator('#email').fill(seeker.email);
    await seeker_page.locator('#password').fill(seeker.password);
    await seeker_page.locator('#login-submit').click();
    await seeker_page.locator('#login-errors-box').waitFor(wait);
    assert.match(await seeker_page.locator('#login-errors-box').textContent(), /Kontoen er spærret/);

    const page = await new_page();
    await log_in(page, caseworker.email, caseworker.password);
    const row = page.locator('#seekers-table tbody tr', { hasText: 'Sofie' });
    await row.locator('[data-unlock]').click();
    await page.keyboard.type('Ringede og bekræftede sin identitet');
    await page.keyboard.press('Enter');
    await row.getByText('konto er låst op').waitFor(wait);
    assert.deepEqual(await serious_violations(page), [], 'caseworker home after an unlock');
    await page.context().close();

    await log_in(seeker_page, seeker.email, seeker.password);

    // The seeker forgot the password: the caseworker resets it, which logs the seeker out, and hands over a code.
    const again = await new_page();
    await log_in(again, caseworker.email, caseworker.password);
    const seeker_row = again.locator('#seekers-table tbody tr', { hasText: 'Sofie' });
    await seeker_row.locator('[data-reset]').click();
    await again.keyboard.type('Ringede og havde glemt sin adgangskode');
    await again.keyboard.press('Enter');
    const code = (await seeker_row.locator('[data-reset-code]').textContent()).trim();
    assert.match(code, /^[A-Z0-9-]{10,}$/);
    assert.deepEqual(await serious_violations(again), [], 'caseworker home after a reset');
    assert.equal(await seeker_page.evaluate(async () => (await fetch('/api/v1/me')).status), 401, 'logged out');
    await seeker_page.context().close();
    await again.context().close();
    // With the code the seeker chooses a new password, in a browser of their own.
    const as_seeker = api_client(server.url);
    const shown = await as_seeker.call('GET', `/api/v1/invitations/${encodeURIComponent(code)}`);
    assert.equal(shown.purpose, 'reset');
    assert.equal(shown.consent, undefined, 'a reset asks for no new consent');
    seeker.password = 'a-new-seeker-password-1';
    await as_seeker.call('POST', `/api/v1/invitations/${encodeURIComponent(code)}/accept`, { password: seeker.password });
    await as_seeker.call('POST', '/api/v1/session', { email: seeker.email, password: seeker.password });
  });

  test('the admin invites a caseworker from the home page and logs out', async () => {
    const page = await new_page();
    await log_in(page, admin.email, admin.password);
    await page.locator('#invite-caseworker-email').fill('cecilie@example.dk');
    await page.locator('#invite-caseworker-display_name').fill('Cecilie Caseworker');
    await page.locator('#invite-caseworker-form button[type=submit]').click();
    await page.locator('#invite-caseworker-code').waitFor(wait);
    const link = await page.locator('#invite-caseworker-link').inputValue();
    assert.ok(link.startsWith(`${server.url}/invitation.html#`), link);
    assert.ok(link.endsWith(await page.locator('#invite-caseworker-code').textContent()));
    assert.deepEqual(await serious_violations(page), [], 'admin home');
    await page.locator('#logout-button').click();
    await page.waitForURL(`${server.url}/`, wait);
    await page.locator('#visitor-start a[href="/login.html"]').waitFor(wait);
    assert.equal(await page.locator('#logout-button').isHidden(), true);
    await page.context().close();
  });

  test('the admin changes the password from the account page, which logs out the other browser, then everywhere',
    async () => {
      const phone = await new_page();
      await log_in(phone, admin.email, admin.password);
      const page = await new_page();
      await log_in(page, admin.email, admin.password);
      await page.locator('#account-name').click();
      await page.waitForURL(`${server.url}/account.html`, wait);
      await page.locator('#password-form').waitFor(wait);
      assert.deepEqual(await serious_violations(page), [], 'account page');
      // The server's refusal of a wrong current password is shown at the field.
      await page.locator('#current-password').fill('not-my-password');
      await page.locator('#new-password').fill('a-brand-new-password-1');
      await page.locator('#repeat-password').fill('a-brand-new-password-1');
      await page.locator('#password-submit').click();
      await page.locator('#current-password-error', { hasText: 'forkert' }).waitFor(wait);
      assert.equal(await page.locator('#current-password').getAttribute('aria-invalid'), 'true');
      await page.locator('#current-password').fill(admin.password);
      await page.locator('#password-submit').click();
      await page.locator('#password-done').waitFor({ state: 'visible', ...wait });
      const me = () => page.evaluate(async () => (await fetch('/api/v1/me')).status);
      assert.equal(await me(), 200, 'this browser stays logged in');
      assert.equal(await phone.evaluate(async () => (await fetch('/api/v1/me')).status), 401, 'the other is out');
      admin.password = 'a-brand-new-password-1';
      await page.locator('#everywhere-submit').click();
      await page.waitForURL(`${server.url}/login.html`, wait);
      assert.equal(await me(), 401);
      assert.deepEqual(page.errors, []);
      await phone.context().close();
      await page.context().close();
    });
});
