// Forming networks in a real browser against the real server: a demo
// municipality of 40 job seekers (`kreds demo`); the caseworker opens the
// matching page, adds a "do not group" pair, makes a proposal and sees its
// progress finish (WebSocket), reviews the networks with their explanations,
// moves a member to another network, locks that network, re-runs (the
// locked network stays as it was), and confirms. A member of the locked
// network, logged in before the confirmation, sees "Dit netværk" appear live
// with the why text, and the caseworker sees the network's history.
// axe-core checks the matching page (pool, running, ready, confirmed) and
// the seeker's start.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  api_client, email_of, launch_browser, log_in, new_page, prepare_database, run_kreds, serious_violations, start_server,
  taxonomy_path,
} from './support.mjs';

const wait = { timeout: 10000 };
const password = 'kreds-demo-2026';
const caseworker_email = 'jobraadgiver1@aarhus.demo.kreds.dk';

let database;
let server;
let browser;

before(async () => {
  database = prepare_database();
  await run_kreds(['demo', '--database', database.path, '--seekers', '40', '--caseworkers', '1',
    '--set', `taxonomy.path=${taxonomy_path}`]);
  server = await start_server([], { database: database.path });
  browser = await launch_browser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  database?.remove();
});




const seekers_in = (page, key) => page.locator(`section.kreds-network[data-key="${key}"] li.kreds-member`)
  .evaluateAll((items) => items.map((item) => Number(item.dataset.seeker)).sort((a, b) => a - b));

describe('forming networks in the browser', { timeout: 150000 }, () => {
  test('a caseworker proposes, adjusts, re-runs and confirms; a member sees why, live', async () => {
    const as_caseworker = api_client(server.url);
    await as_caseworker.call('POST', '/api/v1/session', { email: caseworker_email, password });
    const pool = await as_caseworker.call('GET', '/api/v1/pool');
    // Only seekers triaged to a network track wait (the demo triages all 40).
    assert.ok(pool.count >= 30 && pool.count <= 40, `pool of ${pool.count}`);
    assert.ok(pool.waiting.every((s) => s.track === 'network' || s.track === 'network_sparring'));

    const page = await new_page(browser);
    await log_in(page, server.url, caseworker_email, password);
    await page.locator('#matching-link').click();
    await page.waitForURL(`${server.url}/matching.html`, wait);
    await page.locator('#pool-count', { hasText: `${pool.count} jobsøgere venter` }).waitFor(wait);
    await page.locator('#connection-text', { hasText: 'Forbundet' }).waitFor(wait);
    await page.locator('#pool-details summary').click();
    await page.locator('#pool-filter').fill(pool.waiting[0].display_name);
    await page.locator('#pool-table tbody tr', { hasText: pool.waiting[0].display_name }).first().waitFor(wait);
    assert.deepEqual(await serious_violations(page), [], 'matching page: pool');

    // A "do not group" pair, picked with the name filters.
    const [first, second] = [pool.waiting[0], pool.waiting[1]];
    await page.locator('#dng-submit').click();
    await page.locator('#dng-errors-box').waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'dng-errors-box');
    await page.locator('#dng-filter-a').fill(first.display_name);
    await page.locator('#dng-seeker-a').selectOption(String(first.seeker_id));
    await page.locator('#dng-filter-b').fill(second.display_name);
    await page.locator('#dng-seeker-b').selectOption(String(second.seeker_id));
    await page.locator('#dng-reason').fill('Naboer, der har bedt om at blive holdt adskilt');
    await page.locator('#dng-submit').click();
    await page.locator('#dng-table tbody tr', { hasText: 'Naboer' }).waitFor(wait);
    assert.equal(await page.locator('#dng-errors-box').count(), 0);
    const pairs = await as_caseworker.call('GET', '/api/v1/do-not-group');
    assert.equal(pairs.pairs.length, 1);

    // The proposal: answers about it are held back until the running state
    // has been seen and checked, so the test does not race a fast engine.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route(/\/api\/v1\/proposals\/\d+\?/, async (route) => {
      await held;
      await route.continue().catch(() => {});
    });
    await page.locator('#proposal-start').click();
    const progress = page.locator('#proposal-progress');
    await progress.waitFor(wait);
    assert.equal(await progress.evaluate((bar) => bar.getAttribute('role') ?? bar.tagName), 'PROGRESS');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'proposal-cancel');
    // proposal.progress over the WebSocket fills the bar.
    await page.locator('#proposal-progress-text', { hasText: /(\d+) af \1 dele/ }).waitFor(wait);
    assert.equal(await progress.evaluate((bar) => bar.value === bar.max && bar.max > 0), true);
    assert.deepEqual(await serious_violations(page), [], 'matching page: running');
    release();

    await page.locator('#proposal-report-heading').waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'proposal-report-heading');
    assert.equal(await page.locator('#report-violations').textContent(), '0');
    const keys = await page.locator('section.kreds-network').evaluateAll((sections) => sections.map((s) => Number(s.dataset.key)));
    assert.ok(keys.length >= 2, `at least two networks, got ${keys.length}`);
    const explanations = await page.locator('.kreds-network .kreds-explanation').allTextContents();
    assert.ok(explanations.length >= 12);
    for (const text of explanations) assert.match(text, /Netværket taler/);
    assert.match(await page.locator('section.kreds-network').first().locator('.kreds-facts').textContent(),
      /(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) (formiddag|eftermiddag|aften)/);
    // The pair is never in one network.
    for (const key of keys) {
      const members = await seekers_in(page, key);
      assert.ok(!(members.includes(first.seeker_id) && members.includes(second.seeker_id)), `pair apart in network ${key}`);
    }
    assert.deepEqual(await serious_violations(page), [], 'matching page: ready');

    // Move the first member of the first network to the second network.
    const [from, to] = keys;
    const moved = (await seekers_in(page, from))[0];
    const moved_name = await page.locator(`li[data-seeker="${moved}"] .kreds-member-name`).textContent();
    assert.match(await page.locator(`#move-${moved}-button`).evaluate((button) => button.textContent), new RegExp(`^Flyt ${moved_name}$`));
    await page.locator(`#move-${moved}`).selectOption(String(to));
    await page.locator(`#move-${moved}-button`).click();
    await page.locator(`section.kreds-network[data-key="${to}"] li[data-seeker="${moved}"]`).waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), `network-${to}-heading`);
    await page.locator('#proposal-announcer', { hasText: `${moved_name} er flyttet til netværk ${to}` }).waitFor(wait);

    // Lock the receiving network.
    await page.locator(`#lock-${to}`).click();
    await page.locator(`#lock-${to}[aria-pressed="true"]`).waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), `lock-${to}`);
    const locked_members = await seekers_in(page, to);
    assert.ok(locked_members.includes(moved));

    // Re-run: the locked network stays exactly as it is.
    await page.locator('#proposal-report').evaluate((report) => { report.dataset.old = 'true'; });
    await page.locator('#proposal-rerun').click();
    await page.locator('#proposal-report:not([data-old])').waitFor({ timeout: 20000 });
    await page.locator(`#lock-${to}[aria-pressed="true"]`).waitFor(wait);
    assert.deepEqual(await seekers_in(page, to), locked_members);
    assert.equal(await page.locator('#report-violations').textContent(), '0');

    // A member of the locked network logs in before the confirmation.
    const member_id = locked_members.find((id) => id !== moved) ?? moved;
    const member_explanation = await page.locator(`li[data-seeker="${member_id}"] .kreds-explanation`).textContent();
    assert.ok(member_explanation.length > 20);
    const seeker = await new_page(browser);
    await log_in(seeker, server.url, email_of(database.path, member_id), password);
    await seeker.locator('#my-network-none').waitFor(wait);

    // Confirm, with a confirmation step.
    await page.locator('#proposal-confirm').click();
    await page.locator('#confirm-step').waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'confirm-heading');
    await page.locator('#confirm-no').click();
    assert.equal(await page.locator('#confirm-step').count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'proposal-confirm');
    await page.locator('#proposal-confirm').click();
    await page.locator('#confirm-yes').click();
    await page.locator('#proposal-confirmed').waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'confirmed-heading');
    const created = await page.locator('#confirmed-networks li').count();
    assert.ok(created >= 2);
    assert.deepEqual(await serious_violations(page), [], 'matching page: confirmed');

    // The caseworker's networks, and one network's history.
    await page.locator('#my-networks-table tbody tr').nth(created - 1).waitFor(wait);
    await page.locator('#my-networks-table tbody tr button').first().click();
    await page.locator('#network-history-table tbody tr').first().waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'network-history-heading');
    assert.match(await page.locator('#network-history-table tbody').textContent(), /Kom med/);
    await page.locator('#network-history-close').click();
    assert.equal(await page.locator('#network-history-table').count(), 0);

    // The pool now holds only those not placed.
    const after_pool = await as_caseworker.call('GET', '/api/v1/pool');
    assert.ok(after_pool.count < pool.count);
    await page.locator('#pool-count', { hasText: after_pool.count === 0 ? 'Ingen jobsøgere venter' : `${after_pool.count} jobsøgere` })
      .waitFor(wait);

    // The member's "Dit netværk" appeared without a reload (network.joined).
    await seeker.locator('#my-network-why').waitFor({ timeout: 15000 });
    const why = await seeker.locator('#my-network-why').textContent();
    assert.equal(why, member_explanation, 'the member sees the explanation the caseworker confirmed');
    assert.equal(await seeker.locator('#my-network-members li').count(), locked_members.length);
    await seeker.locator('#my-network-members li', { hasText: '(dig)' }).waitFor(wait);
    await seeker.locator('#my-network-news', { hasText: 'Du er kommet i et netværk' }).waitFor(wait);
    // And after a reload, in English too.
    await seeker.reload();
    await seeker.locator('#my-network-why').waitFor(wait);
    assert.equal(await seeker.locator('#my-network-why').textContent(), why);
    assert.deepEqual(await serious_violations(seeker), [], 'seeker start with a network');
    await seeker.locator('#language-toggle').click();
    await seeker.locator('#my-network-heading', { hasText: 'Your network' }).waitFor(wait);
    await seeker.waitForFunction((danish) => {
      const text = document.getElementById('my-network-why')?.textContent ?? '';
      return text.length > 20 && text !== danish;
    }, why, wait);

    assert.deepEqual(page.errors, []);
    assert.deepEqual(seeker.errors, []);
    await seeker.context().close();
    await page.context().close();
  });

  test('a do-not-group pair can be removed again', async () => {
    const page = await new_page(browser);
    await log_in(page, server.url, caseworker_email, password);
    await page.goto(`${server.url}/matching.html`);
    const row = page.locator('#dng-table tbody tr').first();
    await row.waitFor(wait);
    const rows = await page.locator('#dng-table tbody tr').count();
    await row.locator('button').click();
    await page.waitForFunction((before) => document.querySelectorAll('#dng-table tbody tr').length === before - 1
      || document.getElementById('dng-table') === null, rows, wait);
    await page.locator('#dng-announcer', { hasText: 'er fjernet' }).waitFor(wait);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
