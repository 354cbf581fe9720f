// Shared set-up for the browser tests: the real kreds binary on 127.0.0.1
// port 0 with a fresh database, Debian's Chromium driven by playwright-core,
// and an axe-core check. Paths come from ctest's environment.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const source_dir = process.env.KREDS_SOURCE_DIR;
const binary = process.env.KREDS_BINARY;
if (!source_dir || !binary) throw new Error('run through ctest: KREDS_SOURCE_DIR and KREDS_BINARY must be set');

// The web client's node_modules hold playwright-core and axe-core.
const require_web = createRequire(join(source_dir, 'web', 'package.json'));
const { chromium } = require_web('playwright-core');
const axe_source = readFileSync(require_web.resolve('axe-core/axe.min.js'), 'utf8');

export async function start_server(extra_args = []) {
  const dir = mkdtempSync(join(tmpdir(), 'kreds-browser-'));
  const child = spawn(binary, ['serve', '--port', '0', '--database', join(dir, 'kreds.sqlite3'),
    '--web-root', join(source_dir, 'web'), ...extra_args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const port = await new Promise((resolve, reject) => {
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
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
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
