// A real Claude Code capture (protobuf request bodies, as they came off the wire) moved in time and,
// optionally, given another session id: the same turn's telemetry, at a time a test chooses, as
// many times as it likes. Only times and the session id change; every other byte decodes the same.
import fs from 'node:fs';
import path from 'node:path';
import { otlpRoot } from '../../src/otlp/proto/schema-root.js';
import { post } from './temp-store.js';

export interface CaptureFile {
  path: string;
  signal: 'logs' | 'metrics';
  headers: Record<string, string>;
  body: Buffer;
}

const types = {
  logs: otlpRoot.lookupType('otlp.ExportLogsServiceRequest'),
  metrics: otlpRoot.lookupType('otlp.ExportMetricsServiceRequest'),
};

/** The protobuf request bodies of a capture folder, in the order they were sent. */
export function captureFiles(dir: string): CaptureFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}-(logs|metrics)\.pb$/.test(f))
    .sort()
    .map((file) => {
      const meta = JSON.parse(fs.readFileSync(path.join(dir, file.replace(/\.pb$/, '.meta.json')), 'utf8')) as {
        path: string;
        headers: Record<string, string>;
      };
      return {
        path: meta.path,
        signal: file.includes('-logs.') ? 'logs' : 'metrics',
        headers: { 'content-type': meta.headers['content-type'] ?? '' },
        body: fs.readFileSync(path.join(dir, file)),
      };
    });
}

const timeKeys = new Set(['timeUnixNano', 'startTimeUnixNano', 'observedTimeUnixNano']);

function rewrite(value: unknown, shiftNs: bigint, shiftMs: number, sessionId: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, shiftNs, shiftMs, sessionId));
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || value instanceof Uint8Array) return value;
  const o = value as Record<string, unknown>;
  // An attribute: { key, value: { stringValue } }.
  if (typeof o['key'] === 'string' && typeof o['value'] === 'object' && o['value'] !== null) {
    const v = o['value'] as Record<string, unknown>;
    if (o['key'] === 'session.id' && sessionId !== undefined) return { ...o, value: { ...v, stringValue: sessionId } };
    if (o['key'] === 'event.timestamp' && typeof v['stringValue'] === 'string')
      return { ...o, value: { ...v, stringValue: new Date(Date.parse(v['stringValue']) + shiftMs).toISOString() } };
  }
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => [
      k,
      timeKeys.has(k) && typeof v === 'string' && v !== '0' ? String(BigInt(v) + shiftNs) : rewrite(v, shiftNs, shiftMs, sessionId),
    ]),
  );
}

/** The capture's bodies with every time moved by shiftMs, and its session id replaced when given. */
export function rebased(files: readonly CaptureFile[], shiftMs: number, sessionId?: string): CaptureFile[] {
  return files.map((f) => {
    const type = types[f.signal];
    const plain = type.toObject(type.decode(f.body), { longs: String, enums: Number, bytes: Buffer });
    const body = Buffer.from(
      type.encode(type.fromObject(rewrite(plain, BigInt(shiftMs) * 1_000_000n, shiftMs, sessionId) as Record<string, unknown>)).finish(),
    );
    return { ...f, body };
  });
}

/** Sends bodies through the receiver, as Claude Code's exporter would; fails on anything but 200. */
export async function deliver(url: string, files: readonly CaptureFile[]): Promise<void> {
  for (const f of files) {
    const res = await post(`${url}${f.path}`, f.body, f.headers);
    if (res.status !== 200) throw new Error(`${f.path} answered ${res.status}`);
  }
}
