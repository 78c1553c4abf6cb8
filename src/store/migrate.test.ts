import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, migrations, schemaVersion } from './migrate.js';
import { initialSchema } from './migrations/001-initial.js';
import { spanRows } from '../normalize/spans.js';
import type { Span, TracesRequest } from '../otlp/types.js';
import { openDatabase } from './open.js';
import { createSpanWriter } from './write-spans.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-test-'));
  file = path.join(dir, 't.db');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('migrations', () => {
  it('bring a new database to the current version', () => {
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    db.close();
  });

  it('are numbered 1, 2, 3… in the order they run, each in a file named for its number', () => {
    const files = fs
      .readdirSync(migrationsDir)
      .filter((f) => /^\d{3}-.*\.ts$/.test(f) && !f.endsWith('.test.ts'))
      .sort();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(files.map((f) => Number(f.slice(0, 3)))).toEqual(migrations.map((m) => m.version));
  });

  it('upgrade an older database in place, filling the new tables from its rows', () => {
    const raw = new Database(file);
    initialSchema.up(raw);
    raw.pragma('user_version = 1');
    raw
      .prepare(
        `INSERT INTO events (dedup_key, session_id, name, time_ms, cost_usd, input_tokens, query_source, raw_json, received_ms)
      VALUES ('k1', 's1', 'api_request', 1000, 0.25, 10, 'sdk', '{}', 0)`,
      )
      .run();
    raw.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'cumulative_anchors'").pluck().get()).toBe(1);
    expect(db.prepare('SELECT session_id, api_requests, cost_usd, input_tokens FROM session_stats').get()).toEqual({
      session_id: 's1',
      api_requests: 1,
      cost_usd: 0.25,
      input_tokens: 10,
    });
    expect(db.prepare('SELECT query_class FROM events').pluck().get()).toBe('main');
    db.close();
  });

  it('decode the trace requests versions 1-9 stored into spans, by the rules and readings a new span gets', () => {
    const span = (spanId: string, extra: Partial<Span> = {}): Omit<Span, 'kind' | 'events' | 'status'> => ({
      traceId: 'dba2bb3fde93e088a0360b8987e41852',
      spanId,
      parentSpanId: '48840241c4696790',
      name: 'claude_code.llm_request',
      startTimeUnixNano: '1795996263271000000',
      endTimeUnixNano: '1795996263378792665',
      attributes: { 'session.id': 's1' },
      ...extra,
    });
    const odd = {
      'gen_ai.conversation.id': 'agent-1',
      ttft_ms: ' 58',
      attempt: 2.5,
      success: 'TRUE ',
      request_id: 12345,
      model: true,
      decision: '',
      tool_name: ['a', 1],
      input_tokens: '1007',
      output_tokens: 51.0,
      cache_read_tokens: -3,
      'gen_ai.tool.call.id': 'toolu_1',
    };
    const spans = [
      span('faf63e71c4184aab', { attributes: { 'session.id': 's1', 'span.type': 'llm_request', duration_ms: 107, success: false, attempt: '1' } }),
      span('bf9fdb76d7f906ff', { parentSpanId: '', name: 'claude_code.interaction', attributes: odd }),
      span('0000000000000000'),
      span('db2b4c3d8162fe28', { endTimeUnixNano: '5' }),
      span('8ab4b7ce55c33028', { parentSpanId: '0000000000000000', startTimeUnixNano: '0' }),
      span('faf63e71c4184aab', { name: 'a second copy: the first stays' }),
    ];
    const old = {
      resourceSpans: [
        {
          resource: { attributes: { 'session.id': 'from-resource' } },
          scopeSpans: [{ scope: { name: 'com.anthropic.claude_code.tracing', version: '1.0.0', attributes: {} }, spans }],
        },
      ],
    };
    const raw = new Database(file);
    migrate(raw, { readonly: false, toVersion: 9 });
    raw
      .prepare('INSERT INTO trace_requests (body_sha256, spans_json, span_count, received_ms) VALUES (?, ?, ?, ?)')
      .run('sha', JSON.stringify(old), spans.length, 1000);
    raw.close();
    const upgraded = openDatabase(file);
    const fresh = openDatabase(path.join(dir, 'fresh.db'));
    const live: TracesRequest = {
      resourceSpans: old.resourceSpans.map((rs) => ({
        ...rs,
        scopeSpans: rs.scopeSpans.map((ss) => ({ ...ss, spans: ss.spans.map((s) => ({ ...s, kind: 0, events: [], status: { code: 0, message: '' } })) })),
      })),
    };
    const { rows, rejected } = spanRows(live);
    createSpanWriter(fresh)(rows, 1000);
    const columns = (db: typeof fresh) =>
      db
        .prepare('SELECT * FROM spans ORDER BY id')
        .all()
        .map((r) => ({ ...(r as Record<string, unknown>), raw_json: null }));
    expect(rejected).toBe(3);
    expect(columns(upgraded)).toEqual(columns(fresh));
    expect(columns(upgraded)).toHaveLength(2);
    expect(upgraded.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'trace_requests'").pluck().get()).toBe(0);
    upgraded.close();
    fresh.close();
  });

  it('stop at the version asked for', () => {
    const raw = new Database(file);
    migrate(raw, { readonly: false, toVersion: 2 });
    expect(raw.pragma('user_version', { simple: true })).toBe(2);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()).toEqual([
      'cumulative_anchors',
      'events',
      'metric_points',
      'metric_series',
      'trace_requests',
    ]);
    raw.close();
  });

  it('leave a whole version behind when one fails: its changes roll back with its user_version', () => {
    const raw = new Database(file);
    migrate(raw, { readonly: false, toVersion: 2 });
    // Migration 3 adds a column to events first, then fails on a table that is already there.
    raw.exec('CREATE TABLE session_models (x)');
    expect(() => migrate(raw, { readonly: false })).toThrow(/session_models already exists/);
    expect(raw.pragma('user_version', { simple: true })).toBe(2);
    expect(raw.prepare("SELECT COUNT(*) FROM pragma_table_xinfo('events') WHERE name = 'query_class'").pluck().get()).toBe(0);
    raw.close();
  });

  it('upgrade an older database for a read-only open too', () => {
    const raw = new Database(file);
    initialSchema.up(raw);
    raw.pragma('user_version = 1');
    raw.close();
    const db = openDatabase(file, { readonly: true });
    expect([db.readonly, db.pragma('user_version', { simple: true })]).toEqual([true, schemaVersion]);
    db.close();
  });

  it('refuse a database newer than the code', () => {
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${schemaVersion + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer than this claude-otel-tui/);
  });
});

// A shipped migration must do forever what it did when it shipped. Live code (rollups.ts, the
// writers, read models) changes with the product, so a migration that calls it changes history: an
// upgrade from an old version would run today's code against yesterday's tables. From outside
// migrations/ a migration may import types, and constants whose value is a literal.
const migrationsDir = path.join(import.meta.dirname, 'migrations');

function unwrap(node: ts.Expression): ts.Expression {
  return ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node) ? unwrap(node.expression) : node;
}

function isLiteral(node: ts.Expression): boolean {
  const e = unwrap(node);
  return (
    ts.isStringLiteral(e) ||
    ts.isNoSubstitutionTemplateLiteral(e) ||
    ts.isNumericLiteral(e) ||
    ts.isBigIntLiteral(e) ||
    e.kind === ts.SyntaxKind.TrueKeyword ||
    e.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isPrefixUnaryExpression(e) && ts.isNumericLiteral(e.operand))
  );
}

function parse(tsFile: string): ts.SourceFile {
  return ts.createSourceFile(tsFile, fs.readFileSync(tsFile, 'utf8'), ts.ScriptTarget.Latest, true);
}

/** Names a module exports as `export const name = <literal>`. */
function literalConstants(tsFile: string): Set<string> {
  const names = new Set<string>();
  if (!fs.existsSync(tsFile)) return names;
  for (const s of parse(tsFile).statements) {
    const isExported = ts.isVariableStatement(s) && s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!isExported || !(s.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of s.declarationList.declarations)
      if (ts.isIdentifier(d.name) && d.initializer !== undefined && isLiteral(d.initializer)) names.add(d.name.text);
  }
  return names;
}

/** Every import of `tsFile` that brings in code from outside `dir`, as "what ← where". */
function liveImports(tsFile: string, dir: string): string[] {
  const found: string[] = [];
  const target = (specifier: string) => (specifier.startsWith('.') ? path.resolve(path.dirname(tsFile), specifier).replace(/\.js$/, '.ts') : specifier);
  const isInside = (t: string) => t.startsWith(dir + path.sep);
  const checkNames = (elements: readonly (ts.ImportSpecifier | ts.ExportSpecifier)[], t: string, specifier: string) => {
    const constants = literalConstants(t);
    for (const e of elements) {
      const name = (e.propertyName ?? e.name).text;
      if (!e.isTypeOnly && !constants.has(name)) found.push(`${name} ← ${specifier}`);
    }
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      const specifier = node.moduleSpecifier.text;
      const t = target(specifier);
      if (!isInside(t)) {
        if (ts.isImportDeclaration(node)) {
          const clause = node.importClause;
          if (clause === undefined) found.push(`(side effects) ← ${specifier}`);
          else if (!clause.isTypeOnly) {
            if (clause.name !== undefined) found.push(`default ← ${specifier}`);
            const bindings = clause.namedBindings;
            if (bindings !== undefined && ts.isNamespaceImport(bindings)) found.push(`* ← ${specifier}`);
            if (bindings !== undefined && ts.isNamedImports(bindings)) checkNames(bindings.elements, t, specifier);
          }
        } else if (!node.isTypeOnly) {
          if (node.exportClause === undefined || !ts.isNamedExports(node.exportClause)) found.push(`* ← ${specifier}`);
          else checkNames(node.exportClause.elements, t, specifier);
        }
      }
    }
    if (ts.isImportEqualsDeclaration(node)) found.push(`${node.name.text} ← import =`);
    if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    ) {
      found.push(`${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(tsFile));
  return found;
}

describe('migrations are frozen', () => {
  const files = fs.readdirSync(migrationsDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

  it('finds the migration files it checks', () => {
    expect(files.length).toBeGreaterThanOrEqual(schemaVersion);
  });

  it.each(files)('%s imports only types and literal constants from outside migrations/', (name) => {
    expect(liveImports(path.join(migrationsDir, name), migrationsDir)).toEqual([]);
  });

  it('the check flags every way of bringing in live code, and lets types and literal constants through', () => {
    fs.mkdirSync(path.join(dir, 'migrations'));
    fs.writeFileSync(
      path.join(dir, 'live.ts'),
      "export const metricName = 'claude_code.cost.usage';\nexport const hour = 3_600_000 as const;\nexport const sql = `SELECT ${metricName}`;\nexport function rebuild() {}\nexport type Db = object;\n",
    );
    fs.writeFileSync(path.join(dir, 'migrations', 'shared.ts'), 'export function frozenHelper() {}\n');
    const migration = path.join(dir, 'migrations', '009-x.ts');
    fs.writeFileSync(
      migration,
      [
        "import type { Db } from '../live.js';",
        "import { type Db as D2, metricName, hour } from '../live.js';",
        "import { frozenHelper } from './shared.js';",
        "import { rebuild, sql } from '../live.js';",
        "import * as live from '../live.js';",
        "import Database from 'better-sqlite3';",
        "import '../live.js';",
        "export { rebuild as again } from '../live.js';",
        "const later = () => import('../live.js');",
      ].join('\n'),
    );
    expect(liveImports(migration, path.join(dir, 'migrations'))).toEqual([
      'rebuild ← ../live.js',
      'sql ← ../live.js',
      '* ← ../live.js',
      'default ← better-sqlite3',
      '(side effects) ← ../live.js',
      'rebuild ← ../live.js',
      "import('../live.js')",
    ]);
  });
});
