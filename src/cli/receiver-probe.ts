import http from 'node:http';

/** The base URL of a receiver; IPv6 hosts in brackets. */
export function receiverUrl(host: string, port: number | string): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export type ReceiverState = 'running' | 'other' | 'stopped';

/**
 * Whether a claude-otel-tui receiver listens at `url` (its GET / says so), something else does, or
 * nothing. node:http rather than fetch, which refuses some ports outright.
 */
export function receiverState(url: string): Promise<ReceiverState> {
  return new Promise((resolve) => {
    const req = http.get(`${url}/`, { timeout: 1000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body.includes('"service":"claude-otel-tui"') ? 'running' : 'other'));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'stopped' : 'other'));
  });
}
