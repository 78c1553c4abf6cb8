// Durability under SIGKILL: exporters send distinct real requests continuously, each retried until it
// gets a 200 (as OTLP exporters do); `serve` is killed with SIGKILL at random moments and restarted
// on the same port. Afterwards every acknowledged request's rows are in the database, the totals are
// exactly the sum over distinct requests (retries counted nothing twice), and the file passed
// `PRAGMA integrity_check` after every kill.
//   node stress/durability.mjs [--kills 50] [--clients 4] [--seed 1]
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { rng } from './lib/bad-requests.mjs';
import { freePort, startServe } from './lib/processes.mjs';
import { addRows, distinctRequest, expectedPerTemplate, loadTemplates, noRows, rowsOf, sameRows, totalsOf } from './lib/requests.mjs';

const { values: args } = parseArgs({
  options: { kills: { type: 'string', default: '50' }, clients: { type: 'string', default: '4' }, seed: { type: 'string', default: '1' } },
});
const kills = Number(args.kills);
const clientCount = Number(args.clients);
const random = rng(Number(args.seed));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const templates = loadTemplates();
const expected = expectedPerTemplate(templates);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stress-durability-'));
const db = path.join(dir, 'telemetry.db');
const port = await freePort();
const url = `http://127.0.0.1:${port}`;

const stats = { attempts: 0, acked: 0, inFlight: 0, failures: { refused: 0, reset: 0, status503: 0, timeout: 0 } };
const acked = new Map(); // sessionId -> template index
let isRunning = true;

function failureKind(error) {
  const code = error?.code;
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'TIMEOUT') return 'timeout';
  return `other (${code ?? error?.message})`;
}

// node:http with a keep-alive agent, as the OpenTelemetry exporters send. (Node 20's fetch can
// hang until its timeout when the server dies between connecting and answering.)
const agent = new http.Agent({ keepAlive: true });
function post(req) {
  return new Promise((resolve, reject) => {
    const { hostname, port: p } = new URL(url);
    const request = http.request(
      { host: hostname, port: p, path: req.path, method: 'POST', agent, timeout: 10_000, headers: { ...req.headers, 'content-length': req.body.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
        res.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error('no answer in 10 s'), { code: 'TIMEOUT' })));
    request.on('error', reject);
    request.end(req.body);
  });
}

/** One exporter: distinct requests one after another, each retried until it gets a 200. */
async function client(n) {
  for (let k = 0; isRunning; k += 1) {
    const t = (n * 7 + k) % templates.length;
    const sessionId = `durability-${n}-${k}`;
    const req = distinctRequest(templates[t], sessionId);
    for (;;) {
      stats.attempts += 1;
      stats.inFlight += 1;
      try {
        const status = await post(req);
        if (status === 200) break;
        if (status !== 503) throw new Error(`unexpected status ${status} for ${sessionId}`);
        stats.failures.status503 += 1;
      } catch (error) {
        if (String(error?.message).startsWith('unexpected status')) throw error;
        const kind = failureKind(error);
        stats.failures[kind] = (stats.failures[kind] ?? 0) + 1;
      } finally {
        stats.inFlight -= 1;
      }
      // Exporters back off before retrying; the server may be down for a few hundred ms.
      await sleep(5 + random() * 20);
    }
    acked.set(sessionId, t);
    stats.acked += 1;
  }
}

function integrityCheck() {
  const file = new Database(db);
  const result = file.pragma('integrity_check', { simple: true });
  file.close();
  return result;
}

const startedMs = Date.now();
const stderrs = [];
let serve = startServe({ port, db, args: ['-v'] });
serve.ready.catch(() => undefined);
await serve.ready;
const clients = Array.from({ length: clientCount }, (_, n) => client(n));
const killLog = [];
for (let kill = 0; kill < kills; kill += 1) {
  // Most kills land while requests flow; one in four is timed from the spawn, so some hit start-up.
  const duringStartup = random() < 0.25;
  if (duringStartup) await sleep(random() * 400);
  else {
    await serve.ready.catch(() => undefined);
    await sleep(random() * 500);
  }
  const ackedBefore = stats.acked;
  const inFlight = stats.inFlight;
  const wasListening = /receiving OTLP/.test(serve.out.stdout);
  serve.child.kill('SIGKILL');
  const exit = await serve.exited;
  stderrs.push(exit.stderr);
  const integrity = integrityCheck();
  killLog.push({ kill: kill + 1, signal: exit.signal, wasListening, inFlight, ackedSoFar: ackedBefore, integrity });
  if (integrity !== 'ok' || exit.signal !== 'SIGKILL') {
    console.error(`kill ${kill + 1}: ${exit.signal ?? exit.code}, integrity_check: ${integrity}`);
    process.exit(1);
  }
  serve = startServe({ port, db, args: ['-v'] });
  serve.ready.catch(() => undefined);
}
await serve.ready;
isRunning = false;
await Promise.all(clients);
serve.child.kill('SIGTERM');
const last = await serve.exited;
stderrs.push(last.stderr);
const elapsedS = (Date.now() - startedMs) / 1000;

// Verify: every acknowledged request's rows, the totals, the file.
const file = new Database(db, { readonly: true });
const missing = [];
let sum = noRows;
for (const [sessionId, t] of acked) {
  const rows = rowsOf(file, sessionId);
  if (!sameRows(rows, expected[t])) missing.push({ sessionId, template: templates[t].name, stored: rows, expected: expected[t] });
  sum = addRows(sum, expected[t]);
}
const totals = totalsOf(file);
file.close();
const finalIntegrity = integrityCheck();

// With -v, each request logs "<signal>: N new, M already stored": a retry of a request that was
// committed just before the kill (its answer lost) shows as 0 new.
const logLines = stderrs
  .join('')
  .split('\n')
  .filter((l) => /^(logs|metrics|traces): \d+ new/.test(l));
const replays = logLines.filter((l) => /: 0 new, [1-9]\d* already stored/.test(l)).length;

const figures = {
  kills: killLog.length,
  killsWhileListening: killLog.filter((k) => k.wasListening).length,
  killsDuringStartup: killLog.filter((k) => !k.wasListening).length,
  killsWithRequestsInFlight: killLog.filter((k) => k.inFlight > 0).length,
  integrityOkAfterEveryKill: killLog.every((k) => k.integrity === 'ok'),
  requestsAcknowledged: acked.size,
  requestsStoredExactly: acked.size - missing.length,
  attempts: stats.attempts,
  retries: stats.attempts - acked.size,
  retryCauses: stats.failures,
  retriesWhoseDataWasAlreadyCommitted: replays,
  rowsStored: { events: totals.events, metricPoints: totals.points },
  rowsExpected: { events: sum.events, metricPoints: sum.points },
  totalsMatch: sameRows(totals, sum),
  finalIntegrity,
  finalExit: last.code,
  elapsedS,
};
console.log('durability (SIGKILL while exporters send)');
console.log(JSON.stringify(figures, null, 2));
const isOk = missing.length === 0 && figures.totalsMatch && finalIntegrity === 'ok' && last.code === 0 && figures.integrityOkAfterEveryKill;
if (!isOk) {
  console.error('FAILED', JSON.stringify(missing.slice(0, 5), null, 2), JSON.stringify({ totals, sum }));
  process.exit(1);
}
fs.rmSync(dir, { recursive: true, force: true });
console.log('durability: ok\n');
