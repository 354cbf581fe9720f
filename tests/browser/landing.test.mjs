// The landing page in a real browser: it loads under the server's CSP with
// the design system, connects its WebSocket, switches language, and has no
// serious accessibility violations.
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

test('landing page connects over WebSocket and reports it in Danish', async () => {
  const page = await browser.newPage();
  const console_errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') console_errors.push(message.text());
  });
  await page.goto(server.url);
  assert.equal(await page.getAttribute('html', 'lang'), 'da');
  await page.getByText('Forbundet til Kreds.').waitFor({ timeout: 10000 });
  assert.equal(await page.locator('h1').textContent(), 'Velkommen til Kreds');
  const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert.match(font, /IBM Plex Sans/, 'the dkfds stylesheet is applied');
  assert.deepEqual(console_errors, []);
  await page.close();
});

test('the language toggle switches to English with the keyboard', async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.getByText('Forbundet til Kreds.').waitFor({ timeout: 10000 });
  await page.focus('#language-toggle');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.locator('h1').textContent(), 'Welcome to Kreds');
  await page.getByText('Connected to Kreds.').waitFor({ timeout: 5000 });
  await page.close();
});

test('axe-core finds no serious or critical violations on the landing page', async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.getByText('Forbundet til Kreds.').waitFor({ timeout: 10000 });
  assert.deepEqual(await serious_violations(page), []);
  await page.close();
});
