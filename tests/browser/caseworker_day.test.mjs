// A caseworker's day in a real browser against the real server: a demo
// municipality of 16 job seekers in networks the caseworker formed through
// the API, signals evaluated every second. A member reports another's chat
// message over the WebSocket; the caseworker's inbox shows the alert live.
// The caseworker acknowledges one alert and snoozes another; a job seeker
// fills in the self-assessment; the caseworker triages that seeker with an
// override (the missing reason is refused by the server and shown at the
// field), and the seeker sees the decision and its reason. In the portfolio
// the caseworker opens the network, hides the reported message with a
// reason, moves a member to individual effort and posts an announcement
// in the network's chat; back in the inbox the
// alert is resolved with a note. On the moved member's triage page the
// caseworker records the end of the course (a missing purpose is shown at
// the field) and sees it again after a reload. The time report shows the
// day's actions and takes a manual entry. axe-core checks every screen.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  api_client, confirm_proposal, email_of, launch_browser, log_in, new_page, over_socket, prepare_database, run_kreds, serious_violations, start_server, taxonomy_path,
} from './support.mjs';

const wait = { timeout: 10000 };
const password = 'kreds-demo-2026';
const caseworker_email = 'jobraadgiver1@aarhus.demo.kreds.dk';

let database;
let server;
let browser;
let as_caseworker;
// Shared by the steps of the day, in order.
const day = {};

before(async () => {
  database = prepare_database();
  await run_kreds(['demo', '--database', database.path, '--seekers', '16', '--caseworkers', '1',
    '--set', `taxonomy.path=${taxonomy_path}`]);
  server = await start_server(['--set', 'signals.evaluate_every_seconds=1'], { database: database.path });
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


// An API client that shares a browser page's session cookie.
function api_client_of_page(page) {
  return {
    async call(method, path) {
      return page.evaluate(async ([m, p]) => (await fetch(p, { method: m, headers: { Accept: 'application/json' } })).json(), [method, path]);
    },
  };
}

async function alert_by_id(id) {
  return (await as_caseworker.call('GET', '/api/v1/alerts?status=all')).alerts.find((alert) => alert.id === id);
}

async function no_serious_violations(page, screen) {
  assert.deepEqual(await serious_violations(page), [], screen);
  assert.deepEqual(page.errors, [], `${screen}: no script errors`);
}

describe("a caseworker's day", { timeout: 150000 }, () => {
  test('a reported message reaches the inbox live; alerts are acknowledged and snoozed', async () => {
    const networks = await form_networks();
    const network = networks.find((candidate) => candidate.members.length >= 3);
    assert.ok(network, 'a network with at least three members');
    day.network = network;

    const page = await new_page(browser);
    day.caseworker = page;
    await log_in(page, server.url, caseworker_email, password);
    await page.locator('#inbox-link').click();
    await page.waitForURL(`${server.url}/inbox.html`, wait);
    await page.locator('#inbox-count', { hasText: 'signaler vist' }).waitFor(wait);

    // Member A posts; member B reports A's message over the WebSocket.
    const [a_id, b_id] = network.members;
    const a = await new_page(browser);
    const b = await new_page(browser);
    await log_in(a, server.url, email_of(database.path, a_id), password);
    await log_in(b, server.url, email_of(database.path, b_id), password);
    const [ack] = await over_socket(a, [{ type: 'chat.post',
      payload: { network_id: network.id, client_id: 'day-1', body: 'Køb billige ure på <b>ure.example</b>' } }]);
    assert.equal(ack?.type, 'chat.ack');
    day.reported_seq = ack.payload.seq;
    const [received] = await over_socket(b, [{ type: 'chat.report',
      payload: { network_id: network.id, seq: day.reported_seq, reason: 'Reklame for ure' } }]);
    assert.equal(received?.type, 'chat.report_received');
    await a.context().close();
    await b.context().close();

    // The server's evaluation raises the alert; the inbox adds it live.
    const reported = page.locator('li.kreds-alert-card[data-kind="message_reported"]');
    await reported.waitFor({ timeout: 15000 });
    assert.match(await reported.textContent(), /Reklame for ure/);
    assert.match(await reported.textContent(), /Se på den anmeldte besked/);
    day.reported_alert = Number(await reported.getAttribute('data-alert'));
    await no_serious_violations(page, 'inbox');

    // Acknowledge one "approaching long-term unemployment" alert.
    const approaching = page.locator('li.kreds-alert-card[data-kind="approaching_long_term"]');
    assert.ok(await approaching.count() >= 2, 'the demo has seekers approaching long-term unemployment');
    const first = Number(await approaching.nth(0).getAttribute('data-alert'));
    await page.locator(`#alert-${first}-acknowledge`).click();
    await page.locator(`#alert-${first}-status[data-status="acknowledged"]`).waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), `alert-${first}-heading`);
    assert.equal((await alert_by_id(first)).status, 'acknowledged');
    day.seeker = (await alert_by_id(first)).seeker;

    // Snooze another: a bad number of days is refused at the field first.
    const second = Number(await approaching.nth(1).getAttribute('data-alert'));
    await page.locator(`#alert-${second}-handle summary`).click();
    await page.locator(`#alert-${second}-days`).fill('0');
    await page.locator(`#alert-${second}-snooze-submit`).click();
    await page.locator(`#alert-${second}-days-error`).waitFor(wait);
    assert.equal(await page.locator(`#alert-${second}-days`).getAttribute('aria-invalid'), 'true');
    await page.locator(`#alert-${second}-days`).fill('3');
    await page.locator(`#alert-${second}-snooze-submit`).click();
    await page.locator(`#alert-${second}-status[data-status="snoozed"]`).waitFor(wait);
    const snoozed = await alert_by_id(second);
    assert.equal(snoozed.status, 'snoozed');
    const days_ahead = (Date.parse(snoozed.snoozed_until) - Date.now()) / 86400000;
    assert.ok(days_ahead > 2.9 && days_ahead < 3.1, `snoozed for three days, got ${days_ahead}`);
    await no_serious_violations(page, 'inbox after handling');
  });

  test('the seeker assesses themself; the caseworker triages with an override and a reason', async () => {
    const seeker = await new_page(browser);
    day.seeker_page = seeker;
    await log_in(seeker, server.url, email_of(database.path, day.seeker.id), password);
    await seeker.locator('#track-link').click();
    await seeker.waitForURL(`${server.url}/track.html`, wait);
    await seeker.locator('#my-track-decided').waitFor(wait);
    const questions = await seeker.locator('#assessment-form fieldset[data-question]').evaluateAll((sets) => sets.map((set) => set.dataset.question));
    assert.ok(questions.length >= 8, `about ten questions, got ${questions.length}`);
    // Every question must be answered: the first is left out.
    for (const id of questions.slice(1)) await seeker.locator(`#answer-${id}-no`).check();
    await seeker.locator('#assessment-submit').click();
    await seeker.locator(`#assessment-errors a[href="#assessment-${questions[0]}"]`).waitFor(wait);
    await seeker.locator(`#answer-${questions[0]}-no`).check();
    await seeker.locator('#wish-individual').check();
    await seeker.locator('#assessment-submit').click();
    await seeker.locator('#assessment-saved').waitFor(wait);
    const stored = await api_client_of_page(seeker).call('GET', '/api/v1/me/assessment');
    assert.equal(stored.assessment.wish, 'individual');
    assert.equal(Object.keys(stored.assessment.answers).length, questions.length);
    await no_serious_violations(seeker, 'seeker: track page');

    // The caseworker follows the alert's link to the seeker's triage.
    const page = day.caseworker;
    const acknowledged = page.locator(`li.kreds-alert-card[data-status="acknowledged"]`).first();
    await acknowledged.locator('a[href^="/triage.html"]').click();
    await page.waitForURL(`${server.url}/triage.html?seeker=${day.seeker.id}`, wait);
    await page.locator('#triage-purpose-purpose').fill('Opfølgning på signal om langtidsledighed');
    await page.locator('#triage-purpose-submit').click();
    await page.locator('#triage-seeker-heading').waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'triage-seeker-heading');
    assert.match(await page.locator('#triage-seeker-heading').textContent(), new RegExp(day.seeker.display_name));
    // The seeker's own answers, the factors in words and the wish are shown.
    assert.equal(await page.locator('#triage-answers tbody tr').count(), questions.length);
    assert.ok(await page.locator('#triage-score tbody tr').count() >= 5);
    assert.match(await page.locator('#triage-score').textContent(), /Ledig i \d+ uger/);
    assert.match(await page.locator('#triage-wish').textContent(), /Individuel indsats/);
    const suggested = await page.locator('#triage-suggested-track').getAttribute('data-track');
    const chosen = ['network', 'network_sparring', 'individual'].find((track) => track !== suggested);
    await no_serious_violations(page, 'triage');

    // An override without a reason: the server refuses, the error shows at the field.
    await page.locator(`#triage-track-${chosen}`).check();
    await page.locator('#triage-differs', { hasText: 'andet spor' }).waitFor(wait);
    await page.locator('#triage-submit').click();
    await page.locator('#triage-reason-error').waitFor(wait);
    assert.equal(await page.locator('#triage-reason').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#triage-reason').getAttribute('aria-describedby'), /triage-reason-error/);
    await page.locator('#triage-form-errors a[href="#triage-reason"]').waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'triage-form-errors-box');
    await no_serious_violations(page, 'triage: reason missing');
    const reason = 'Har selv bedt om det og har et konkret jobtilbud på vej';
    await page.locator('#triage-reason').fill(reason);
    await page.locator('#triage-submit').click();
    await page.locator('#triage-saved').waitFor(wait);
    assert.equal(await page.locator('#triage-reason-error').count(), 0);
    assert.equal(await page.locator('#triage-current-decision dd[data-track]').getAttribute('data-track'), chosen);
    assert.match(await page.locator('#triage-history-table tbody tr').first().textContent(), /konkret jobtilbud/);
    const triage = await as_caseworker.call('GET',
      `/api/v1/seekers/${day.seeker.id}/triage?purpose=${encodeURIComponent('Kontrol i test')}`);
    assert.equal(triage.current.track, chosen);
    assert.equal(triage.current.overridden, true);
    assert.equal(triage.current.reason, reason);
    assert.equal(triage.current.wish, 'individual');

    // The seeker sees the decision, the suggestion and the reason.
    await seeker.reload();
    await seeker.locator('#my-track-decision').waitFor(wait);
    assert.equal(await seeker.locator('#my-track-decided strong').getAttribute('data-track'), chosen);
    assert.match(await seeker.locator('#my-track-decision').textContent(), /konkret jobtilbud/);
    assert.match(await seeker.locator('#my-track-decision').textContent(), /Afviger fra forslaget/);
    assert.ok(await seeker.locator('#my-track-score tbody tr').count() >= 5);
    await no_serious_violations(seeker, 'seeker: track decided');
    await seeker.context().close();
  });

  test('in the portfolio the caseworker hides the reported message and moves a member', async () => {
    const page = day.caseworker;
    await page.goto(`${server.url}/`);
    await page.locator('#portfolio-link').click();
    await page.waitForURL(`${server.url}/portfolio.html`, wait);
    const rows = page.locator('#portfolio-table tbody tr');
    await rows.first().waitFor(wait);
    const portfolio = await as_caseworker.call('GET', '/api/v1/portfolio');
    assert.equal(await rows.count(), portfolio.networks.length);
    assert.deepEqual(await rows.evaluateAll((list) => list.map((row) => Number(row.dataset.network))),
      portfolio.networks.map((network) => network.id), 'most in need first, as the server orders them');
    await no_serious_violations(page, 'portfolio');

    await page.locator(`#portfolio-table tr[data-network="${day.network.id}"] a`).click();
    await page.waitForURL(`${server.url}/portfolio_network.html?network=${day.network.id}`, wait);
    await page.locator('#followup-purpose-purpose').fill('Moderation af anmeldt besked');
    await page.locator('#followup-purpose-submit').click();
    await page.locator('#followup-network-heading').waitFor(wait);
    assert.equal(await page.locator('#followup-chat-link').getAttribute('href'), `/network.html?network=${day.network.id}`);
    const card = page.locator(`#report-${day.reported_seq}`);
    await card.waitFor(wait);
    // The message's markup is shown as text.
    assert.equal(await card.locator('blockquote').textContent(), 'Køb billige ure på <b>ure.example</b>');
    assert.equal(await card.locator('blockquote b').count(), 0);
    await no_serious_violations(page, 'network follow-up');

    // Hiding needs a reason.
    await page.locator(`#report-${day.reported_seq}-hide`).click();
    await page.locator(`#report-${day.reported_seq}-reason-error`).waitFor(wait);
    await page.locator(`#report-${day.reported_seq}-reason`).fill('Reklame hører ikke hjemme i netværket');
    await page.locator(`#report-${day.reported_seq}-hide`).click();
    await card.waitFor({ state: 'detached', timeout: 10000 });
    await page.locator('#reports-none:not([hidden])').waitFor(wait);
    const detail = await as_caseworker.call('GET',
      `/api/v1/portfolio/networks/${day.network.id}?purpose=${encodeURIComponent('Kontrol i test')}`);
    assert.deepEqual(detail.reports, []);

    // Move a member (not the two who wrote and reported) to individual effort.
    const moved = day.network.members[2];
    day.moved = moved;
    await page.locator(`#member-${moved}-move`).click();
    await page.locator('#move-heading').waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'move-heading');
    await page.locator('#move-to').selectOption('individual');
    await page.locator('#move-submit').click();
    await page.locator('#move-reason-error').waitFor(wait);
    await page.locator('#move-reason').fill('Har brug for tæt opfølgning en til en');
    await page.locator('#move-submit').click();
    await page.locator(`#member-${moved}`).waitFor({ state: 'detached', timeout: 10000 });
    await page.locator('#followup-announcer', { hasText: 'individuel indsats' }).waitFor(wait);
    const after_move = await as_caseworker.call('GET',
      `/api/v1/seekers/${moved}/triage?purpose=${encodeURIComponent('Kontrol i test')}`);
    assert.equal(after_move.current.track, 'individual');
    assert.equal(after_move.current.reason, 'Har brug for tæt opfølgning en til en');
    await no_serious_violations(page, 'network follow-up after moderation and move');

    // From the network, the caseworker opens its chat and posts an announcement;
    // it is stored (acknowledged) and still there after a reload.
    await page.locator('#followup-chat-link').click();
    await page.waitForURL(`${server.url}/network.html?network=${day.network.id}`, wait);
    await page.locator('#chat-body').waitFor(wait);
    const announcement = 'Husk netværksmødet torsdag kl. 10 – tag jeres CV med';
    await page.locator('#chat-body').fill(announcement);
    await page.locator('#chat-body').press('Enter');
    await page.locator('#chat-messages li', { hasText: announcement }).waitFor(wait);
    await page.waitForFunction(() => document.querySelectorAll('#chat-messages li.kreds-chat-pending').length === 0, null, wait);
    await page.reload();
    await page.locator('#chat-messages li', { hasText: announcement }).waitFor(wait);
    assert.equal(await page.locator('#chat-messages li', { hasText: announcement }).count(), 1);
    await no_serious_violations(page, 'network chat as caseworker');

    // Back in the inbox the reported-message alert is resolved with a note.
    await page.goto(`${server.url}/inbox.html`);
    const id = day.reported_alert;
    await page.locator(`#alert-${id}`).waitFor(wait);
    await page.locator(`#alert-${id}-handle summary`).focus();
    await page.keyboard.press('Enter');
    await page.locator(`#alert-${id}-resolve-submit`).click();
    await page.locator(`#alert-${id}-note-input-error`).waitFor(wait);
    await page.locator(`#alert-${id}-note-input`).fill('Beskeden er skjult; afsenderen er kontaktet');
    await page.locator(`#alert-${id}-resolve-submit`).click();
    await page.locator(`#alert-${id}-status[data-status="resolved"]`).waitFor(wait);
    assert.match(await page.locator(`#alert-${id}-note`).textContent(), /afsenderen er kontaktet/);
    const resolved = await alert_by_id(id);
    assert.equal(resolved.status, 'resolved');
    assert.equal(resolved.note, 'Beskeden er skjult; afsenderen er kontaktet');
    await no_serious_violations(page, 'inbox after resolving');
  });

  test('the caseworker records the end of the course for a seeker on individual effort', async () => {
    const page = day.caseworker;
    const seeker_id = day.moved;
    const outcome_path = `/api/v1/seekers/${seeker_id}/outcome`;
    assert.equal((await as_caseworker.call('GET', outcome_path)).outcome, null, 'no outcome before');
    const caseworker_name = (await as_caseworker.call('GET', '/api/v1/me')).account.display_name;
    const name_pattern = caseworker_name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const recorded_line = new RegExp(`^Job fra .+ – registreret af ${name_pattern}, `);
    const give_purpose = async () => {
      await page.locator('#triage-purpose-purpose').fill('Registrering af afslutning på forløb');
      await page.locator('#triage-purpose-submit').click();
      await page.locator('#seeker-outcome-heading', { hasText: 'Afslutning af forløb' }).waitFor(wait);
    };
    await page.goto(`${server.url}/triage.html?seeker=${seeker_id}`);
    await give_purpose();
    await page.locator('#seeker-outcome-form').waitFor(wait);
    // The date is today by default, and no later date can be chosen.
    const today = await page.evaluate(() => {
      const now = new Date();
      return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    });
    assert.equal(await page.locator('#seeker-outcome-date').inputValue(), today);
    assert.equal(await page.locator('#seeker-outcome-date').getAttribute('max'), today);

    // Without a purpose: the error shows at the field, the summary takes the focus, nothing is stored.
    await page.locator('#seeker-outcome-kind-job').check();
    await page.locator('#seeker-outcome-submit').click();
    await page.locator('#seeker-outcome-purpose-error').waitFor(wait);
    assert.equal(await page.locator('#seeker-outcome-purpose').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#seeker-outcome-purpose').getAttribute('aria-describedby'), /seeker-outcome-purpose-error/);
    await page.locator('#seeker-outcome-errors a[href="#seeker-outcome-purpose"]').waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'seeker-outcome-errors-box');
    assert.equal(await page.locator('#seeker-outcome-kind-error').count(), 0, 'the chosen kind is not at fault');
    assert.equal((await as_caseworker.call('GET', outcome_path)).outcome, null, 'nothing stored');
    await no_serious_violations(page, 'triage: outcome purpose missing');

    // From the error summary's link to the field, then a valid outcome.
    await page.locator('#seeker-outcome-errors a[href="#seeker-outcome-purpose"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'seeker-outcome-purpose');
    await page.keyboard.type('Jobsøgeren ringede: fastansat som lagermedarbejder');
    await page.locator('#seeker-outcome-submit').click();
    await page.locator('#seeker-outcome-saved').waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'seeker-outcome-saved');
    assert.equal(await page.locator('#seeker-outcome-form').count(), 0, 'the form gives way to the line');
    assert.equal(await page.locator('#seeker-outcome-line').getAttribute('data-kind'), 'job');
    assert.match(await page.locator('#seeker-outcome-line').textContent(), recorded_line);
    const stored = (await as_caseworker.call('GET', outcome_path)).outcome;
    assert.equal(stored.kind, 'job');
    assert.equal(stored.date, today);
    assert.equal(stored.source, 'caseworker');
    await no_serious_violations(page, 'triage: outcome recorded');

    // After a reload (and a new purpose for the look-up) the outcome is read-only.
    await page.reload();
    await give_purpose();
    await page.locator('#seeker-outcome-line').waitFor(wait);
    assert.equal(await page.locator('#seeker-outcome-form').count(), 0);
    assert.equal(await page.locator('#seeker-outcome-line').getAttribute('data-source'), 'caseworker');
    assert.match(await page.locator('#seeker-outcome-line').textContent(), recorded_line);
    await no_serious_violations(page, 'triage: outcome read-only');
  });

  test("the time report shows the day's work and takes a manual entry", async () => {
    const page = day.caseworker;
    // Triage without a seeker starts with choosing one.
    await page.goto(`${server.url}/`);
    await page.locator('#triage-link').click();
    await page.waitForURL(`${server.url}/triage.html`, wait);
    await page.locator('#picker-table tbody tr').first().waitFor(wait);
    assert.ok(await page.locator('#picker-table a[href^="/triage.html?seeker="]').count() >= 1);
    await no_serious_violations(page, 'triage: choose a seeker');

    await page.goto(`${server.url}/`);
    await page.locator('#time-link').click();
    await page.waitForURL(`${server.url}/time.html`, wait);
    await page.locator('#time-by-track').waitFor(wait);
    const actions = await page.locator('#time-by-action tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.action));
    for (const action of ['triage', 'moderation', 'move']) assert.ok(actions.includes(action), `${action} is counted: ${actions}`);
    const tracks = await page.locator('#time-by-track tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.track));
    assert.ok(tracks.includes('network') && tracks.includes('individual'), `rows by track: ${tracks}`);
    const before_entry = (await as_caseworker.call('GET', `/api/v1/time-report?month=${new Date().toISOString().slice(0, 7)}`)).mine.minutes;
    await no_serious_violations(page, 'time report');

    // A manual entry: minutes are required.
    await page.locator('#time-submit').click();
    await page.locator('#time-minutes-error').waitFor(wait);
    await page.locator('#time-minutes').fill('25');
    await page.locator('#time-note').fill('Telefonsamtale med jobsøger');
    await page.locator('#time-submit').click();
    await page.locator('#time-saved').waitFor(wait);
    const month = new Date().toISOString().slice(0, 7);
    const report = await as_caseworker.call('GET', `/api/v1/time-report?month=${month}`);
    assert.equal(report.mine.minutes, before_entry + 25);
    await page.locator('#time-by-action tr[data-action="manual"]').waitFor(wait);
    await page.locator('#time-mine', { hasText: `${before_entry + 25} minutter` }).waitFor(wait);
    await no_serious_violations(page, 'time report after an entry');

    // English second: the same report in the other language.
    await page.locator('#language-toggle').click();
    await page.locator('#time-by-track-caption', { hasText: 'Caseworker time per job seeker in' }).waitFor(wait);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('#time-by-action tr[data-action="manual"] th').textContent(), 'Recorded by the caseworker');
    await page.locator('#language-toggle').click();
  });
});
