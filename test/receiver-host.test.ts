// DNS rebinding: a web page whose own site name resolves to 127.0.0.1 sends its site's name as the
// Host; only our own names (and port) are served. And /statusline takes JSON only. A real server on
// a loopback port, requests with the Host a browser would send.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedRequests } from './helpers/captures.js';
import { tempReceiver, type TempReceiver } from './helpers/temp-store.js';

let store: TempReceiver;
beforeAll(async () => {
  store = await tempReceiver({ statusline: () => ({ status: 200, text: 'session $0.00\n' }) });
});
afterAll(async () => {
  await store.stop();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(path: string, headers: Record<string, string>, body?: Uint8Array | string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: store.receiver.port, path, method: body === undefined ? 'GET' : 'POST', headers, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const logs = capturedRequests('json-delta-edit').find((r) => r.signal === 'logs')!;

describe('the Host header', () => {
  it.each(['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]'])('%s with our port is served', async (name) => {
    const answer = await request(logs.path, { ...logs.headers, host: `${name}:${store.receiver.port}` }, logs.body);
    expect(answer.status).toBe(200);
  });

  it.each(['attacker.example', '127.0.0.1.nip.io', 'localhost.attacker.example'])(
    '%s is refused with 403, the Host named, and the connection closed',
    async (name) => {
      const host = `${name}:${store.receiver.port}`;
      const answer = await request(logs.path, { ...logs.headers, host }, logs.body);
      expect([answer.status, answer.headers['connection'], JSON.parse(answer.body)]).toEqual([
        403,
        'close',
        { code: 7, message: `Host "${host}" is not an address of this receiver; send to 127.0.0.1:${store.receiver.port} or localhost:${store.receiver.port}` },
      ]);
    },
  );

  it('a loopback name with another port is refused, and nothing is stored', async () => {
    const fresh = capturedRequests('proto-delta-tools').find((r) => r.signal === 'logs')!;
    const events = () => store.db.prepare('SELECT count(*) FROM events').pluck().get();
    const eventsBefore = events();
    const answer = await request(fresh.path, { ...fresh.headers, host: `127.0.0.1:${store.receiver.port + 1}` }, fresh.body);
    expect([answer.status, events()]).toEqual([403, eventsBefore]);
  });
});

describe('/statusline', () => {
  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''])('refuses %j with 415', async (type) => {
    const answer = await request('/statusline', { host: `127.0.0.1:${store.receiver.port}`, ...(type === '' ? {} : { 'content-type': type }) }, '{}');
    expect([answer.status, JSON.parse(answer.body)]).toEqual([
      415,
      { code: 3, message: `Content-Type ${JSON.stringify(type)} is not supported on /statusline; use application/json` },
    ]);
  });

  it('answers application/json', async () => {
    const answer = await request('/statusline', { host: `127.0.0.1:${store.receiver.port}`, 'content-type': 'application/json; charset=utf-8' }, '{}');
    expect([answer.status, answer.body]).toEqual([200, 'session $0.00\n']);
  });
});
