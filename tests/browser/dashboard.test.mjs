// The municipality's pilot dashboard and pilot settings in a real browser
// against the real server: a demo municipality with its simulated history
// (past participants, networks, outcomes) and networks the caseworker forms
// now. The admin opens the dashboard from the start page and finds the
// Kaplan–Meier curves drawn and every table filled; a track filter goes into
// the URL, the tables follow, a reload and "back" keep to the URL, and a
// table downloads as a Danish CSV with the filter; a bad date in the URL is
// shown at its field. Caseworkers and seekers get 403 from the API. On the
// settings screen an out-of-range value is refused at the field (first by
// the client, then, with the client bypassed, by the server), a valid
// change is saved, shown with who changed it and kept after a reload — and
// the changed retention period reaches the seeker's "Dine data" page.
// axe-core checks both pages at desktop width and at 375 px.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  api_client, confirm_proposal, download, email_of, launch_browser, log_in, new_page, page_fetch, prepare_database, run_kreds, serious_violations, start_server,
  taxonomy_path,
} from './support.mjs';

const wait = { timeout: 10000 };
const password = 'kreds-demo-2026';
const admin_email = 'admin@aarhus.demo.kreds.dk';
const caseworker_email = 'jobraadgiver1@aarhus.demo.kreds.dk';
const tracks = ['network', 'network_sparring', 'individual'];
const table_ids = ['outcomes_by_track', 'outcomes_by_target_group', 'time_to_job', 'still_searching', 'exits_other', 'staff_time',
  'hours_freed', 'network_health'];

let database;
let server;
let browser;
let as_caseworker;
// Shared by the steps, in order: the admin's page.
const run = {};

before(async () => {
  database = prepare_database();
  await run_kreds(['demo', '--database', database.path, '--seekers', '200', '--caseworkers', '2',
    '--set', `taxonomy.path=${taxonomy_path}`], { timeout_ms: 60000 });
  server = await start_server([], { database: database.path });
  browser = await launch_browser();
  as_caseworker = api_client(server.url);
  await as_caseworker.call('POST', '/api/v1/session', { email: caseworker_email, password });
  await confirm_proposal(as_caseworker);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  database?.remove();
});

// The row keys of a dashboard table on the page.
const row_keys = (page, id) => page.locator(`#table-${id} tbody tr`).evaluateAll((rows) => rows.map((row) => row.dataset.row));

async function no_serious_violations(page, screen) {
  assert.deepEqual(await serious_violations(page), [], screen);
  assert.deepEqual(page.errors, [], `${screen}: no script errors`);
}

// axe at desktop width, then at 375 px (nothing wider than the screen but
// the tables' own scroll boxes), then back.
async function check_widths(page, screen) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await no_serious_violations(page, `${screen} at 1280 px`);
  await page.setViewportSize({ width: 375, height: 740 });
  await page.waitForFunction(() => document.documentElement.scrollWidth <= 375, null, wait);
  await no_serious_violations(page, `${screen} at 375 px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe("the municipality's pilot dashboard and settings", { timeout: 170000 }, () => {
  test('the admin sees the survival curves and every table, with numbers', async () => {
    const page = await new_page(browser);
    run.page = page;
    await page.setViewportSize({ width: 1280, height: 900 });
    await log_in(page, server.url, admin_email, password);
    await page.locator('#dashboard-link').click();
    await page.waitForURL(`${server.url}/dashboard.html`, wait);
    await page.locator('#dashboard-report').waitFor(wait);
    assert.equal(await page.title(), 'Resultater af piloten – Kreds');

    const answer = (await page_fetch(page, 'GET', '/api/v1/dashboard')).body;
    assert.deepEqual(answer.tables.map((table) => table.id), table_ids, 'the server sends the tables in order');

    // The Kaplan–Meier chart: a curve for each track of 5 or more people,
    // steps where people found work, an image with a summary in words.
    const drawn = answer.survival.filter((curve) => typeof curve.people === 'number' && curve.points.length > 0);
    assert.ok(drawn.length >= 1, `the demo has a track with a curve: ${JSON.stringify(answer.survival.map((c) => c.people))}`);
    const curves = page.locator('#survival-chart path.kreds-chart-line');
    assert.equal(await curves.count(), drawn.length, 'one curve per track with a curve');
    const stepped = answer.survival.find((curve) => curve.points.length > 1);
    assert.ok(stepped, 'the demo history has people who found work');
    const steps = await page.locator(`#survival-chart path.kreds-chart-line[data-key="${stepped.track}"]`).getAttribute('d');
    assert.equal(steps.match(/L/g).length, 2 * (stepped.points.length - 1), 'a step (across, then down) per corner');
    assert.equal(await page.locator('#survival-chart path.kreds-chart-band').count(), drawn.length, 'each curve has its band');
    const chart = page.locator('#survival-chart svg');
    assert.equal(await chart.getAttribute('role'), 'img');
    assert.match(await chart.getAttribute('aria-label'), /Netværk \(\d+ personer\): \d+\s% søger stadig efter \d+ uger/);

    // Every table, each cell as the server sent it (numbers in Danish).
    for (const id of table_ids) {
      await page.locator(`#table-${id}`).waitFor(wait);
      const table = answer.tables.find((one) => one.id === id);
      assert.equal(await page.locator(`#table-${id}-caption`).textContent(), table.title.da);
      assert.deepEqual(await row_keys(page, id), table.rows.map((row) => row.key), `${id}: every row`);
      assert.equal(await page.locator(`#table-${id} thead th`).count(), table.columns.length + 1, `${id}: every column`);
      assert.equal(await page.locator(`#table-${id}-csv`).count(), 1, `${id}: a CSV link`);
    }
    assert.deepEqual((await row_keys(page, 'outcomes_by_track')).filter((key) => tracks.includes(key)), tracks);
    const people = await page.locator('#table-outcomes_by_track tbody td[data-column="people"]').allTextContents();
    assert.ok(people.some((text) => /^\d+$/.test(text)), `counts as numbers: ${people}`);
    const shares = await page.locator('#table-outcomes_by_track tbody td[data-kind="share"]').allTextContents();
    assert.ok(shares.every((text) => /^(\d+\s%|<5|\.\.|–)$/.test(text)), `shares as percentages: ${shares}`);
    const minutes = await page.locator('#table-staff_time tbody td[data-kind="minutes"]').allTextContents();
    assert.ok(minutes.every((text) => !/\d\.\d/.test(text)), `Danish decimal comma: ${minutes}`);
    // The markers are explained on the page.
    assert.match(await page.locator('#dashboard-markers').textContent(), /Færre end 5 personer/);

    // The other charts, with the table as their text; a bar per share shown.
    for (const id of ['outcomes', 'staff', 'leads', 'attendance']) {
      assert.equal(await page.locator(`#${id}-chart svg[role="img"]`).count(), 1, `${id}: a chart`);
    }
    const outcome_shares = answer.tables[0].rows.filter((row) => tracks.includes(row.key))
      .flatMap((row) => row.cells.filter((cell, i) => answer.tables[0].columns[i].kind === 'share' && typeof cell === 'number'));
    assert.ok(outcome_shares.length > 0, 'the demo history shows shares in work or education');
    assert.equal(await page.locator('#outcomes-chart rect.kreds-chart-bar').count(), outcome_shares.length);
    await check_widths(page, 'dashboard');

    // In English the page and the server's labels follow.
    await page.locator('#language-toggle').click();
    await page.locator('#table-outcomes_by_track-caption', { hasText: answer.tables[0].title.en }).waitFor(wait);
    assert.equal(await page.locator('#survival-caption').textContent(), 'Share still searching, by weeks since starting');
    assert.match(await page.locator('#table-outcomes_by_track-csv').getAttribute('href'), /lang=en/);
    await page.locator('#language-toggle').click();
    await page.locator('#table-outcomes_by_track-caption', { hasText: answer.tables[0].title.da }).waitFor(wait);
  });

  test('a filter goes into the URL, the tables follow, and a table downloads as CSV', async () => {
    const page = run.page;
    await page.locator('#filter-track').selectOption('network');
    await page.locator('#filter-submit').click();
    await page.waitForURL(/[?&]track=network(&|$)/, wait);
    await page.waitForFunction(() => [...document.querySelectorAll('#table-outcomes_by_track tbody tr')]
      .map((row) => row.dataset.row).join() === 'network,total', null, wait);
    assert.match(await page.locator('#dashboard-scope').textContent(), /Spor: Netværk\./);
    assert.ok(await page.locator('#survival-chart path.kreds-chart-line[data-key="network"]').count() <= 1);
    assert.equal(await page.locator('#survival-chart path.kreds-chart-line:not([data-key="network"])').count(), 0);
    await page.locator('#dashboard-status', { hasText: 'Tallene er opdateret.' }).waitFor(wait);
    await no_serious_violations(page, 'dashboard filtered');

    // The view is the URL: a reload shows the same.
    await page.reload();
    await page.locator('#dashboard-report').waitFor(wait);
    assert.equal(await page.locator('#filter-track').inputValue(), 'network');
    assert.deepEqual(await row_keys(page, 'outcomes_by_track'), ['network', 'total']);

    // The CSV carries the filter and the language: Danish separator and labels.
    const link = await page.locator('#table-outcomes_by_track-csv').getAttribute('href');
    assert.match(link, /^\/api\/v1\/dashboard\/outcomes_by_track\.csv\?/);
    assert.match(link, /[?&]lang=da(&|$)/);
    assert.match(link, /[?&]track=network(&|$)/);
    const csv = await download(page, '#table-outcomes_by_track-csv');
    assert.match(csv.filename, /^kreds-outcomes_by_track-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.text.replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
    const table = (await page_fetch(page, 'GET', '/api/v1/dashboard?track=network')).body.tables[0];
    const header = lines[0].split(';');
    assert.equal(header.length, table.columns.length + 1, `';' separates the columns: ${lines[0]}`);
    assert.deepEqual(header.slice(1), table.columns.map((column) => column.label.da));
    assert.deepEqual(lines.slice(1).map((line) => line.split(';')[0]), ['Netværk', 'I alt'], 'the rows of the filter');
    assert.doesNotMatch(csv.text, /\d\.\d/, 'Danish decimal comma');
    const english = await page_fetch(page, 'GET', '/api/v1/dashboard/outcomes_by_track.csv?lang=en&track=network');
    assert.equal(english.status, 200);
    assert.equal(String(english.body).replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',').length, table.columns.length + 1);

    // Back: the unfiltered view again.
    await page.goBack();
    await page.waitForURL(`${server.url}/dashboard.html`, wait);
    await page.waitForFunction(() => document.querySelectorAll('#table-outcomes_by_track tbody tr').length === 4, null, wait);
    assert.equal(await page.locator('#filter-track').inputValue(), '');

    // A period with too few people: the view is withheld as a whole, and the page says why.
    await page.goto(`${server.url}/dashboard.html?from=2020-01&to=2020-02`);
    await page.locator('#dashboard-withheld', { hasText: 'færre end 20 jobsøgere' }).waitFor(wait);
    assert.equal(await page.locator('#dashboard-report table').count(), 0);
    assert.equal(await page.locator('#filter-from').inputValue(), '2020-01');

    // A day in a link: the period is whole months, and the server's refusal is shown at the field.
    await page.goto(`${server.url}/dashboard.html?from=2026-03-15`);
    await page.locator('#filter-from-error').waitFor(wait);
    assert.equal(await page.locator('#filter-from').getAttribute('aria-invalid'), 'true');
    await page.locator('#filter-errors a[href="#filter-from"]').waitFor(wait);
    await no_serious_violations(page, 'dashboard with a day for a month');
    // And the client's own check: the period must run forwards.
    await page.locator('#filter-from').fill('2026-06');
    await page.locator('#filter-to').fill('2026-05');
    await page.locator('#filter-submit').click();
    await page.locator('#filter-to-error', { hasText: 'før fra-måneden' }).waitFor(wait);
  });

  test('only the admin may see the dashboard', async () => {
    await assert.rejects(as_caseworker.call('GET', '/api/v1/dashboard'), /answered 403/);
    await assert.rejects(as_caseworker.call('GET', '/api/v1/dashboard/outcomes_by_track.csv'), /answered 403/);
    await assert.rejects(as_caseworker.call('GET', '/api/v1/pilot-settings'), /answered 403/);
    const seekers = (await as_caseworker.call('GET', '/api/v1/seekers')).seekers;
    const seeker = api_client(server.url);
    run.seeker_email = email_of(database.path, seekers[0].id);
    await seeker.call('POST', '/api/v1/session', { email: run.seeker_email, password });
    await assert.rejects(seeker.call('GET', '/api/v1/dashboard'), /answered 403/);
    await assert.rejects(api_client(server.url).call('GET', '/api/v1/dashboard'), /answered 401/);

    const page = await new_page(browser);
    await log_in(page, server.url, caseworker_email, password);
    await page.goto(`${server.url}/dashboard.html`);
    await page.locator('#dashboard-content .alert', { hasText: 'kommunens administrator' }).waitFor(wait);
    assert.equal(await page.locator('#filter-form').count(), 0);
    await page.context().close();
  });

  test('the admin changes the pilot settings: bad values are refused at the field, a good one is kept', async () => {
    const page = run.page;
    await page.goto(`${server.url}/`);
    await page.locator('#pilot-settings-link').click();
    await page.waitForURL(`${server.url}/pilot_settings.html`, wait);
    await page.locator('#settings-form').waitFor(wait);
    const before_change = (await page_fetch(page, 'GET', '/api/v1/pilot-settings')).body;
    const setting = (key) => before_change.settings.find((one) => one.key === key);
    for (const one of before_change.settings) {
      const input = page.locator(`[name="${one.key}"]`);
      assert.equal(await input.count(), 1, `an input for ${one.key}`);
      assert.equal(Number(await input.inputValue()), one.value);
    }
    assert.equal(await page.locator('#setting-matching-max_size').getAttribute('max'), String(setting('matching.max_size').max));
    assert.equal(await page.locator('#setting-matching-max_size').getAttribute('step'), '1');
    assert.equal(await page.locator('#setting-triage-sparring_from').getAttribute('step'), 'any');
    assert.match(await page.locator('#setting-matching-max_size-hint').textContent(), /Mellem 2 og 20\. Standard: 8\./);
    assert.match(await page.locator('#settings-changed').textContent(), /Ingen har ændret/);
    await page.locator('#retention-run').waitFor(wait);
    const last_run = before_change.last_retention_run;
    if (last_run) {
      assert.equal(await page.locator('#retention-run-table tbody tr').count(), Object.keys(last_run.deleted).length, 'every kind of data');
    } else {
      await page.locator('#retention-run-none').waitFor(wait);
    }
    await check_widths(page, 'pilot settings');

    // Out of range: the client refuses it at the field and in the summary.
    const max_size = page.locator('#setting-matching-max_size');
    await max_size.fill('99');
    await page.locator('#settings-submit').click();
    await page.locator('#setting-matching-max_size-error', { hasText: 'mellem 2 og 20' }).waitFor(wait);
    await page.locator('#settings-errors a[href="#setting-matching-max_size"]').waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'settings-errors-box');
    assert.equal(await max_size.getAttribute('aria-invalid'), 'true');
    await no_serious_violations(page, 'pilot settings with an error');

    // The server refuses it too, and saves nothing.
    const refused = await page_fetch(page, 'PUT', '/api/v1/pilot-settings', { values: { 'matching.max_size': 99, 'matching.min_size': 5 } });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'invalid_field');
    assert.equal(refused.body.error.field, 'matching.max_size');
    const unchanged = (await page_fetch(page, 'GET', '/api/v1/pilot-settings')).body;
    assert.deepEqual(unchanged.settings, before_change.settings, 'nothing saved');

    // With the client's check bypassed, the server's refusal lands at the field.
    await max_size.fill('9');
    await page.route('**/api/v1/pilot-settings', (route) => (route.request().method() === 'PUT'
      ? route.continue({ postData: JSON.stringify({ values: { 'matching.max_size': 99 } }) }) : route.continue()));
    await page.locator('#settings-submit').click();
    await page.locator('#setting-matching-max_size-error', { hasText: 'blev ikke gemt' }).waitFor(wait);
    await page.unroute('**/api/v1/pilot-settings');

    // A good change: saved, said so, with who and when, and kept.
    await max_size.fill('9');
    await page.locator('#setting-retention-chat_messages_days').fill('700');
    await page.locator('#settings-submit').click();
    await page.locator('#settings-saved').waitFor(wait);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'settings-saved');
    assert.match(await page.locator('#settings-saved').textContent(), /Indstillingerne er gemt.*Senest ændret .* af Administrator, Aarhus Kommune/);
    assert.equal(await page.locator('#setting-matching-max_size-error').count(), 0);
    await no_serious_violations(page, 'pilot settings saved');
    await page.reload();
    await page.locator('#settings-form').waitFor(wait);
    assert.equal(await page.locator('#setting-matching-max_size').inputValue(), '9');
    assert.equal(await page.locator('#setting-retention-chat_messages_days').inputValue(), '700');
    assert.match(await page.locator('#settings-changed').textContent(), /Senest ændret .* af Administrator, Aarhus Kommune/);
    // The history lists both changes, from the configuration's value, with who made them.
    const history = await page.locator('#settings-history-table tbody tr').allTextContents();
    assert.equal(history.length, 2, history.join(' | '));
    assert.ok(history.every((row) => /konfigurationen/.test(row) && /Administrator, Aarhus Kommune/.test(row)), history.join(' | '));
    const saved = (await page_fetch(page, 'GET', '/api/v1/pilot-settings')).body;
    assert.equal(saved.settings.find((one) => one.key === 'matching.max_size').value, 9);
    assert.equal(saved.settings.find((one) => one.key === 'matching.max_size').default, 8);

    // The seeker's "Dine data" shows the new retention period.
    const seeker = await new_page(browser);
    await log_in(seeker, server.url, run.seeker_email, password);
    await seeker.goto(`${server.url}/privacy.html`);
    await seeker.locator('#rules-table tr[data-table="chat_message"] .kreds-rule-retention', { hasText: 'Slettes efter 700 dage' }).waitFor(wait);
    await seeker.context().close();
  });
});
