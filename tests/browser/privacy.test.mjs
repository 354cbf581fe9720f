// A job seeker's own data in a real browser against the real server (issue
// 7, the citizen's privacy controls): on a demo municipality the caseworker
// forms networks and looks a member's profile up with a purpose; the member
// and another member of the same network each post a chat message. The
// member opens "Dine data" from the start page, downloads the data as JSON
// (their own name, e-mail and message; nothing of the other member's) and
// as a readable HTML page, finds the look-up in the access log (the purpose
// as text, not markup) and reads the rules table in both languages. A first
// attempt to erase is cancelled and erases nothing, and the server refuses
// an erasure without "confirm": "erase"; then the member erases with the
// text of their chat messages, is logged out, cannot log in again, and the
// other member sees the message without its text or author. axe-core checks
// every state of the page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  api_client, confirm_proposal, download, email_of, launch_browser, log_in, new_page, over_socket, page_fetch, prepare_database, run_kreds, serious_violations, start_server, taxonomy_path,
} from './support.mjs';

const wait = { timeout: 10000 };
const password = 'kreds-demo-2026';
const caseworker_email = 'jobraadgiver1@aarhus.demo.kreds.dk';
const purpose = 'Forberedelse af <b>samtale</b>';
const own_message = 'Min egen besked om lagerjobbet i Viby';
const other_message = 'Den andens besked om kantinen i Skejby';

let database;
let server;
let browser;
let as_caseworker;
// Shared by the steps, in order: the seeker (`me`), another member of the
// same network (`other`) and the seeker's page.
const run = {};

before(async () => {
  database = prepare_database();
  await run_kreds(['demo', '--database', database.path, '--seekers', '16', '--caseworkers', '1',
    '--set', `taxonomy.path=${taxonomy_path}`]);
  server = await start_server([], { database: database.path });
  browser = await launch_browser();
  as_caseworker = api_client(server.url);
  await as_caseworker.call('POST', '/api/v1/session', { email: caseworker_email, password });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  database?.remove();
});

// The caseworker forms networks through the API; resolves to them.
const form_networks = () => confirm_proposal(as_caseworker);


async function no_serious_violations(page, screen) {
  assert.deepEqual(await serious_violations(page), [], screen);
  assert.deepEqual(page.errors, [], `${screen}: no script errors`);
}

describe("a job seeker's own data", { timeout: 150000 }, () => {
  test('the seeker downloads their data: their own, and nothing of another member', async () => {
    const networks = await form_networks();
    const network = networks.find((candidate) => candidate.members.length >= 2);
    assert.ok(network, 'a network with at least two members');
    const seekers = (await as_caseworker.call('GET', '/api/v1/seekers')).seekers;
    const person = (id) => {
      const found = seekers.find((seeker) => seeker.id === id);
      assert.ok(found, `seeker ${id} is listed`);
      return { id, name: found.display_name, email: email_of(database.path, id) };
    };
    run.me = person(network.members[0]);
    run.other = person(network.members[1]);
    run.network = network;
    assert.notEqual(run.me.name, run.other.name);

    // The caseworker looks the seeker's profile up, with a purpose.
    const looked = await as_caseworker.call('GET', `/api/v1/seekers/${run.me.id}/profile?purpose=${encodeURIComponent(purpose)}`);
    assert.equal(looked.seeker.id, run.me.id);

    // Each member posts one message in the network.
    const other_page = await new_page(browser);
    run.other_page = other_page;
    await log_in(other_page, server.url, run.other.email, password);
    const [other_ack] = await over_socket(other_page, [{ type: 'chat.post',
      payload: { network_id: network.id, client_id: 'privacy-other-1', body: other_message } }]);
    assert.equal(other_ack?.type, 'chat.ack');

    const page = await new_page(browser);
    run.page = page;
    await log_in(page, server.url, run.me.email, password);
    const [own_ack] = await over_socket(page, [{ type: 'chat.post',
      payload: { network_id: network.id, client_id: 'privacy-own-1', body: own_message } }]);
    assert.equal(own_ack?.type, 'chat.ack');
    run.own_seq = own_ack.payload.seq;

    // From the start page to "Dine data".
    await page.locator('#privacy-link').click();
    await page.waitForURL(`${server.url}/privacy.html`, wait);
    await page.locator('#export-json').waitFor(wait);
    assert.equal(await page.title(), 'Dine data – Kreds');
    assert.equal(await page.locator('h1').textContent(), 'Dine data');

    const json = await download(page, '#export-json');
    assert.equal(json.filename, 'kreds-mine-data.json');
    const data = JSON.parse(json.text);
    assert.equal(data.account_id, run.me.id);
    assert.ok(data.tables && typeof data.tables === 'object', 'the export has tables');
    assert.ok(Object.keys(data.tables).length >= 5, `several tables, got ${Object.keys(data.tables).join(', ')}`);
    for (const own of [run.me.name, run.me.email, own_message]) assert.ok(json.text.includes(own), `the export holds ${own}`);
    for (const foreign of [run.other.name, run.other.email, other_message, caseworker_email]) {
      assert.ok(!json.text.includes(foreign), `the export holds nothing of ${foreign}`);
    }

    const html = await download(page, '#export-html');
    assert.equal(html.filename, 'kreds-mine-data.html');
    assert.match(html.text, /^\s*<!doctype html>/i);
    assert.ok(html.text.includes(run.me.email), 'the readable page holds the e-mail');
    assert.ok(html.text.includes(own_message), 'the readable page holds the message');
    assert.ok(!html.text.includes(run.other.email) && !html.text.includes(other_message), 'and nothing of the other member');
    // The readable page is a page of its own: no scripts.
    assert.doesNotMatch(html.text, /<script/i);
    await no_serious_violations(page, 'privacy page');
  });

  test('the seeker sees who looked at their data, and the rules in both languages', async () => {
    const page = run.page;
    const entry = page.locator('#access-log-table tbody tr', { hasText: 'Forberedelse af' });
    await entry.waitFor(wait);
    const text = await entry.textContent();
    assert.ok(text.includes(purpose), 'the purpose is shown as written');
    assert.match(text, /jobrådgiver/);
    assert.match(text, /Læste din profil/);
    assert.equal(await page.locator('#access-log-table b').count(), 0, 'the purpose is text, not markup');

    const rows = page.locator('#rules-table tbody tr');
    await rows.first().waitFor(wait);
    const rules = await rows.evaluateAll((list) => list.map((row) => ({
      table: row.dataset.table, on_erasure: row.dataset.onErasure, cells: [...row.children].map((cell) => cell.textContent.trim()),
    })));
    assert.ok(rules.length >= 5, `a rule for each kind of personal data, got ${rules.length}`);
    for (const table of ['account', 'chat_message', 'audit_log']) assert.ok(rules.some((rule) => rule.table === table), `a rule for ${table}`);
    for (const rule of rules) {
      assert.ok(['deleted', 'pseudonymised', 'kept'].includes(rule.on_erasure), `${rule.table}: ${rule.on_erasure}`);
      assert.equal(rule.cells.length, 3);
      assert.ok(rule.cells[0].length > 0 && rule.cells[0] !== rule.table, `${rule.table} is described in words`);
    }
    assert.ok(rules.some((rule) => rule.on_erasure === 'kept'), 'something is kept by law');
    for (const kept of rules.filter((rule) => rule.on_erasure === 'kept')) {
      assert.equal(kept.cells[1], 'Gemmes');
      assert.ok(kept.cells[2].length > 0 && kept.cells[2] !== 'Ikke oplyst', `${kept.table} says why it is kept`);
    }
    const deleted = rules.find((rule) => rule.on_erasure === 'deleted');
    assert.deepEqual(deleted.cells.slice(1), ['Slettes', 'Gemmes ikke'], `${deleted.table}: erased`);
    // Each rule with a retention period shows it, as the server gives it.
    const listed = (await page_fetch(page, 'GET', '/api/v1/privacy/rules?lang=da')).body.rules;
    const chat = listed.find((rule) => rule.table === 'chat_message');
    assert.equal(chat.retention_days, 730);
    assert.match(await page.locator('#rules-table tr[data-table="chat_message"] .kreds-rule-retention').textContent(), /730 dage/);
    assert.equal(await page.locator('#rules-table .kreds-rule-retention').count(),
      listed.filter((rule) => 'retention_days' in rule).length, 'a period line for every rule');
    const danish_description = rules[0].cells[0];

    // In English the page, the labels and the server's own texts follow.
    await page.locator('#language-toggle').click();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.locator('h1').textContent(), 'Your data');
    assert.equal(await page.locator('#access-log-caption').textContent(), 'Look-ups of your data, newest first');
    await page.locator('#rules-caption', { hasText: 'Data in Kreds' }).waitFor(wait);
    await page.locator('#rules-table tbody tr').first().locator('th').filter({ hasNotText: danish_description }).waitFor(wait);
    assert.equal(await page.locator('#export-html').getAttribute('href'), '/api/v1/me/export.html?lang=en');
    assert.match(await page.locator('#access-log-table tbody tr', { hasText: 'Forberedelse af' }).textContent(), /Read your profile/);
    await no_serious_violations(page, 'privacy page in English');
    await page.locator('#language-toggle').click();
    await page.locator('#rules-caption', { hasText: 'Oplysninger i Kreds' }).waitFor(wait);
    await page.locator('#rules-table tbody tr').first().locator('th', { hasText: danish_description }).waitFor(wait);
  });

  test('a first attempt without confirming erases nothing; then the seeker erases and is logged out', async () => {
    const page = run.page;
    const me_answer = async () => (await page_fetch(page, 'GET', '/api/v1/me')).status;

    // Started, then cancelled with the keyboard: the focus starts on "Fortryd".
    await page.locator('#erase-start').click();
    await page.locator('#erase-question').waitFor({ state: 'visible', ...wait });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'erase-no');
    assert.match(await page.locator('#erase-consequence').textContent(), /Tidligere medlem/);
    await no_serious_violations(page, 'privacy page asking to confirm');
    await page.keyboard.press('Enter');
    await page.locator('#erase-question').waitFor({ state: 'hidden', ...wait });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'erase-start');
    await page.locator('#erase-status', { hasText: 'Intet er slettet.' }).waitFor(wait);
    assert.equal(await me_answer(), 200, 'still logged in');

    // The server refuses an erasure that is not confirmed with "erase".
    for (const body of [{ delete_messages: false }, { confirm: 'yes', delete_messages: false }]) {
      const refused = await page_fetch(page, 'POST', '/api/v1/me/erase', body);
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
    }
    assert.equal(await me_answer(), 200, 'still logged in after the refused requests');
    const log = await page_fetch(page, 'GET', '/api/v1/me/access-log');
    assert.ok(log.body.entries.some((entry) => entry.purpose === purpose), 'the data is still there');

    // Also the text of the chat messages, chosen with the keyboard.
    await page.locator('#erase-messages').focus();
    await page.keyboard.press('Space');
    assert.equal(await page.locator('#erase-messages').isChecked(), true);
    await page.locator('#erase-start').click();
    assert.match(await page.locator('#erase-consequence').textContent(), /teksten i dine chatbeskeder slettes/);
    await page.locator('#erase-yes').click();
    await page.locator('#erase-done').waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'erase-done-heading');
    assert.match(await page.locator('#erase-done').textContent(), /logget ud/);
    assert.equal(await page.locator('#logout-button').isHidden(), true);
    assert.equal(await page.locator('#account-name').isHidden(), true);
    await no_serious_violations(page, 'privacy page after erasure');

    // The session has ended and the account cannot log in again.
    assert.equal(await me_answer(), 401);
    await page.reload();
    await page.locator('#privacy-content a[href="/login.html"]').waitFor(wait);
    await assert.rejects(api_client(server.url).call('POST', '/api/v1/session', { email: run.me.email, password }), /answered 401/);

    // The caseworker no longer finds the seeker by name.
    const listed = (await as_caseworker.call('GET', '/api/v1/seekers')).seekers;
    assert.ok(!listed.some((seeker) => seeker.display_name === run.me.name), 'the name is gone from the caseworker list');

    // The other member keeps the conversation, without the erased text or author.
    const [history] = await over_socket(run.other_page, [{ type: 'chat.history', payload: { network_id: run.network.id, limit: 200 } }]);
    assert.equal(history?.type, 'chat.page');
    const texts = JSON.stringify(history.payload.messages);
    assert.ok(texts.includes(other_message), "the other member's own message stays");
    assert.ok(!texts.includes(own_message), 'the erased text is gone');
    assert.ok(!texts.includes(run.me.name), "the erased member's name is gone");
    assert.ok(history.payload.messages.some((message) => message.seq === run.own_seq), 'the erased message stays as a tombstone');
    await run.other_page.context().close();
    await page.context().close();
  });
});
