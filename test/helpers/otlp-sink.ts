// An upstream for forwarding tests: a node:http server that records every request it gets and
// answers as the test says: an status (with headers and a body), or never ("hang").
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** What the sink answered; null while it hangs. */
  status: number | null;
  atMs: number;
}

export type SinkAnswer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export interface Sink {
  url: string;
  requests: SinkRequest[];
  /** Changes how later requests are answered; `n` counts requests from 0. */
  answerWith(answer: (request: SinkRequest, n: number) => SinkAnswer): void;
  /** Bodies answered 2xx, in order. */
  delivered(): Buffer[];
  close(): Promise<void>;
}

export async function startSink(answer: (request: SinkRequest, n: number) => SinkAnswer = () => ({ status: 200 })): Promise<Sink> {
  const requests: SinkRequest[] = [];
  let answerFor = answer;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: SinkRequest = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), status: null, atMs: Date.now() };
      const reply = answerFor(request, requests.length);
      requests.push(request);
      if (reply === 'hang') return;
      request.status = reply.status;
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answerWith: (next) => (answerFor = next),
    delivered: () => requests.filter((r) => r.status !== null && r.status >= 200 && r.status < 300).map((r) => r.body),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
