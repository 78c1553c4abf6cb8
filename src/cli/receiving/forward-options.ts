// --forward, --forward-header and their bounds (declared in flags.ts), for serve and ui: parsed and
// checked here, so the sender only ever sees valid URLs, header names and numbers.
import { UserError } from '../../errors.js';
import { defaultForwardMaxAgeMs, defaultForwardMaxBytes, startForwarder, type Forwarder, type ForwarderOptions } from '../../forward/sender.js';
import type { Db } from '../../store/open.js';
import { packageVersion } from '../version.js';
import type { ForwardFlags } from './flags.js';

export type ForwardSettings = Omit<ForwarderOptions, 'db' | 'onVerdict' | 'onError' | 'onChange'>;

/** The flags win over the environment; each list in the environment is comma-separated. */
export function forwardSettings(options: ForwardFlags, env: NodeJS.ProcessEnv = process.env): ForwardSettings | undefined {
  const urls = options.forward ?? splitList(env['CLAUDE_OTEL_TUI_FORWARD']);
  if (urls.length === 0) return undefined;
  const headers = Object.fromEntries((options.forwardHeader ?? splitList(env['CLAUDE_OTEL_TUI_FORWARD_HEADERS'])).map(parseHeader));
  const upstreams = distinctUpstreams(urls.map(parseUpstreamUrl), headers);
  const optional = (name: string, value: string | undefined, min: number) => (value === undefined ? undefined : wholeNumber(name, value, min));
  const baseDelayMs = optional('--forward-base-delay-ms', options.forwardBaseDelayMs, 1);
  const maxDelayMs = optional('--forward-max-delay-ms', options.forwardMaxDelayMs, 1);
  const timeoutMs = optional('--forward-timeout-ms', options.forwardTimeoutMs, 100);
  return {
    upstreams,
    maxBytes: options.forwardMaxMb === undefined ? defaultForwardMaxBytes : parseMaxMb(options.forwardMaxMb),
    maxAgeMs: options.forwardMaxAge === undefined ? defaultForwardMaxAgeMs : parseMaxAge(options.forwardMaxAge),
    userAgent: `claude-otel-tui/${packageVersion()}`,
    ...(baseDelayMs === undefined ? {} : { baseDelayMs }),
    ...(maxDelayMs === undefined ? {} : { maxDelayMs }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
}

export function startForwarding(db: Db, settings: ForwardSettings, log: (line: string) => void, onChange?: () => void): Forwarder {
  return startForwarder({
    db,
    ...settings,
    ...(onChange === undefined ? {} : { onChange }),
    onVerdict: (upstream, verdict) => {
      if (verdict.kind === 'drop') log(`forward to ${upstream}: dropped a request: ${verdict.reason}`);
    },
    onError: (error) => log(`forward: ${error.message}`),
  });
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

interface ParsedUpstream {
  /** Without user and password: this is what is printed, shown and stored in the queue. */
  url: string;
  /** `Basic …` from the URL's user and password, when it had them. */
  authorization: string | undefined;
}

/**
 * A URL's `user:pass@` becomes an `Authorization: Basic` header, as curl does, and the URL goes on
 * without it: the URL is printed (serve, status, the TUI's header) and stored (the queue's rows), a
 * header is neither.
 */
function parseUpstreamUrl(value: string): ParsedUpstream {
  const shown = withoutCredentials(value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserError(
      `--forward ${shown} is not a URL`,
      'give the base URL of an OTLP/HTTP endpoint, e.g. https://otlp.example.com (requests go to /v1/logs, /v1/metrics, /v1/traces)',
      2,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(`--forward ${shown} is not an http or https URL`, 'give the base URL of an OTLP/HTTP endpoint, e.g. https://otlp.example.com', 2);
  }
  if (url.search !== '' || url.hash !== '')
    throw new UserError(`--forward ${shown} has a query or fragment`, 'give the base URL alone; /v1/<signal> is appended to it', 2);
  let authorization: string | undefined;
  if (url.username !== '' || url.password !== '') {
    authorization = `Basic ${Buffer.from(`${decodeUserinfo(url.username, shown)}:${decodeUserinfo(url.password, shown)}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  return { url: url.href.replace(/\/+$/, ''), authorization };
}

/** Everything between the scheme and the last `@` hidden, even in a string that is not a URL. */
function withoutCredentials(value: string): string {
  return value.replace(/^((?:[a-z][a-z0-9+.-]*:\/\/)?)[^]*@/i, '$1***@');
}

function decodeUserinfo(part: string, shown: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new UserError(
      `--forward ${shown} has a malformed %-escape in its user or password`,
      "give the credentials as a header instead: --forward-header 'Authorization=Basic <base64 of user:password>'",
      2,
    );
  }
}

/** One upstream per URL, each with the shared headers and its own credentials (which may not clash with them). */
function distinctUpstreams(parsed: readonly ParsedUpstream[], headers: Readonly<Record<string, string>>): { url: string; headers: Record<string, string> }[] {
  const byUrl = new Map<string, string | undefined>();
  for (const { url, authorization } of parsed) {
    if (byUrl.has(url) && byUrl.get(url) !== authorization)
      throw new UserError(`--forward ${url} is given twice with different credentials`, 'give each upstream once', 2);
    byUrl.set(url, authorization);
  }
  return [...byUrl].map(([url, authorization]) => {
    if (authorization === undefined) return { url, headers: { ...headers } };
    if (headers['authorization'] !== undefined) {
      throw new UserError(`--forward ${url} has a user and password in it and --forward-header gives Authorization too`, 'keep one of the two', 2);
    }
    return { url, headers: { ...headers, authorization } };
  });
}

function parseHeader(value: string): [string, string] {
  const at = value.indexOf('=');
  const name = at < 0 ? '' : value.slice(0, at).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new UserError(`--forward-header ${JSON.stringify(value)} is not NAME=VALUE`, 'e.g. --forward-header "Authorization=Bearer abc123"', 2);
  }
  const headerValue = value.slice(at + 1).trim();
  if (/[\r\n\0]/.test(headerValue)) throw new UserError(`--forward-header ${name} has a line break in its value`, 'give the value on one line', 2);
  return [name.toLowerCase(), headerValue];
}

function parseMaxMb(value: string): number {
  const mb = Number(value);
  if (!Number.isFinite(mb) || mb <= 0) throw new UserError(`--forward-max-mb ${value} is not a size`, 'give megabytes above 0, e.g. 256 or 0.5', 2);
  return Math.round(mb * 1024 * 1024);
}

const ageUnits: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

function parseMaxAge(value: string): number {
  const match = /^(\d+)([smhdw])$/.exec(value.trim());
  if (match === null || Number(match[1]) === 0) throw new UserError(`--forward-max-age ${value} is not an age`, 'e.g. 12h, 7d or 2w', 2);
  return Number(match[1]) * ageUnits[match[2]!]!;
}

function wholeNumber(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UserError(`${name} ${value} is not a whole number of at least ${min}`, undefined, 2);
  return n;
}
