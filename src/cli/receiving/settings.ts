// The receiving commands' flags (declared in flags.ts), checked and turned into the settings the
// receiving process starts from. Parsing happens before anything opens, so a wrong value is a usage
// error (exit 2) that leaves no database or port behind.
import { UserError } from '../../errors.js';
import { databasePath } from '../paths.js';
import type { ReceivingFlags } from './flags.js';
import { forwardSettings, type ForwardSettings } from './forward-options.js';

/** The flags, checked and in their units. */
export interface ReceivingSettings {
  dbPath: string;
  host: string;
  port: number;
  token: string | undefined;
  maxConnections: number | undefined;
  requestTimeoutMs: number | undefined;
  /** --keep-days; undefined keeps everything. */
  retentionDays: number | undefined;
  /** false with --no-transcripts. */
  isReadingTranscripts: boolean;
  /** undefined without --forward (nor CLAUDE_OTEL_TUI_FORWARD). */
  forwarding: ForwardSettings | undefined;
}

export function receivingSettings(flags: ReceivingFlags, env: NodeJS.ProcessEnv = process.env): ReceivingSettings {
  return {
    dbPath: databasePath(flags.db, env),
    host: flags.host,
    port: parsePort(flags.port),
    token: flags.token === undefined || flags.token === '' ? undefined : flags.token,
    retentionDays: parseKeepDays(flags.keepDays),
    requestTimeoutMs: parseRequestTimeout(flags.requestTimeoutMs),
    maxConnections: parseMaxConnections(flags.maxConnections),
    isReadingTranscripts: flags.transcripts,
    forwarding: forwardSettings(flags, env),
  };
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UserError(`--port ${value} is not a port number`, 'use 0 to 65535 (0 picks a free port)', 2);
  }
  return port;
}

function parseKeepDays(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1)
    throw new UserError(`--keep-days ${value} is not a whole number of days`, 'use 1 or more; without it nothing is ever deleted', 2);
  return days;
}

function parseRequestTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 100)
    throw new UserError(`--request-timeout-ms ${value} is not a timeout`, 'use a whole number of milliseconds, at least 100', 2);
  return ms;
}

function parseMaxConnections(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UserError(`--max-connections ${value} is not a number of connections`, 'use a whole number, at least 1 (default: 256)', 2);
  return n;
}

/** Listening anywhere but loopback lets other machines write into the database: the line that says so. */
export function exposureWarning(settings: Pick<ReceivingSettings, 'host' | 'dbPath'>): string | undefined {
  return ['127.0.0.1', 'localhost', '::1'].includes(settings.host)
    ? undefined
    : `warning: listening on ${settings.host} lets other machines write into ${settings.dbPath}`;
}
