// Every machine in one view, with no server: three receivers on separate databases, each fed other
// real captures, share one folder through the `sync` command; every database ends with the same
// sessions and figures, each session with the machine it ran on. Then what a user does to the
// folder: a torn segment (status says so), deleting the folder (local data stays).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedRequests } from './helpers/captures.js';
import { runCli } from './helpers/cli.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';
import { sessionIdOf } from './helpers/transcripts.js';

const casesOf = {
  alpha: ['json-delta-edit', 'proto-delta-tools'],
  beta: ['proto-gzip-cumulative-mixed', 'json-gzip-redacted-haiku'],
  gamma: ['proto-delta-error', 'proto-delta-fail', 'interactive-statusline'],
} as const;
type Name = keyof typeof casesOf;
const names = Object.keys(casesOf) as Name[];

const receivers = {} as Record<Name, TempReceiver>;
let reference: TempReceiver;
let folder: string;

async function deliver(store: TempReceiver, cases: readonly string[]) {
  for (const c of cases) for (const r of capturedRequests(c)) expect((await post(`${store.receiver.url}${r.path}`, r.body, r.headers)).status).toBe(200);
}

const cli = async (args: string[]) => {
  const run = await runCli(args);
  expect(run.stderr).toBe('');
  return run.stdout;
};
const sync = async (name: Name) =>
  JSON.parse(await cli(['sync', folder, '--machine', name, '--json', '--db', receivers[name].dbPath])) as {
    exported: { segments: string[]; records: number };
    imported: { segments: number; stored: number; alreadyStored: number; machines: string[] };
  };
const sessionsOf = async (db: string) => JSON.parse(await cli(['sessions', '--json', '--db', db])) as Array<{ sessionId: string; machine: string | null }>;
/** Floats rounded far below a cent: sums added in another order may differ in the last bit. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Math.round(value * 1e9) / 1e9;
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}
/** Without `today`: its hours until midnight move with the clock between runs. */
const summaryOf = async (db: string, ...args: string[]) => {
  const { today: _today, ...rest } = JSON.parse(await cli(['summary', '--json', ...args, '--db', db])) as Record<string, unknown>;
  return rounded(rest) as Record<string, unknown>;
};
const withoutMachine = (rows: Array<{ machine: string | null }>) => rows.map(({ machine: _machine, ...rest }) => rest);

beforeAll(async () => {
  reference = await tempReceiver();
  folder = path.join(reference.dir, 'shared');
  fs.mkdirSync(folder);
  for (const name of names) {
    receivers[name] = await tempReceiver();
    await deliver(receivers[name], casesOf[name]);
    await deliver(reference, casesOf[name]);
  }
});
afterAll(async () => {
  for (const name of names) await receivers[name].stop();
  await reference.stop();
});

describe('sync', () => {
  it('brings every database to the same sessions and figures, each session with its machine', async () => {
    const first = await sync('alpha');
    expect(first.exported.segments).toEqual([expect.stringMatching(/^alpha\/\d{8}T\d{9}Z-[0-9a-f]{64}\.jsonl$/)]);
    expect(first.imported).toMatchObject({ segments: 0, machines: [] });
    expect((await sync('beta')).imported).toMatchObject({ segments: 1, machines: ['alpha'] });
    expect((await sync('gamma')).imported).toMatchObject({ segments: 2, machines: ['alpha', 'beta'] });
    // A second round: each reads what it has not seen, writes nothing new.
    const alpha = await sync('alpha');
    expect(alpha).toMatchObject({ exported: { segments: [], records: 0 }, imported: { segments: 2, machines: ['beta', 'gamma'] } });
    expect((await sync('beta')).imported).toMatchObject({ segments: 1, machines: ['alpha', 'gamma'] });
    expect((await sync('gamma')).imported).toMatchObject({ segments: 0, stored: 0 });

    const expected = withoutMachine(await sessionsOf(reference.dbPath));
    const machineOf = Object.fromEntries(names.flatMap((n) => casesOf[n].map((c) => [sessionIdOf(c), n])));
    for (const name of names) {
      const rows = await sessionsOf(receivers[name].dbPath);
      expect(withoutMachine(rows)).toEqual(expected);
      expect(Object.fromEntries(rows.map((r) => [r.sessionId, r.machine]))).toEqual(machineOf);
      expect(await summaryOf(receivers[name].dbPath)).toEqual(await summaryOf(reference.dbPath));
    }
  });

  it('summary --by machine: each machine its sessions, cost and tokens', async () => {
    const { groups } = (await summaryOf(receivers.beta.dbPath, '--by', 'machine')) as { groups: Array<{ key: string; sessions: number; costUsd: number }> };
    expect(groups.map((g) => [g.key, g.sessions])).toEqual([
      ['alpha', 2],
      ['gamma', 3],
      ['beta', 2],
    ]);
    const total = (await summaryOf(receivers.beta.dbPath)) as { costUsd: number };
    expect(groups.reduce((n, g) => n + g.costUsd, 0)).toBeCloseTo(total.costUsd, 9);
    const table = await cli(['summary', '--by', 'machine', '--db', receivers.beta.dbPath]);
    expect(table).toMatch(/^machine\s+Cost\s+Requests\s+Tokens\nalpha\s+\$0\.08\s+8\s+8,560\n/m);
  });

  it('sessions shows a Machine column, and --filter finds sessions by machine', async () => {
    const table = await cli(['sessions', '--db', receivers.gamma.dbPath]);
    expect(table).toMatch(/^Start\s+Session\s+Machine\s+Project/);
    expect(table.match(/ beta /g)).toHaveLength(2);
    const filtered = JSON.parse(await cli(['sessions', '--json', '--filter', 'gam', '--db', receivers.alpha.dbPath])) as Array<{ sessionId: string }>;
    expect(filtered.map((r) => r.sessionId).sort()).toEqual(casesOf.gamma.map(sessionIdOf).sort());
  });

  it('a torn segment is skipped and said in status, then read once it is whole', async () => {
    fs.mkdirSync(path.join(folder, 'delta'));
    // A machine "delta" whose segment holds one of alpha's own requests (as a copied folder would).
    const alphaSegment = fs.readdirSync(path.join(folder, 'alpha'))[0]!;
    const content = `${fs.readFileSync(path.join(folder, 'alpha', alphaSegment), 'utf8').split('\n')[0]!}\n`;
    const name = `20261125T150000000Z-${createHash('sha256').update(content).digest('hex')}.jsonl`;
    fs.writeFileSync(path.join(folder, 'delta', name), content.slice(0, 300));
    expect((await sync('alpha')).imported).toMatchObject({ segments: 0, skipped: [{ segment: `delta/${name}`, reason: expect.stringMatching(/^truncated/) }] });
    const status = JSON.parse(await cli(['status', '--json', '--port', '9', '--db', receivers.alpha.dbPath])) as { sync: unknown };
    expect(status.sync).toEqual({
      machine: 'alpha',
      folders: [
        {
          folder,
          lastExport: expect.any(String),
          lastImport: expect.any(String),
          written: { segments: 1, records: 54 },
          machines: [
            { machine: 'beta', segments: 1, records: 47, lastRead: expect.any(String) },
            { machine: 'gamma', segments: 1, records: expect.any(Number), lastRead: expect.any(String) },
          ],
          skipped: [
            { segment: `delta/${name}`, error: expect.stringMatching(/^truncated: the last line is incomplete \(300 bytes\)/), at: expect.any(String) },
          ],
        },
      ],
    });
    const plain = await cli(['status', '--port', '9', '--db', receivers.alpha.dbPath]);
    expect(plain).toContain(`sync      ${folder} as alpha: wrote 1 segments (54 records)`);
    expect(plain).toContain(`          skipped delta/${name}: truncated: the last line is incomplete (300 bytes); tried again when the file changes`);
    fs.writeFileSync(path.join(folder, 'delta', name), content);
    // Records alpha has already, its own: read, nothing stored twice, they stay alpha's.
    expect((await sync('alpha')).imported).toMatchObject({ segments: 1, stored: 0, alreadyStored: expect.any(Number), skipped: [] });
    expect(
      (await sessionsOf(receivers.alpha.dbPath))
        .filter((r) => r.machine !== 'alpha')
        .map((r) => r.machine)
        .sort(),
    ).toEqual(['beta', 'beta', 'gamma', 'gamma', 'gamma']);
    expect(JSON.parse(await cli(['status', '--json', '--port', '9', '--db', receivers.alpha.dbPath])).sync.folders[0].skipped).toEqual([]);
  });

  it('deleting the folder deletes nothing local; a new folder at its path gets everything again', async () => {
    const before = await sessionsOf(receivers.beta.dbPath);
    fs.rmSync(folder, { recursive: true });
    const missing = await runCli(['sync', folder, '--machine', 'beta', '--db', receivers.beta.dbPath]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `claude-otel-tui: sync folder ${folder} does not exist\n  create it (mkdir -p), or check that the share is mounted; local data is untouched\n`,
    );
    expect(await sessionsOf(receivers.beta.dbPath)).toEqual(before);
    fs.mkdirSync(folder);
    const again = await sync('beta');
    // Its own records only: what it has from alpha and gamma is theirs to write.
    expect(again.exported.records).toBe(47);
    // The same records make the same segment: alpha knows its content, and reads nothing.
    expect(await sessionsOf(receivers.beta.dbPath)).toEqual(before);
    const plain = await cli(['sync', folder, '--db', receivers.alpha.dbPath]);
    expect(plain).toBe(
      `sync ${folder} as alpha\n  wrote 1 segment (54 records); alpha/ was missing, so every record was written again\n  read 0 segments from beta: 0 records, 0 stored, 0 already stored; 1 copy of a segment read before\n`,
    );
  });
});
