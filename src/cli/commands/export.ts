import fs from 'node:fs';
import { UserError } from '../../errors.js';
import { openDatabase } from '../../store/open.js';
import { exportEvents, exportPoints, exportSpans, type EventExportRow, type ExportQuery, type PointExportRow } from '../../store/read/export-rows.js';
import { sessions } from '../../store/read/sessions.js';
import { toCsv } from '../../present/export/csv.js';
import { sessionsCsv } from '../../present/export/sessions-csv.js';
import { databasePath } from '../paths.js';
import { parseSince } from '../since.js';
import { logsRequest, metricsRequest, tracesRequest } from '../transfer/to-otlp-json.js';
import { jsonText } from '../../present/sanitize.js';
import { printData, printErr } from '../format/print.js';

export interface ExportOptions {
  format: string;
  what?: string;
  since?: string;
  session?: string;
  out?: string;
  db?: string;
}

const formats = ['csv', 'json', 'otlp-json'] as const;
const kinds = ['sessions', 'events', 'points'] as const;
type Kind = (typeof kinds)[number];

/** Requests of at most this many records: the exporters' default batch size. */
const batchSize = 512;

export function exportCommand(options: ExportOptions, nowMs = Date.now()): void {
  if (!formats.includes(options.format as (typeof formats)[number]))
    throw new UserError(`--format ${options.format} is not one of ${formats.join(', ')}`, undefined, 2);
  const what = (options.what ?? 'sessions') as Kind;
  if (!kinds.includes(what)) throw new UserError(`--what ${options.what} is not one of ${kinds.join(', ')}`, undefined, 2);
  const sinceMs = parseSince(options.since, nowMs);
  const query: ExportQuery = { ...(sinceMs === undefined ? {} : { sinceMs }), ...(options.session ? { sessionId: options.session } : {}) };
  const db = openDatabase(databasePath(options.db), { readonly: true });
  // CSV cells are plain text (csv.ts) and JSON is escaped (jsonText), so a file holds the same bytes
  // that print on a terminal.
  const file = options.out ? fs.createWriteStream(options.out) : undefined;
  const write = (text: string) => (file === undefined ? printData(text) : file.write(text));
  let count = 0;
  try {
    if (options.format === 'otlp-json') {
      // JSON lines, one OTLP request per line, as the Collector's file exporter writes them.
      for (const batch of batches(exportEvents(db, query))) {
        write(`${jsonText(logsRequest(batch))}\n`);
        count += batch.length;
      }
      for (const batch of batches(exportPoints(db, query))) {
        write(`${jsonText(metricsRequest(batch))}\n`);
        count += batch.length;
      }
      for (const batch of batches(exportSpans(db, query))) {
        write(`${jsonText(tracesRequest(batch))}\n`);
        count += batch.length;
      }
    } else if (what === 'sessions') {
      const rows = sessions(db, sinceMs === undefined ? {} : { sinceMs }).filter((r) => !options.session || r.sessionId === options.session);
      write(options.format === 'csv' ? sessionsCsv(rows) : `${jsonText(rows, 2)}\n`);
      count = rows.length;
    } else {
      const rows = what === 'events' ? [...exportEvents(db, query)].map(eventRecord) : [...exportPoints(db, query)].map(pointRecord);
      count = rows.length;
      write(
        options.format === 'csv'
          ? toCsv(
              Object.keys(rows[0] ?? {}),
              rows.map((r) => Object.values(r)),
            )
          : `${jsonText(rows, 2)}\n`,
      );
    }
  } finally {
    db.close();
  }
  if (file !== undefined) {
    file.end();
    printErr(`wrote ${count} ${options.format === 'otlp-json' ? 'records' : what} to ${options.out}\n`);
  }
}

function* batches<T>(rows: Iterable<T>): Generator<T[]> {
  let batch: T[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function eventRecord(r: EventExportRow) {
  const { rawJson, timeMs, isSuccess, ...rest } = r;
  return {
    time: new Date(timeMs).toISOString(),
    ...rest,
    success: isSuccess === null ? null : isSuccess === 1,
    attributes: JSON.stringify((JSON.parse(rawJson) as { attributes?: unknown }).attributes ?? {}),
  };
}

function pointRecord(r: PointExportRow) {
  return {
    metric: r.name,
    unit: r.unit,
    sessionId: r.sessionId,
    start: nanosIso(r.startNs),
    end: nanosIso(r.endNs),
    temporality: r.temporality === 2 ? 'cumulative' : r.temporality === 1 ? 'delta' : 'unspecified',
    value: r.value,
    delta: r.delta,
    attributes: r.attributesJson,
  };
}

function nanosIso(ns: bigint): string {
  return new Date(Number(ns / 1_000_000n)).toISOString();
}
