// Resource bounds under hostile clients, against one `serve` with its default limits:
// 1. `--uploads` connections at once each declare a `--mib` MiB body (valid OTLP/JSON: a real capture
//    padded with whitespace) and send it slowly, within the 30 s request timeout; a hostile client,
//    it keeps sending after any early answer. Reports the server's peak RSS and what each got.
// 2. Under `ulimit -n --fd-limit`, `--idle` keep-alive connections are opened and left idle, then a
//    valid request must still get 200.
// Meanwhile a small valid request every 500 ms must get 200. Exits 1 if any small one fails.
//   node stress/slow-uploads.mjs [--uploads 100] [--mib 15] [--seconds 20] [--idle 300] [--fd-limit 256] [--cli dist/claude-otel-tui.mjs]
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, memoryOf, startServe } from './lib/processes.mjs';
import { cliPath, distinctRequest, loadTemplates } from './lib/requests.mjs';

const { values: args } = parseArgs({
  options: {
    uploads: { type: 'string', default: '100' },
    mib: { type: 'string', default: '15' },
    seconds: { type: 'string', default: '20' },
    idle: { type: 'string', default: '300' },
    'fd-limit': { type: 'string', default: '256' },
    cli: { type: 'string', default: cliPath },
  },
});
const uploads = Number(args.uploads);
const bodyBytes = Math.round(Number(args.mib) * 1024 * 1024);
const pieceBytes = 256 * 1024;
const pieces = Math.ceil(bodyBytes / pieceBytes);
const pieceEveryMs = (Number(args.seconds) * 1000) / pieces;
const jsonLogs = loadTemplates().find((t) => t.format === 'json' && !t.isGzip && t.signal === 'logs');
// One buffer of spaces shared by every upload: the client's own memory stays small.
const spaces = Buffer.alloc(bodyBytes, 0x20);

/** Sends head + body slowly on its own connection; resolves with the status it got (0: none) and when. */
function slowUpload(url, i) {
  const { hostname, port } = new URL(url);
  const start = distinctRequest(jsonLogs, `slow-upload-${i}`).body;
  const body = Buffer.concat([start, spaces.subarray(0, bodyBytes - start.length)]);
  const startedMs = Date.now();
  return new Promise((resolve) => {
    let data = '';
    let answeredMs = null;
    let sent = 0;
    let timer;
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(`POST /v1/logs HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`);
      const next = () => {
        if (sent >= body.length || socket.destroyed) return;
        socket.write(body.subarray(sent, sent + pieceBytes));
        sent += pieceBytes;
        timer = setTimeout(next, pieceEveryMs);
      };
      next();
    });
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => {
      data += chunk;
      answeredMs ??= Date.now() - startedMs;
      if (/\r\n\r\n[^]*\}$/.test(data) && sent >= body.length) socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0), answeredMs, retryAfter: /\r\nretry-after: (\S+)/i.exec(data)?.[1] ?? null });
    });
  });
}

/** A small valid request every 500 ms until stopped; each one's status and time to answer. */
function smallRequests(url) {
  const results = [];
  let n = 0;
  let isStopped = false;
  const agent = new http.Agent({ keepAlive: true });
  const loop = (async () => {
    while (!isStopped) {
      const request = distinctRequest(jsonLogs, `small-${n++}`);
      const startedMs = Date.now();
      const status = await new Promise((resolve) => {
        const req = http.request(
          `${url}/v1/logs`,
          { method: 'POST', agent, headers: { ...request.headers, 'content-length': request.body.length }, timeout: 10_000 },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode));
          },
        );
        req.on('timeout', () => req.destroy());
        req.on('error', (error) => resolve(error.code ?? 'error'));
        req.end(request.body);
      });
      results.push({ status, ms: Date.now() - startedMs });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    agent.destroy();
  })();
  return { results, stop: async () => ((isStopped = true), await loop) };
}

function summary(values) {
  const counts = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return JSON.stringify(counts);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stress-slow-uploads-'));
let failed = false;

// 1. Slow uploads.
{
  const serve = startServe({ port: await freePort(), db: path.join(dir, 'uploads.db'), cli: args.cli });
  const url = await serve.ready;
  const startRss = await memoryOf(serve.child.pid);
  const small = smallRequests(url);
  const startedMs = Date.now();
  const answers = await Promise.all(Array.from({ length: uploads }, (_, i) => slowUpload(url, i)));
  await small.stop();
  const memory = await memoryOf(serve.child.pid);
  serve.child.kill('SIGTERM');
  const exit = await serve.exited;
  const refused = answers.filter((a) => a.status === 503);
  const smallMs = small.results.map((r) => r.ms).sort((a, b) => a - b);
  console.log(
    `slow uploads: ${uploads} × ${args.mib} MiB, each sent over ~${args.seconds} s (${((Date.now() - startedMs) / 1000).toFixed(1)} s in all), ${args.cli}`,
  );
  const refusedAfter =
    refused.length === 0
      ? 'no 503s'
      : `503s answered after ${Math.min(...refused.map((a) => a.answeredMs))}–${Math.max(...refused.map((a) => a.answeredMs))} ms, Retry-After ${summary(refused.map((a) => a.retryAfter))}`;
  console.log(`  statuses: ${summary(answers.map((a) => a.status))}; ${refusedAfter}`);
  console.log(
    `  small requests meanwhile: ${summary(small.results.map((r) => r.status))}; median ${smallMs[smallMs.length >> 1]} ms, max ${smallMs.at(-1)} ms`,
  );
  console.log(
    `  server memory: start ${startRss.rssMiB.toFixed(0)} MiB, peak RSS (VmHWM) ${memory.peakMiB.toFixed(0)} MiB, end ${memory.rssMiB.toFixed(0)} MiB; exit ${exit.code}`,
  );
  if (small.results.some((r) => r.status !== 200) || exit.code !== 0) failed = true;
}

// 2. Idle keep-alive connections under a small open-files limit.
{
  const serve = startServe({ port: await freePort(), db: path.join(dir, 'idle.db'), cli: args.cli, shellPrefix: `ulimit -n ${args['fd-limit']};` });
  const url = await serve.ready;
  const { hostname, port } = new URL(url);
  const sockets = await Promise.all(
    Array.from(
      { length: Number(args.idle) },
      () =>
        new Promise((resolve) => {
          const socket = net.connect(Number(port), hostname, () => socket.write(`GET / HTTP/1.1\r\nhost: ${hostname}:${port}\r\n\r\n`));
          socket.once('data', () => resolve(socket));
          socket.on('error', () => resolve(socket));
          socket.once('close', () => resolve(socket));
        }),
    ),
  );
  const stillOpen = sockets.filter((s) => !s.destroyed).length;
  const fds = fs.readdirSync(`/proc/${serve.child.pid}/fd`).length;
  const small = smallRequests(url);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await small.stop();
  for (const s of sockets) s.destroy();
  serve.child.kill('SIGTERM');
  const exit = await serve.exited;
  console.log(`idle keep-alive connections: ${args.idle} opened under ulimit -n ${args['fd-limit']}: ${stillOpen} still open, server holds ${fds} fds`);
  console.log(
    `  small requests meanwhile: ${summary(small.results.map((r) => r.status))}; exit ${exit.code}${exit.stderr.trim() ? `; stderr: ${exit.stderr.trim().split('\n').slice(0, 2).join(' | ')}` : ''}`,
  );
  if (small.results.some((r) => r.status !== 200) || exit.code !== 0) failed = true;
}

fs.rmSync(dir, { recursive: true, force: true });
if (failed) {
  console.error('slow-uploads: FAILED');
  process.exit(1);
}
console.log('slow-uploads: ok\n');
