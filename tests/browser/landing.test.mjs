// The landing page in a real browser, for a visitor: it loads under the
// server's CSP with the design system, offers "Log ind", switches language,
// and has no serious accessibility violations. (The WebSocket needs a
// session; accounts.test.mjs checks it for a logged-in user.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launch_browser, serious_violations, start_server } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await start_server();
  browser = await launch_browser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// The page asks GET /api/v1/me who is logged in; for a visitor the answer is
// an error status, which Chromium logs to the console. Every other error counts.
function is_visitor_check(message) {
  return message.location().url.endsWith('/api/v1/me') && /Failed to load resource/.test(message.text());
}

test('landing page greets a visitor in Danish with a link to log in', async () => {
  const page = await browser.newPage();
  const console_errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !is_visitor_check(message)) console_errors.push(message.text());
  });
  page.on('pageerror', (error) => console_errors.push(String(error)));
  await page.goto(server.url);
  assert.equal(await page.getAttribute('html', 'lang'), 'da');
  await page.getByRole('link', { name: 'Log ind' }).waitFor({ timeout: 10000 });
  assert.equal(await page.locator('h1').textContent(), 'Velkommen til Kreds');
  assert.equal(await page.locator('#logout-button').isHidden(), true);
  const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert.match(font, /IBM Plex Sans/, 'the dkfds stylesheet is applied');
  assert.deepEqual(console_errors, []);
  await page.close();
});

test('the language toggle switches to English with the keyboard', async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Log ind' }).waitFor({ timeout: 10000 });
  await page.focus('#language-toggle');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.locator('h1').textContent(), 'Welcome to Kreds');
  await page.getByRole('link', { name: 'Log in' }).waitFor({ timeout: 5000 });
  assert.equal(await page.locator('#language-toggle').textContent(), 'Dansk');
  await page.close();
});

test('axe-core finds no serious or critical violations on the landing page', async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Log ind' }).waitFor({ timeout: 10000 });
  assert.deepEqual(await serious_violations(page), []);
  await page.close();
});
