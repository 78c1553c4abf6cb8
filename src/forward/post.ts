// One POST to an upstream with node:http(s): an overall deadline (a hung upstream is cut off) and
// an abort for shutdown. Only the first line of an error body is read; that is what a drop records.
import http from 'node:http';
import https from 'node:https';
import { setSafeTimeout } from '../safe-timers.js';
import type { PostOutcome } from './retry-policy.js';

export interface PostRequest {
  url: URL;
  headers: Record<string, string>;
  body: Uint8Array;
  timeoutMs: number;
  signal: AbortSignal;
  agent: { http: http.Agent; https: https.Agent };
}

const maxErrorBodyBytes = 4096;

export function post(request: PostRequest): Promise<PostOutcome> {
  const isHttps = request.url.protocol === 'https:';
  const send = isHttps ? https.request : http.request;
  return new Promise((resolve) => {
    let isDone = false;
    const finish = (outcome: PostOutcome) => {
      if (isDone) return;
      isDone = true;
      clearTimeout(deadline);
      resolve(outcome);
    };
    const req = send(request.url, {
      method: 'POST',
      headers: { ...request.headers, 'content-length': String(request.body.byteLength) },
      agent: isHttps ? request.agent.https : request.agent.http,
      signal: request.signal,
    });
    const deadline = setSafeTimeout(() => req.destroy(new Error(`no answer within ${request.timeoutMs} ms`)), request.timeoutMs);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size >= maxErrorBodyBytes) return;
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).subarray(0, maxErrorBodyBytes).toString('utf8');
        const firstLine = (text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim().slice(0, 300);
        const retryAfter = res.headers['retry-after'];
        finish({ kind: 'answer', status: res.statusCode ?? 0, retryAfter, firstLine: isPrintable(firstLine) ? firstLine : '(binary body)' });
      });
      res.on('error', (error) => finish({ kind: 'failed', error: describe(error) }));
    });
    req.on('error', (error) => finish({ kind: 'failed', error: describe(error) }));
    req.end(request.body);
  });
}

function isPrintable(text: string): boolean {
  return !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text);
}

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code !== undefined && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}
