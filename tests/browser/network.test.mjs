// The network page's chat in a real browser against the real server: a demo
// municipality of 16 job seekers; the caseworker forms networks through the
// API; two members of one network open /network.html in two browser
// contexts. A posts and B sees it live, once; B goes offline (and shows it),
// A posts more meanwhile, B comes back and sees them exactly once, in order;
// markup in a message shows as text; a message written offline is sent on
// reconnecting. axe-core checks the page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  api_client, confirm_proposal, email_of, launch_browser, log_in, new_page, prepare_database, run_kreds, serious_violations, start_server, taxonomy_path,
} from './support.mjs';

const wait = { timeout: 10000 };
const password = 'kreds-demo-2026';
const caseworker_email = 'jobraadgiver1@aarhus.demo.kreds.dk';

let database;
let server;
let browser;

before(async () => {
  database = prepare_database();
  await run_kreds(['demo', '--database', database.path, '--seekers', '16', '--caseworkers', '1',
    '--set', `taxonomy.path=${taxonomy_path}`]);
  server = await start_server([], { database: database.path });
  browser = await launch_browser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  database?.remove();
});




// The caseworker forms networks through the API; resolves to them.
async function form_networks() {
  const as_caseworker = api_client(server.url);
  await as_caseworker.call('POST', '/api/v1/session', { email: caseworker_email, password });
  return confirm_proposal(as_caseworker);
}

const bodies = (page) => page.locator('#chat-messages li .kreds-chat-body').allTextContents();

async function post(page, text) {
  await page.locator('#chat-body').fill(text);
  await page.locator('#chat-body').press('Enter');
}

// Waits until every message of the page has its seq (none still sending).
async function all_sent(page) {
  await page.waitForFunction(() => document.querySelectorAll('#chat-messages li.kreds-chat-pending').length === 0, null, wait);
}

describe('the network page', { timeout: 150000 }, () => {
  test('two members chat live; one goes offline and catches up exactly once; markup stays text', async () => {
    const networks = await form_networks();
    const network = networks.find((n) => n.members.length >= 2);
    assert.ok(network, 'a network with at least two members');
    const [a_id, b_id] = network.members;

    const a = await new_page(browser);
    const b = await new_page(browser);
    await log_in(a, server.url, email_of(database.path, a_id), password);
    await log_in(b, server.url, email_of(database.path, b_id), password);
    // The start page links to the network.
    await a.locator('#my-network-link').click();
    await a.waitForURL(`${server.url}/network.html`, wait);
    await b.goto(`${server.url}/network.html`);
    for (const page of [a, b]) {
      await page.locator('#connection-status[data-state="online"]').waitFor(wait);
      await page.locator('#chat-empty:not([hidden])').waitFor(wait);
      // The members are on their own tab.
      await page.locator('#tab-members').click();
      assert.equal(await page.locator('#network-members li').count(), network.members.length);
      assert.ok((await page.locator('#network-why').textContent()).length > 20);
      await page.locator('#network-members li', { hasText: '(dig)' }).waitFor(wait);
      await page.locator('#tab-chat').click();
      await page.locator('#chat-body').waitFor(wait);
    }
    assert.equal(await a.locator('#chat-body').getAttribute('aria-describedby'), 'chat-body-hint chat-count');
    assert.equal(await a.locator('label[for="chat-body"]').count(), 1);

    // A posts; B sees it live, once.
    await post(a, 'Hej alle sammen');
    await all_sent(a);
    await b.locator('#chat-messages li', { hasText: 'Hej alle sammen' }).waitFor(wait);
    assert.deepEqual(await bodies(b), ['Hej alle sammen']);
    assert.deepEqual(await bodies(a), ['Hej alle sammen']);
    await b.locator('#chat-announcer', { hasText: 'Ny besked fra' }).waitFor(wait);
    assert.deepEqual(await serious_violations(a), [], 'network page with a message');

    // B goes offline and shows it; A posts two more (one on two lines, one with markup).
    await b.context().setOffline(true);
    await b.locator('#connection-status[data-state="offline"]').waitFor(wait);
    await b.locator('#connection-text', { hasText: 'Forbindelsen er afbrudt' }).waitFor(wait);
    await a.locator('#chat-body').fill('Første linje');
    await a.locator('#chat-body').press('Shift+Enter');
    await a.locator('#chat-body').pressSequentially('anden linje');
    await a.locator('#chat-body').press('Enter');
    await post(a, '<b>x</b>');
    await all_sent(a);
    assert.deepEqual(await bodies(a), ['Hej alle sammen', 'Første linje\nanden linje', '<b>x</b>']);

    // B comes back: both new messages, once each, in order.
    await b.context().setOffline(false);
    await b.locator('#connection-status[data-state="online"]').waitFor({ timeout: 40000 });
    await b.locator('#chat-messages li', { hasText: '<b>x</b>' }).waitFor(wait);
    assert.deepEqual(await bodies(b), ['Hej alle sammen', 'Første linje\nanden linje', '<b>x</b>']);
    const seqs = await b.locator('#chat-messages li').evaluateAll((items) => items.map((item) => Number(item.dataset.seq)));
    assert.deepEqual(seqs, [1, 2, 3]);
    assert.equal(await b.locator('#chat-messages b').count(), 0, 'markup in a message is shown as text');
    assert.deepEqual(await serious_violations(b), [], 'network page after catching up');

    // A writes while offline: shown at once as sending, sent after reconnecting, seen once.
    await a.context().setOffline(true);
    await a.locator('#connection-status[data-state="offline"]').waitFor(wait);
    await post(a, 'Skrevet uden net');
    await a.locator('#chat-messages li.kreds-chat-pending', { hasText: 'Sender' }).waitFor(wait);
    await a.context().setOffline(false);
    await all_sent(a);
    await b.locator('#chat-messages li', { hasText: 'Skrevet uden net' }).waitFor({ timeout: 40000 });
    const expected = ['Hej alle sammen', 'Første linje\nanden linje', '<b>x</b>', 'Skrevet uden net'];
    assert.deepEqual(await bodies(a), expected);
    assert.deepEqual(await bodies(b), expected);

    assert.deepEqual(a.errors, []);
    assert.deepEqual(b.errors, []);
    await a.context().close();
    await b.context().close();
  });
});
