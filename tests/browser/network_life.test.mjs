// Life inside a network, in real browsers against the real server: a demo
// municipality of 16 job seekers; the caseworker forms networks through the
// API; three members of one network open /network.html in their own browser
// contexts (time zone Europe/Copenhagen). They share a lead and mark it,
// edit, delete and report chat messages, see each other's presence and
// buddy, set goals and check in, schedule a meeting, answer it, download its
// calendar file and cancel it, ask the caseworker for help (who answers over
// a WebSocket of their own), see unread counts and "since your last visit",
// report a job and congratulate, and one leaves. axe-core checks every tab,
// on a phone-sized screen too.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';

import {
  api_client, confirm_proposal, email_of, launch_browser, log_in, over_socket, prepare_database, run_kreds, serious_violations, start_server, taxonomy_path,
} from './support.mjs';

const wait = { timeout: 10000 };
const password = 'kreds-demo-2026';
const caseworker_email = 'jobraadgiver1@aarhus.demo.kreds.dk';
const time_zone = 'Europe/Copenhagen';

let database;
let server;
let browser;
let network;
const pages = {};   // a, b, c: members of `network`, each in a browser context of its own
const names = {};   // a, b, c: their display names

// A fresh browser context (Copenhagen time, Danish) and page with bounded waits.
async function open_page({ width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ timezoneId: time_zone, locale: 'da-DK', viewport: { width, height }, acceptDownloads: true });
  context.setDefaultTimeout(10000);
  context.setDefaultNavigationTimeout(15000);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(String(error)));
  return page;
}

async function open_network(page, tab = '') {
  await page.goto(`${server.url}/network.html${tab ? `#${tab}` : ''}`);
  await page.locator('#connection-status[data-state="online"]').waitFor(wait);
}

async function show_tab(page, name) {
  await page.locator(`#tab-${name}`).click();
  await page.locator(`#panel-${name}:not([hidden])`).waitFor(wait);
}

async function post(page, text) {
  await page.locator('#chat-body').fill(text);
  await page.locator('#chat-body').press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#chat-messages li.kreds-chat-pending').length === 0, null, wait);
}

// The caseworker forms networks through the API; resolves to them.
async function form_networks() {
  const as_caseworker = api_client(server.url);
  await as_caseworker.call('POST', '/api/v1/session', { email: caseworker_email, password });
  return confirm_proposal(as_caseworker);
}

// The UTC offset of Copenhagen on a given day, e.g. '+01:00'.
function copenhagen_offset(date) {
  const part = new Intl.DateTimeFormat('en-GB', { timeZone: time_zone, timeZoneName: 'longOffset' })
    .formatToParts(date).find((p) => p.type === 'timeZoneName').value;
  return part === 'GMT' ? '+00:00' : part.replace('GMT', '');
}

before(async () => {
  database = prepare_database();
  await run_kreds(['demo', '--database', database.path, '--seekers', '16', '--caseworkers', '1', '--set', `taxonomy.path=${taxonomy_path}`]);
  server = await start_server([], { database: database.path });
  browser = await launch_browser();
  const networks = await form_networks();
  network = networks.find((n) => n.members.length >= 3);
  assert.ok(network, 'a network with at least three members');
  for (const [key, account_id] of [['a', network.members[0]], ['b', network.members[1]], ['c', network.members[2]]]) {
    const page = await open_page();
    await log_in(page, server.url, email_of(database.path, account_id), password);
    names[key] = (await page.locator('#account-name').textContent()).trim();
    // The start page keeps a socket open too: leave it, so that presence starts offline.
    await page.goto('about:blank');
    pages[key] = page;
  }
  await open_network(pages.a);
  await open_network(pages.b);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  database?.remove();
});

describe('life in a network', { timeout: 170000 }, () => {
  test('a lead shared by one member is marked applied by another, live in both browsers, with credit', async () => {
    const { a, b } = pages;
    await show_tab(a, 'leads');
    await show_tab(b, 'leads');
    await b.locator('#lead-empty:not([hidden])').waitFor(wait);

    await a.locator('#lead-share-details summary').click();
    // Without a title: an error summary that names the field, and nothing is shared.
    await a.locator('#lead-share').click();
    await a.locator('#lead-form-errors a[href="#lead-title"]').waitFor(wait);
    assert.equal(await a.locator('#lead-title').getAttribute('aria-invalid'), 'true');

    await a.locator('#lead-title').fill('Lagermedarbejder <i>deltid</i>');
    await a.locator('#lead-employer').fill('Aarhus Havn');
    await a.locator('#lead-link').fill('https://example.org/job/42');
    await a.locator('#lead-deadline').fill('2027-01-15');
    await a.locator('#lead-note').fill('Ring til Søren');
    await a.locator('#lead-share').click();

    const on_a = a.locator('#lead-list > li', { hasText: 'Lagermedarbejder' });
    const on_b = b.locator('#lead-list > li', { hasText: 'Lagermedarbejder' });
    await on_a.waitFor(wait);
    await on_b.waitFor(wait);
    assert.equal(await on_b.locator('.kreds-card-title').textContent(), 'Lagermedarbejder <i>deltid</i>', 'markup stays text');
    assert.equal(await b.locator('#lead-list i').count(), 0);
    assert.match(await on_b.textContent(), /Aarhus Havn/);
    assert.match(await on_b.textContent(), /15\. januar 2027/);
    assert.match(await on_b.textContent(), new RegExp(`Delt af ${names.a}`));
    assert.equal(await on_b.locator('a.kreds-lead-link').getAttribute('href'), 'https://example.org/job/42');
    assert.equal(await b.locator('#lead-list > li').count(), 1, 'the lead shows once');
    assert.equal(await a.locator('#lead-list > li').count(), 1, 'the lead shows once for the sharer');

    // B marks it applied; both see it.
    await on_b.locator('select').selectOption('applied');
    await on_b.locator('button[type=submit]').click();
    await on_b.locator('.kreds-lead-marks li', { hasText: `${names.b}: Har søgt` }).waitFor(wait);
    await on_a.locator('.kreds-lead-marks li', { hasText: `${names.b}: Har søgt` }).waitFor(wait);
    assert.equal(await on_a.locator('select').inputValue(), 'none', 'A has no mark of their own');

    // Credit for sharing: A shared one lead that another member used.
    const credit_row = a.locator('#lead-credit tbody tr', { hasText: names.a });
    await a.waitForFunction((name) => [...document.querySelectorAll('#lead-credit tbody tr')]
      .some((row) => row.textContent.includes(name) && row.cells[1]?.textContent === '1' && row.cells[2]?.textContent === '1'), names.a, wait);
    assert.deepEqual(await credit_row.locator('td').allTextContents(), ['1', '1']);
  });

  test('members edit and delete their own chat messages and report others\'', async () => {
    const { a, b } = pages;
    await show_tab(a, 'chat');
    await show_tab(b, 'chat');
    await post(a, 'Mødet er kl 9');
    await post(a, 'Forkert besked');
    const a_first = a.locator('#chat-messages li', { hasText: 'Mødet er kl 9' });
    const b_first = b.locator('#chat-messages li', { hasText: 'Mødet er kl 9' });
    await b_first.waitFor(wait);
    // Own messages have edit and delete, others' a report button — not the other way round.
    assert.equal(await a_first.locator('button', { hasText: 'Anmeld' }).count(), 0);
    assert.equal(await b_first.locator('button', { hasText: 'Ret' }).count(), 0);
    assert.equal(await b_first.locator('button', { hasText: 'Slet' }).count(), 0);

    await a_first.locator('button', { hasText: 'Ret' }).click();
    const editor = a_first.locator('textarea');
    assert.equal(await editor.evaluate((node) => node === document.activeElement), true, 'the editor takes the focus');
    await editor.fill('Mødet er kl 10');
    await a_first.locator('button', { hasText: 'Gem ændringen' }).click();
    const b_edited = b.locator('#chat-messages li', { hasText: 'Mødet er kl 10' });
    await b_edited.waitFor(wait);
    await b_edited.locator('.kreds-chat-edited').waitFor(wait);
    await a.locator('#chat-messages li', { hasText: 'Mødet er kl 10' }).locator('.kreds-chat-edited').waitFor(wait);

    // Delete asks first; "Fortryd" keeps the message.
    const a_wrong = a.locator('#chat-messages li', { hasText: 'Forkert besked' });
    await a_wrong.locator('button', { hasText: 'Slet' }).click();
    await a_wrong.locator('button', { hasText: 'Fortryd' }).click();
    await a_wrong.locator('button', { hasText: 'Slet' }).click();
    await a_wrong.locator('button', { hasText: 'Ja, slet beskeden' }).click();
    await b.locator('#chat-messages li .kreds-chat-deleted').waitFor(wait);
    await a.locator('#chat-messages li .kreds-chat-deleted').waitFor(wait);
    assert.equal(await b.locator('#chat-messages li', { hasText: 'Forkert besked' }).count(), 0, 'the text is gone');
    assert.equal(await b.locator('#chat-messages li').count(), await a.locator('#chat-messages li').count(), 'a tombstone keeps its place');

    // B reports A's message: a reason of 3+ characters, then a thank-you.
    await b_edited.locator('button', { hasText: 'Anmeld' }).click();
    await b_edited.locator('button', { hasText: 'Send anmeldelse' }).click();
    await b_edited.locator('.form-error-message', { hasText: '3–500 tegn' }).waitFor(wait);
    await b_edited.locator('textarea').fill('Upassende tone');
    await b_edited.locator('button', { hasText: 'Send anmeldelse' }).click();
    await b_edited.locator('.kreds-chat-reported', { hasText: 'Du har anmeldt beskeden' }).waitFor(wait);
    assert.deepEqual(a.errors, []);
    assert.deepEqual(b.errors, []);
  });

  test('members see each other\'s presence change live', async () => {
    const { a, c } = pages;
    await show_tab(a, 'members');
    const c_row = a.locator('#network-members li', { hasText: names.c });
    await c_row.locator('.kreds-member-state', { hasText: 'offline' }).waitFor(wait);
    await open_network(c);
    await c_row.locator('.kreds-member-state', { hasText: 'online' }).waitFor(wait);
    await a.locator('#network-members li', { hasText: names.a }).locator('.kreds-member-state', { hasText: 'online' }).waitFor(wait);
    // The buddy is named, and marked in the members list (only them).
    const buddy = (await a.locator('#buddy-names strong').textContent()).split(', ')[0];
    assert.ok(buddy.length > 0, 'A has a buddy');
    await a.locator('#network-members li', { hasText: buddy }).locator('.kreds-member-tag', { hasText: 'Din makker' }).waitFor(wait);
    assert.equal(await a.locator('#network-members .kreds-member-tag', { hasText: 'Din makker' }).count(), buddy.length ? (await a.locator('#buddy-names strong').textContent()).split(', ').length : 0);
    // The caseworker is shown apart, with presence.
    assert.equal(await a.locator('#network-caseworker li').count(), 1);
    await c.goto('about:blank');
    await c_row.locator('.kreds-member-state', { hasText: 'offline' }).waitFor(wait);
  });

  test('a member sets weekly goals and checks in; the network sees the progress', async () => {
    const { a, b } = pages;
    await show_tab(a, 'goals');
    await show_tab(b, 'goals');
    await a.locator('#goal-mine-none').waitFor(wait);
    await a.locator('#goal-kind-0').selectOption('applications');
    await a.locator('#goal-target-0').fill('3');
    await a.locator('#goal-add').click();
    assert.equal(await a.locator('#goal-kind-1').evaluate((node) => node === document.activeElement), true);
    await a.locator('#goal-kind-1').selectOption('course');
    await a.locator('#goal-target-1').fill('1');
    await a.locator('#goal-text-1').fill('Truckcertifikat');
    await a.locator('#goal-save').click();
    await a.locator('#goal-mine-list li', { hasText: 'Truckcertifikat' }).waitFor(wait);
    assert.equal(await a.locator('#goal-mine-list li').count(), 2);

    // B sees A's progress as counts only (they are not necessarily buddies).
    const b_row = b.locator('#goal-table tbody tr', { hasText: names.a });
    await b.waitForFunction((name) => [...document.querySelectorAll('#goal-table tbody tr')]
      .some((row) => row.textContent.includes(name) && row.cells[1]?.textContent === '2'), names.a, wait);
    assert.equal(await b_row.locator('td').nth(1).textContent(), '0', 'no goal met yet');

    // A checks in: 2 of 3 applications, the course done.
    const inputs = a.locator('#goal-checkin-form input[type=number]');
    assert.equal(await inputs.count(), 2);
    await inputs.nth(0).fill('2');
    await inputs.nth(1).fill('1');
    await a.locator('#goal-note').fill('God uge');
    await a.locator('#goal-checkin-save').click();
    await a.locator('#goal-mine-checked-in').waitFor(wait);
    await a.locator('#goal-mine-list li', { hasText: 'nået 2 af 3' }).waitFor(wait);
    await b.waitForFunction((name) => [...document.querySelectorAll('#goal-table tbody tr')]
      .some((row) => row.textContent.includes(name) && row.cells[2]?.textContent === '1' && row.cells[3]?.textContent === 'Ja'), names.a, wait);
  });

  test('a meeting is scheduled in local time, answered, and downloaded as an .ics file', async () => {
    const { a, b } = pages;
    await show_tab(a, 'meetings');
    await show_tab(b, 'meetings');
    await a.locator('#meeting-create-details summary').click();
    // Neither place nor link: refused before sending.
    const day = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await a.locator('#meeting-start').fill(`${day}T10:00`);
    await a.locator('#meeting-create').click();
    await a.locator('#meeting-form-errors a[href="#meeting-place"]').waitFor(wait);

    await a.locator('#meeting-duration').selectOption('90');
    await a.locator('#meeting-template').selectOption('interview_practice');
    await a.locator('#meeting-place').fill('Hovedbiblioteket, lokale 2');
    await a.locator('#meeting-link').fill('https://meet.example.org/kreds');
    await a.locator('#meeting-create').click();

    const on_a = a.locator('#meeting-upcoming > li').first();
    const on_b = b.locator('#meeting-upcoming > li', { hasText: 'Hovedbiblioteket' });
    await on_a.waitFor(wait);
    await on_b.waitFor(wait);
    // Shown in local (Copenhagen) time: 10.00–11.30.
    assert.match(await on_b.locator('[id$="-when"]').textContent(), /10[.:]00.11[.:]30/);
    assert.equal(await on_b.locator('a[id$="-online"]').getAttribute('href'), 'https://meet.example.org/kreds');

    await on_b.locator('button', { hasText: 'Ja' }).first().click();
    await on_b.locator('button[aria-pressed="true"]', { hasText: 'Ja' }).waitFor(wait);
    await on_a.locator('.kreds-rsvp-summary li', { hasText: `Ja (1): ${names.b}` }).waitFor(wait);

    const [download] = await Promise.all([a.waitForEvent('download', wait), on_a.locator('a[id$="-ics"]').click()]);
    assert.match(download.suggestedFilename(), /\.ics$/);
    const ics = await readFile(await download.path(), 'utf8');
    const expected_start = new Date(`${day}T10:00:00${copenhagen_offset(new Date(`${day}T12:00:00Z`))}`);
    const utc = (date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    assert.match(ics, /^BEGIN:VCALENDAR\r?\n/);
    assert.match(ics, /BEGIN:VEVENT[\s\S]*END:VEVENT/);
    assert.match(ics, new RegExp(`DTSTART:${utc(expected_start)}\r?\n`));
    assert.match(ics, new RegExp(`DTEND:${utc(new Date(expected_start.getTime() + 90 * 60000))}\r?\n`));
    assert.match(ics, /LOCATION:Hovedbiblioteket\\?, lokale 2/);
    assert.match(ics, /END:VCALENDAR\s*$/);

    // A cancels it (after an "are you sure?"); B sees it cancelled, and so does the calendar file.
    await on_a.locator('button', { hasText: 'Aflys mødet' }).click();
    await on_a.locator('button', { hasText: 'Ja, aflys mødet' }).click();
    await on_b.locator('.kreds-cancelled', { hasText: 'Mødet er aflyst' }).waitFor(wait);
    assert.equal(await on_b.locator('button', { hasText: 'Måske' }).count(), 0, 'no answering a cancelled meeting');
    const [again] = await Promise.all([b.waitForEvent('download', wait), on_b.locator('a[id$="-ics"]').click()]);
    assert.match(await readFile(await again.path(), 'utf8'), /STATUS:CANCELLED/);
  });

  test('a help request goes to the caseworker only', async () => {
    const { a, b } = pages;
    await show_tab(a, 'help');
    await a.locator('#help-none').waitFor(wait);
    await a.locator('#help-send').click();
    await a.locator('#help-form-errors a[href="#help-text"]').waitFor(wait);
    await a.locator('#help-text').fill('Jeg har brug for hjælp til mit CV');
    await a.locator('#help-send').click();
    const request = a.locator('#help-list > li', { hasText: 'Jeg har brug for hjælp til mit CV' });
    await request.waitFor(wait);
    assert.match(await request.textContent(), /Venter på svar/);
    await a.locator('#help-none[hidden]').waitFor({ state: 'attached', timeout: 10000 });
    // B does not see it, also after loading the page again.
    await open_network(b, 'help');
    await b.locator('#help-none:not([hidden])').waitFor(wait);
    assert.equal(await b.locator('#help-list > li').count(), 0);

    // The caseworker sees it and answers; the answer reaches A live.
    const caseworker = await open_page();
    await log_in(caseworker, server.url, caseworker_email, password);
    const [list] = await over_socket(caseworker, [{ type: 'help.list', payload: {} }]);
    const asked = list?.payload?.requests?.[0];
    const [answer] = asked
      ? await over_socket(caseworker, [{ type: 'help.answer', payload: { request_id: asked.id, text: 'Kom forbi tirsdag kl. 10' } }])
      : [null];
    const texts = { asked: asked?.text ?? null, answered: answer?.type ?? null };
    assert.deepEqual(texts, { asked: 'Jeg har brug for hjælp til mit CV', answered: 'help.answered' });
    await request.locator('.kreds-help-answer', { hasText: 'Kom forbi tirsdag kl. 10' }).waitFor(wait);
    assert.match(await request.textContent(), /Besvaret/);
    await caseworker.context().close();
  });

  test('unread messages show on the chat tab and in "since your last visit"', async () => {
    const { a, b } = pages;
    await b.goto('about:blank');
    await show_tab(a, 'chat');
    await post(a, 'Første nye');
    await post(a, 'Anden nye');
    await open_network(b, 'leads');
    await b.locator('#tab-chat', { hasText: 'Samtale (2 ulæste)' }).waitFor(wait);
    await b.locator('#network-digest:not([hidden])').waitFor(wait);
    assert.match(await b.locator('#network-digest').textContent(), /nye beskeder/);
    await show_tab(b, 'chat');
    await b.locator('#tab-chat', { hasText: /^Samtale$/ }).waitFor(wait);
    // Once read, a reload shows no unread messages.
    await open_network(b, 'leads');
    await b.locator('#chat-messages li', { hasText: 'Anden nye' }).waitFor({ state: 'attached', timeout: 10000 });
    await delay(500);
    assert.equal((await b.locator('#tab-chat').textContent()).trim(), 'Samtale');
  });

  test('a member reports a job, stays as mentor and is congratulated', async () => {
    const { a, b } = pages;
    await show_tab(a, 'members');
    await show_tab(b, 'members');
    await b.locator('#outcome-report-details summary').click();
    await b.locator('#outcome-send').click();
    await b.locator('#outcome-form-errors a[href="#outcome-kind"]').waitFor(wait);
    await b.locator('label[for="outcome-kind-job"]').click();
    await b.locator('#outcome-date').fill(new Date().toISOString().slice(0, 10));
    await b.locator('#outcome-hours').fill('37');
    await b.locator('#outcome-sector').fill('Logistik');
    await b.locator('label[for="outcome-stay-yes"]').click();
    await b.locator('#outcome-send').click();
    await b.locator('#outcome-reported').waitFor(wait);

    const on_a = a.locator('#outcome-list > li', { hasText: `${names.b} har fået job` });
    await on_a.waitFor(wait);
    assert.doesNotMatch(await on_a.textContent(), /Logistik/, 'the sector goes to the caseworker only');
    await on_a.locator('button', { hasText: 'Sig tillykke' }).click();
    await b.locator('#outcome-list > li', { hasText: `Tillykke fra: ${names.a}` }).waitFor(wait);
    await on_a.locator('text=Du har sagt tillykke.').waitFor(wait);
    // B stays as a mentor: marked so in the members list.
    await a.locator('#network-members li', { hasText: names.b }).locator('.kreds-member-tag', { hasText: 'Mentor' }).waitFor(wait);
  });

  test('a member leaves after confirming; the others see the network shrink', async () => {
    const { a, c } = pages;
    await show_tab(a, 'members');
    const before_count = await a.locator('#network-members li').count();
    await open_network(c, 'help');
    await c.locator('#leave-reason').fill('Jeg flytter');
    await c.locator('#leave-start').click();
    assert.equal(await c.locator('#leave-no').evaluate((node) => node === document.activeElement), true);
    await c.locator('#leave-no').click();
    await c.locator('#leave-start').waitFor(wait);
    assert.equal(await c.locator('#network-left').count(), 0, 'cancelling keeps the membership');
    await c.locator('#leave-start').click();
    await c.locator('#leave-yes').click();
    await c.locator('#network-left', { hasText: 'Du har forladt netværket' }).waitFor(wait);
    await a.waitForFunction((count) => document.querySelectorAll('#network-members li').length === count - 1, before_count, wait);
    assert.equal(await a.locator('#network-members li', { hasText: names.c }).count(), 0);
  });

  test('axe-core finds no serious or critical violations on any tab, wide and phone-sized', async () => {
    const { a } = pages;
    const phone = await open_page({ width: 375, height: 740 });
    await log_in(phone, server.url, email_of(database.path, network.members[0]), password);
    for (const page of [a, phone]) {
      await open_network(page);
      for (const name of ['chat', 'leads', 'goals', 'meetings', 'members', 'help']) {
        await show_tab(page, name);
        // Open every folded part so that it is checked too.
        await page.evaluate((panel) => {
          for (const details of document.querySelectorAll(`#panel-${panel} details`)) details.open = true;
        }, name);
        await page.locator(`#panel-${name} [id$="-status"]:empty, #panel-${name} #chat-messages`).first().waitFor({ state: 'attached', timeout: 10000 });
        assert.deepEqual(await serious_violations(page), [], `tab ${name} at ${page.viewportSize().width} px`);
      }
      // The tabs work from the keyboard: arrow keys move and choose.
      await page.locator('#tab-help').focus();
      await page.keyboard.press('Home');
      await page.locator('#tab-chat[aria-selected="true"]').waitFor(wait);
      await page.keyboard.press('ArrowRight');
      await page.locator('#tab-leads[aria-selected="true"]').waitFor(wait);
      assert.equal(await page.locator('#tab-leads').evaluate((node) => node === document.activeElement), true);
    }
    // On a phone nothing is wider than the screen.
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page fits a 375 px screen (overflow ${overflow} px)`);
    assert.deepEqual(a.errors, []);
    assert.deepEqual(phone.errors, []);
    await phone.context().close();
  });
});
