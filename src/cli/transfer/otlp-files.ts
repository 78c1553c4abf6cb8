// Finds OTLP requests in files: OTLP/JSON (one request per file, or JSON lines as the OpenTelemetry
// Collector's file exporter writes them), OTLP protobuf (one request per file), gzip of either.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Signal } from '../../otlp/types.js';
import type { BodyEncoding } from '../../receiver/responses.js';

export interface FileRequest {
  file: string;
  /** 1-based line for JSON lines files; 0 for a whole file. */
  line: number;
  signal: Signal;
  encoding: BodyEncoding;
  body: Buffer;
}

export interface Skipped {
  file: string;
  reason: string;
}

/** Every regular file under the given paths, in a stable order. */
export function listFiles(paths: readonly string[]): { files: string[]; skipped: Skipped[] } {
  const files: string[] = [];
  const skipped: Skipped[] = [];
  const visit = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (error) {
      skipped.push({ file: p, reason: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) visit(path.join(p, name));
    } else if (stat.isFile()) {
      files.push(p);
    }
  };
  for (const p of paths) visit(p);
  return { files, skipped };
}

const signalKeys: Record<string, Signal> = {
  resourceLogs: 'logs',
  resourceMetrics: 'metrics',
  resourceSpans: 'traces',
  resource_logs: 'logs',
  resource_metrics: 'metrics',
  resource_spans: 'traces',
};

/** The signal of an OTLP/JSON request, from its top-level key. */
function jsonSignal(value: unknown): Signal | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  for (const key of Object.keys(value)) {
    const signal = signalKeys[key];
    if (signal !== undefined) return signal;
  }
  return undefined;
}

/** Protobuf carries no signal of its own: the file name must say it (as `001-logs.pb` does). */
function nameSignal(file: string): Signal | undefined {
  const name = path.basename(file).toLowerCase();
  if (/(^|[^a-z])logs?([^a-z]|$)/.test(name)) return 'logs';
  if (/(^|[^a-z])metrics?([^a-z]|$)/.test(name)) return 'metrics';
  if (/(^|[^a-z])(traces?|spans?)([^a-z]|$)/.test(name)) return 'traces';
  return undefined;
}

export function readRequests(file: string, maxBytes: number, signalHint?: Signal): { requests: FileRequest[]; skipped: Skipped[] } {
  let bytes = fs.readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = zlib.gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (error) {
      return {
        requests: [],
        skipped: [{ file, reason: `not valid gzip, or over ${maxBytes} bytes unpacked: ${error instanceof Error ? error.message : String(error)}` }],
      };
    }
  }
  const text = looksLikeText(bytes) ? bytes.toString('utf8').trim() : null;
  if (text !== null && (text.startsWith('{') || text.startsWith('['))) return readJson(file, text);
  const signal = signalHint ?? nameSignal(file);
  if (signal === undefined)
    return { requests: [], skipped: [{ file, reason: 'protobuf (or unknown) content and the name does not say logs, metrics or traces; pass --signal' }] };
  return { requests: [{ file, line: 0, signal, encoding: 'protobuf', body: bytes }], skipped: [] };
}

function readJson(file: string, text: string): { requests: FileRequest[]; skipped: Skipped[] } {
  const whole = tryParse(text);
  if (whole.ok) {
    const signal = jsonSignal(whole.value);
    if (signal === undefined) return { requests: [], skipped: [{ file, reason: 'JSON without resourceLogs, resourceMetrics or resourceSpans' }] };
    return { requests: [{ file, line: 0, signal, encoding: 'json', body: Buffer.from(text) }], skipped: [] };
  }
  // JSON lines: one request per line.
  const requests: FileRequest[] = [];
  const skipped: Skipped[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const parsed = tryParse(line);
    const signal = parsed.ok ? jsonSignal(parsed.value) : undefined;
    if (signal === undefined) skipped.push({ file: `${file}:${i + 1}`, reason: parsed.ok ? 'not an OTLP request' : 'invalid JSON' });
    else requests.push({ file, line: i + 1, signal, encoding: 'json', body: Buffer.from(line) });
  });
  return { requests, skipped };
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Text if the first bytes hold no NUL and decode as UTF-8 (protobuf almost always has a NUL or high bytes early). */
function looksLikeText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 512);
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
    return true;
  } catch {
    return false;
  }
}
