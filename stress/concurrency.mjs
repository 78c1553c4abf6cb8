// Concurrency on one database file: several exporter processes send at once to two `serve`
// processes (two writers), two dashboards (`ui` in tmux, as viewers of the first) redraw as data
// lands, and two readers run `sessions --json` / `summary --json` in a loop. Every request must get
// 200, every read succeed, both dashboards quit cleanly, and no "database is locked" (or busy)
// reach anyone: not a client, not a reader, not a screen.
//   node stress/concurrency.mjs [--senders 8] [--requests 400]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { freePort, runCli, startServe } from './lib/processes.mjs';
import { addRows, cliPath, expectedPerTemplate, loadTemplates, noRows, rowsOf, sameRows, totalsOf } from './lib/requests.mjs';

const { values: args } = parseArgs({ options: { senders: { type: 'string', default: '8' }, requests: { type: 'string', default: '400' } } });
const senderCount = Number(args.senders);
const perSender = Number(args.requests);
const senderScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib', 'sender.mjs');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const templates = loadTemplates();
const expected = expectedPerTemplate(templates);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stress-concurrency-'));
const db = path.join(dir, 'telemetry.db');
const a = startServe({ port: await freePort(), db });
const urlA = await a.ready;
const b = startServe({ port: await freePort(), db });
const urlB = await b.ready;

// Two dashboards in tmux; each finds a claude-otel-tui on its port and opens the file as a viewer.
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const tmuxSocket = path.join(dir, 'tmux.sock');
const tmux = (...rest) => execFileSync('tmux', ['-S', tmuxSocket, ...rest], { encoding: 'utf8' });
const dashboards = hasTmux ? ['tui1', 'tui2'] : [];
for (const name of dashboards) {
  const exitFile = path.join(dir, `${name}.exit`);
  const command = `sh -c '"$0" "$@"; echo $? > ${exitFile}' env TZ=UTC NO_COLOR=1 ${process.execPath} ${cliPath} ui --port ${new URL(urlA).port} --db ${db}`;
  if (name === 'tui1') tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '40', command);
  else tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', command);
}
// Once up, both look at all time (r: 24h → 7d → 30d → all), the second at the sessions table.
for (const name of dashboards) {
  for (let i = 0; i < 200 && !/viewer/.test(tmux('capture-pane', '-p', '-t', name)); i += 1) await sleep(50);
  if (name === 'tui2') tmux('send-keys', '-t', name, '2');
  // One key at a time: keys that arrive together reach the app as one chunk, which it ignores.
  for (const range of ['7d', '30d', 'all']) {
    tmux('send-keys', '-t', name, 'r');
    for (let i = 0; i < 100 && !new RegExp(`range ${range}`).test(tmux('capture-pane', '-p', '-t', name)); i += 1) await sleep(20);
  }
}
const screens = [];
const watchScreens = setInterval(() => {
  for (const name of dashboards)
    screens.push({ name, text: spawnSync('tmux', ['-S', tmuxSocket, 'capture-pane', '-p', '-t', name], { encoding: 'utf8' }).stdout });
}, 250);

function sender(prefix) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [senderScript, prefix, String(perSender), urlA, urlB], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, ...JSON.parse(stdout || '{}') }));
  });
}

async function reader(done) {
  let isDone = false;
  void done.then(() => (isDone = true));
  const runs = [];
  while (!isDone) {
    runs.push(await runCli(['sessions', '--json', '--db', db]));
    runs.push(await runCli(['summary', '--json', '--db', db]));
  }
  return runs;
}

const startedMs = Date.now();
const prefixes = Array.from({ length: senderCount }, (_, i) => `sender${i}`);
const sending = Promise.all(prefixes.map((p) => sender(p)));
const [reports, ...reads] = await Promise.all([sending, reader(sending), reader(sending)]);
const sendSeconds = (Date.now() - startedMs) / 1000;
await sleep(1000); // let the dashboards draw the last data
clearInterval(watchScreens);

// Quit the dashboards with q, as a person would; each must exit 0.
for (const name of dashboards) tmux('send-keys', '-t', name, 'q');
const tuiExits = [];
for (const name of dashboards) {
  const exitFile = path.join(dir, `${name}.exit`);
  for (let i = 0; i < 100 && !fs.existsSync(exitFile); i += 1) await sleep(50);
  tuiExits.push(fs.existsSync(exitFile) ? fs.readFileSync(exitFile, 'utf8').trim() : 'still running');
}
spawnSync('tmux', ['-S', tmuxSocket, 'kill-server'], { stdio: 'ignore' });
a.child.kill('SIGTERM');
b.child.kill('SIGTERM');
const exits = await Promise.all([a.exited, b.exited]);

const file = new Database(db, { readonly: true });
let sum = noRows;
const wrong = [];
for (const prefix of prefixes) {
  for (let k = 0; k < perSender; k += 1) {
    const t = k % templates.length;
    sum = addRows(sum, expected[t]);
    if (!sameRows(rowsOf(file, `${prefix}-${k}`), expected[t])) wrong.push(`${prefix}-${k}`);
  }
}
const totals = totalsOf(file);
const integrity = file.pragma('integrity_check', { simple: true });
file.close();

const runs = reads.flat();
const lockedPattern = /locked|SQLITE_BUSY|busy/i;
const texts = [
  ...runs.map((r) => r.stdout + r.stderr),
  ...exits.map((e) => e.stderr),
  ...reports.map((r) => JSON.stringify(r.failures ?? []) + r.stderr),
  ...screens.map((s) => s.text),
];
const lockedSeen = texts.filter((t) => lockedPattern.test(t));
const statuses = {};
for (const r of reports) for (const [s, n] of Object.entries(r.statuses ?? {})) statuses[s] = (statuses[s] ?? 0) + n;
const failedReads = runs.filter((r) => r.code !== 0 || r.stderr !== '');
const lastScreen = (name) =>
  screens
    .filter((s) => s.name === name)
    .at(-1)
    ?.text.split('\n')
    .filter((l) => /range|sessions ·|Cost/.test(l))
    .slice(0, 3)
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .join(' / ') ?? '';

console.log(
  `concurrency: ${senderCount} exporter processes × ${perSender} requests to 2 receivers on one file, ${runs.length} reads, ${dashboards.length} dashboards`,
);
console.log(
  JSON.stringify(
    {
      requests: senderCount * perSender,
      statuses,
      requestsPerSecond: Math.round((senderCount * perSender) / sendSeconds),
      seconds: sendSeconds,
      reads: runs.length,
      failedReads: failedReads.length,
      dashboards: dashboards.map((name, i) => ({
        name,
        framesCaptured: screens.filter((s) => s.name === name).length,
        exit: tuiExits[i],
        lastScreen: lastScreen(name),
      })),
      lockedOrBusyMessagesSeen: lockedSeen.length,
      storedExactly: wrong.length === 0 && sameRows(totals, sum),
      rows: { events: totals.events, metricPoints: totals.points },
      integrity,
      serverExits: exits.map((e) => e.code),
    },
    null,
    2,
  ),
);
if (!hasTmux) console.log('(tmux not found: the dashboards were skipped)');
const isOk =
  statuses['200'] === senderCount * perSender &&
  failedReads.length === 0 &&
  lockedSeen.length === 0 &&
  wrong.length === 0 &&
  sameRows(totals, sum) &&
  integrity === 'ok' &&
  exits.every((e) => e.code === 0) &&
  tuiExits.every((e) => e === '0');
if (!isOk) {
  console.error(
    'concurrency: FAILED',
    JSON.stringify(
      {
        failedReads: failedReads.slice(0, 3),
        lockedSeen: lockedSeen.slice(0, 3).map((t) => t.slice(0, 300)),
        failures: reports.flatMap((r) => r.failures ?? []).slice(0, 5),
        wrong: wrong.slice(0, 5),
      },
      null,
      2,
    ),
  );
  process.exit(1);
}
fs.rmSync(dir, { recursive: true, force: true });
console.log('concurrency: ok\n');
