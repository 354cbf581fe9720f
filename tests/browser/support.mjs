// Shared set-up for the browser tests: the real kreds binary on 127.0.0.1
// port 0 with a fresh (or prepared) database, its CLI commands, a small API
// client for set-up through the JSON API, Debian's Chromium driven by
// playwright-core, and an axe-core check. Paths come from ctest's environment.
import { execFileSync, spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const source_dir = process.env.KREDS_SOURCE_DIR;
const binary = process.env.KREDS_BINARY;
if (!source_dir || !binary) throw new Error('run through ctest: KREDS_SOURCE_DIR and KREDS_BINARY must be set');

// The web client's node_modules hold playwright-core and axe-core.
const require_web = createRequire(join(source_dir, 'web', 'package.json'));
const { chromium } = require_web('playwright-core');
// The shipped taxonomy, found from any working directory.
export const taxonomy_path = join(source_dir, 'config', 'taxonomy', 'esco-1.1.tsv');
const axe_source = readFileSync(require_web.resolve('axe-core/axe.min.js'), 'utf8');

// A fresh directory for a database that CLI commands prepare before the
// server starts; remove() deletes it.
export function prepare_database() {
  const dir = mkdtempSync(join(tmpdir(), 'kreds-browser-'));
  return { path: join(dir, 'kreds.sqlite3'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// Runs `kreds <args>` to completion (at most timeout_ms), writing `input`
// to its stdin; resolves to its stdout, rejects with its output on failure.
export function run_kreds(args, { input = '', timeout_ms = 30000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kreds ${args[0]} timed out:\n${stdout}${stderr}`));
    }, timeout_ms);
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`kreds ${args.join(' ')} exited with ${code}:\n${stdout}${stderr}`));
    });
    child.stdin.end(input);
  });
}

// Starts `kreds serve` on port 0. With `database` (a path from
// prepare_database()) it serves that file and leaves it in place; otherwise
// it uses a fresh one and deletes it on stop().
export async function start_server(extra_args = [], { database = null } = {}) {
  const dir = database ? null : mkdtempSync(join(tmpdir(), 'kreds-browser-'));
  const child = spawn(binary, ['serve', '--port', '0', '--database', database ?? join(dir, 'kreds.sqlite3'),
    '--web-root', join(source_dir, 'web'), '--set', `taxonomy.path=${taxonomy_path}`, '--set', 'metrics.port=0', ...extra_args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const remove_dir = () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  const started = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kreds did not start:\n${output}`)), 15000);
    const on_data = (chunk) => {
      output += chunk;
      const found = output.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (found) {
        clearTimeout(timer);
        resolve(Number(found[1]));
      }
    };
    child.stdout.on('data', on_data);
    child.stderr.on('data', on_data);
    child.on('exit', (code) => reject(new Error(`kreds exited with ${code}:\n${output}`)));
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  let port;
  try {
    port = await started;
  } catch (error) {
    if (running()) child.kill('SIGKILL');
    remove_dir();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    // SIGTERM, then SIGKILL if the server has not stopped within 10 s.
    async stop() {
      if (running()) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
        await exited;
        clearTimeout(timer);
      }
      remove_dir();
    },
  };
}

export async function launch_browser() {
  return chromium.launch({
    executablePath: process.env.KREDS_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// Runs axe-core on the page; returns the serious and critical violations.
export async function serious_violations(page) {
  await page.evaluate(axe_source);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

// A client of the JSON API for set-up, as a browser would be: it keeps the
// session cookie and sends the server's Origin on every request.
export function api_client(base_url) {
  let cookie = null;
  return {
    async call(method, path, body = undefined) {
      const headers = { Origin: base_url, Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (cookie) headers.Cookie = cookie;
      const response = await fetch(base_url + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10000),
      });
      const set_cookie = response.headers.getSetCookie?.() ?? [];
      for (const line of set_cookie) {
        const pair = line.split(';')[0];
        if (/^(__Host-)?kreds_session=/.test(pair)) cookie = pair.endsWith('=') ? null : pair;
      }
      const text = await response.text();
      let data = null;
      try {
        data = text ? JSON.parse(text) : null;
      } catch {
        data = text;
      }
      if (!response.ok) {
        throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
      }
      return data;
    },
  };
}

// A fresh browser context and page with bounded default waits; page.errors
// collects uncaught script errors.
export async function new_page(browser) {
  const context = await browser.newContext();
  context.setDefaultTimeout(10000);
  context.setDefaultNavigationTimeout(15000);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(String(error)));
  return page;
}

// Logs in through the login page and waits for the role's start page.
export async function log_in(page, base_url, email, password) {
  await page.goto(`${base_url}/login.html`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('#login-submit').click();
  await page.waitForURL(`${base_url}/`, { timeout: 10000 });
  await page.locator('#role-start > *').first().waitFor({ timeout: 10000 });
}

// A demo account's e-mail from the database file (the API shows e-mails to no one else).
export function email_of(database_path, account_id) {
  return execFileSync('sqlite3', [database_path, `SELECT email FROM account WHERE id = ${Number(account_id)}`],
    { encoding: 'utf8', timeout: 10000 }).trim();
}

// The demo caseworker (logged in through `as_caseworker`, an api_client)
// makes a proposal, waits (bounded) until it is ready and confirms it;
// resolves to the created networks.
export async function confirm_proposal(as_caseworker, seed = 1) {
  let proposal = await as_caseworker.call('POST', '/api/v1/proposals', { seed });
  const deadline = Date.now() + 30000;
  while (proposal.status === 'running') {
    if (Date.now() >= deadline) throw new Error('the proposal was not ready within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
    proposal = await as_caseworker.call('GET', `/api/v1/proposals/${proposal.id}`);
  }
  if (proposal.status !== 'ready') throw new Error(`the proposal ended ${proposal.status}`);
  return (await as_caseworker.call('POST', `/api/v1/proposals/${proposal.id}/confirm`)).networks;
}

// Sends messages over a fresh WebSocket of the page's account, one at a
// time, and resolves to each reply (null when none came within 5 s).
export async function over_socket(page, messages) {
  return page.evaluate(async (list) => {
    const socket = new WebSocket(`ws://${location.host}/ws`);
    const replies = new Map();
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(event.data);
      if (message.id) replies.set(message.id, message);
    });
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve);
      socket.addEventListener('error', reject);
    });
    const out = [];
    for (const [index, { type, payload }] of list.entries()) {
      const id = `m${index}`;
      socket.send(JSON.stringify({ type, id, payload }));
      const deadline = Date.now() + 5000;
      while (!replies.has(id) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      out.push(replies.get(id) ?? null);
    }
    socket.close();
    return out;
  }, messages);
}

// A same-origin request from the page, with its session cookie: resolves to
// { status, body } (body parsed as JSON when it is JSON).
export async function page_fetch(page, method, path, body = undefined) {
  return page.evaluate(async ([m, p, b]) => {
    const response = await fetch(p, {
      method: m,
      headers: b === null ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: b === null ? undefined : JSON.stringify(b),
    });
    const text = await response.text();
    let parsed = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed };
  }, [method, path, body ?? null]);
}

// Clicks a download link and resolves to { filename, text } of the file.
export async function download(page, selector, wait = { timeout: 10000 }) {
  const [file] = await Promise.all([page.waitForEvent('download', wait), page.locator(selector).click()]);
  const path = await file.path();
  assert.ok(path, `${selector}: the download finished`);
  return { filename: file.suggestedFilename(), text: await readFile(path, 'utf8') };
}
