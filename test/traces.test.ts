// Claude Code 2.1.332's traces, through the real receiver into SQLite: every span of the captures
// stored once (protobuf and JSON + gzip), a second delivery changing nothing, each model request's
// span joined to its api_request event and each tool's span to its tool events, and a bad span
// rejected alone while the rest of its request is stored.
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { otlpRoot } from '../src/otlp/proto/schema-root.js';
import { captureCases2_1_332, captures2_1_332Dir, capturedRequests, type CapturedRequest } from './helpers/captures.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const traceCases = captureCases2_1_332.filter((c) => capturedRequests(c, captures2_1_332Dir).some((r) => r.signal === 'traces'));
const traceRequestType = otlpRoot.lookupType('otlp.ExportTraceServiceRequest');
const traceResponseType = otlpRoot.lookupType('otlp.ExportTraceServiceResponse');

type Obj = Record<string, unknown>;
const list = (o: Obj, key: string): Obj[] => (Array.isArray(o[key]) ? (o[key] as Obj[]) : []);
const plain = (r: CapturedRequest): Buffer => (r.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(r.body) : r.body);
const isProtobuf = (r: CapturedRequest): boolean => r.headers['content-type'] === 'application/x-protobuf';

/** The request as a plain message: protobufjs' object form or OTLP/JSON. */
function messageOf(r: CapturedRequest): Obj {
  if (!isProtobuf(r)) return JSON.parse(plain(r).toString('utf8')) as Obj;
  const message = traceRequestType.toObject(traceRequestType.decode(plain(r)), { longs: String }) as Obj;
  // Ids as OTLP/JSON writes them (hex), whichever encoding they came in.
  for (const span of spansOf(message))
    for (const key of ['traceId', 'spanId', 'parentSpanId']) if (span[key] instanceof Uint8Array) span[key] = Buffer.from(span[key]).toString('hex');
  return message;
}

function spansOf(message: Obj): Obj[] {
  return list(message, 'resourceSpans').flatMap((rs) => list(rs, 'scopeSpans').flatMap((ss) => list(ss, 'spans')));
}

let store: TempReceiver;
beforeEach(async () => {
  store = await tempReceiver();
});
afterEach(async () => {
  await store.stop();
});

async function deliver(caseName: string): Promise<number[]> {
  const statuses: number[] = [];
  for (const r of capturedRequests(caseName, captures2_1_332Dir)) statuses.push((await post(`${store.receiver.url}${r.path}`, r.body, r.headers)).status);
  return statuses;
}

const storedSpans = () => store.db.prepare('SELECT * FROM spans ORDER BY id').all();

describe('traces of the real 2.1.332 captures', () => {
  it('come in protobuf and in JSON + gzip', () => {
    const traces = traceCases.flatMap((c) => capturedRequests(c, captures2_1_332Dir)).filter((r) => r.signal === 'traces');
    expect(new Set(traces.map((r) => `${r.headers['content-type']} ${r.headers['content-encoding'] ?? ''}`.trim()))).toEqual(
      new Set(['application/x-protobuf', 'application/json', 'application/json gzip']),
    );
  });

  it.each(traceCases)('%s: every span is stored once, with its ids, parent, times and session', async (caseName) => {
    const requests = capturedRequests(caseName, captures2_1_332Dir);
    expect(await deliver(caseName)).toEqual(requests.map(() => 200));
    const sent = requests.filter((r) => r.signal === 'traces').flatMap((r) => spansOf(messageOf(r)));
    const ids = (s: Obj) => `${String(s['traceId'])}/${String(s['spanId'])}`;
    const rows = store.db
      .prepare(
        "SELECT trace_id || '/' || span_id AS id, parent_span_id AS parent, name, session_id AS sessionId, end_ms - start_ms - duration_ms AS roundingMs FROM spans",
      )
      .all() as {
      id: string;
      parent: string | null;
      name: string;
      sessionId: string;
      roundingMs: number;
    }[];
    expect(rows.map((r) => r.id).sort()).toEqual(sent.map(ids).sort());
    expect(rows.filter((r) => r.parent === null).map((r) => r.name)).toEqual(rows.filter((r) => r.name === 'claude_code.interaction').map((r) => r.name));
    expect(new Set(rows.map((r) => r.sessionId))).toEqual(new Set([sessionIdOf(caseName)]));
    expect(rows.every((r) => Math.abs(r.roundingMs) <= 1)).toBe(true);
  });

  it.each(traceCases)('%s: delivering every request again changes nothing', async (caseName) => {
    await deliver(caseName);
    const before = storedSpans();
    expect(await deliver(caseName)).toEqual(capturedRequests(caseName, captures2_1_332Dir).map(() => 200));
    expect(storedSpans()).toEqual(before);
  });

  it.each(traceCases)('%s: each llm_request joins its api_request (same tokens and model), each tool its tool_decision and tool_result', async (caseName) => {
    await deliver(caseName);
    const llm = store.db
      .prepare(
        `
        SELECT s.request_id AS requestId, e.id IS NOT NULL AS joined,
          s.input_tokens = e.input_tokens AND s.output_tokens = e.output_tokens AND s.cache_read_tokens = e.cache_read_tokens
            AND s.cache_creation_tokens = e.cache_creation_tokens AND s.model = e.model AS isSame
        FROM spans s LEFT JOIN events e ON e.name = 'api_request' AND e.session_id = s.session_id AND e.request_id = s.request_id
        WHERE s.span_type = 'llm_request'`,
      )
      .all() as { requestId: string; joined: number; isSame: number }[];
    const apiRequests = store.db.prepare("SELECT COUNT(*) FROM events WHERE name = 'api_request'").pluck().get();
    expect(llm.length).toBe(apiRequests);
    expect(llm.map((r) => [r.requestId, r.joined, r.isSame])).toEqual(llm.map((r) => [r.requestId, 1, 1]));
    const tools = store.db
      .prepare(
        `
        SELECT s.tool_use_id AS toolUseId, s.tool_name AS toolName,
          (SELECT group_concat(e.name, ',') FROM (SELECT name FROM events e WHERE e.session_id = s.session_id
            AND json_extract(e.raw_json, '$.attributes.tool_use_id') = s.tool_use_id ORDER BY e.sequence) e) AS events
        FROM spans s WHERE s.span_type = 'tool'`,
      )
      .all() as { toolUseId: string; toolName: string; events: string }[];
    expect(tools.length).toBe(store.db.prepare("SELECT COUNT(*) FROM events WHERE name = 'tool_result'").pluck().get());
    expect(tools.map((t) => t.events)).toEqual(tools.map(() => 'tool_decision,tool_result'));
  });

  it('the subagent case: 13 spans in two requests, its agent lane carried by agent_id on its requests and tools', async () => {
    await deliver('v2.1.332-proto-subagent-hooks-traces');
    const byType = store.db.prepare('SELECT span_type AS type, agent_id AS agentId, COUNT(*) AS n FROM spans GROUP BY 1, 2 ORDER BY 1, 2').all();
    expect(byType).toEqual([
      { type: 'interaction', agentId: null, n: 2 },
      { type: 'llm_request', agentId: null, n: 3 },
      { type: 'llm_request', agentId: 'a21d4b1ee8dbce6e4', n: 2 },
      { type: 'tool', agentId: null, n: 1 },
      { type: 'tool', agentId: 'a21d4b1ee8dbce6e4', n: 1 },
      { type: 'tool.blocked_on_user', agentId: null, n: 2 },
      { type: 'tool.execution', agentId: null, n: 2 },
    ]);
  });

  it('the retry after a 529: one llm_request span, attempt 2, its time covering both tries', async () => {
    await deliver('v2.1.332-proto-cumulative-error-traces');
    const llm = store.db
      .prepare(
        "SELECT s.attempt, s.is_success AS isSuccess, s.ttft_ms AS ttftMs, s.duration_ms AS spanMs, e.duration_ms AS eventMs FROM spans s JOIN events e ON e.request_id = s.request_id AND e.name = 'api_request' WHERE s.span_type = 'llm_request'",
      )
      .all();
    expect(llm).toEqual([{ attempt: 2, isSuccess: 1, ttftMs: 66, spanMs: 760, eventMs: 83 }]);
  });
});

function sessionIdOf(caseName: string): string {
  const logs = capturedRequests(caseName, captures2_1_332Dir).find((r) => r.signal === 'traces')!;
  const attributes = list(spansOf(messageOf(logs))[0]!, 'attributes');
  const id = attributes.find((a) => a['key'] === 'session.id')!['value'] as Obj;
  return id['stringValue'] as string;
}

describe('a bad span', () => {
  /** The JSON capture's spans with some of them broken, as a newer exporter or a proxy might send them. */
  const toolsTraces = capturedRequests('v2.1.332-json-tools-traces', captures2_1_332Dir).find((r) => r.signal === 'traces')!;
  const breakages: { what: string; apply: (span: Obj) => void; reason: RegExp }[] = [
    { what: 'no span id', apply: (s) => delete s['spanId'], reason: /the span id must be 8 bytes/ },
    { what: 'a 4-byte span id', apply: (s) => (s['spanId'] = 'abcdef12'), reason: /the span id must be 8 bytes/ },
    { what: 'an all-zero trace id', apply: (s) => (s['traceId'] = '0'.repeat(32)), reason: /the trace id must be 16 bytes/ },
    { what: 'a 3-byte parent id', apply: (s) => (s['parentSpanId'] = 'abcdef'), reason: /the parent span id must be 8 bytes/ },
    { what: 'no start time', apply: (s) => delete s['startTimeUnixNano'], reason: /needs a start and an end time/ },
    { what: 'an end before its start', apply: (s) => (s['endTimeUnixNano'] = '1000'), reason: /ends before it starts/ },
    { what: 'no name', apply: (s) => (s['name'] = ''), reason: /a span needs a name/ },
  ];

  it.each([false, true])(
    'is rejected alone (protobuf: %s): the request is answered 200 with rejectedSpans, the other spans stored as without it',
    async (asProtobuf) => {
      const message = messageOf(toolsTraces);
      const spans = spansOf(message);
      const broken = breakages.map((b, i) => ({ ...b, span: spans[i]! }));
      const keptIds = spans.slice(breakages.length).map((s) => s['spanId']);
      for (const b of broken) b.apply(b.span);
      const body = asProtobuf
        ? Buffer.from(traceRequestType.encode(traceRequestType.fromObject(withIdBytes(message))).finish())
        : Buffer.from(JSON.stringify(message));
      const res = await post(`${store.receiver.url}/v1/traces`, body, { 'content-type': asProtobuf ? 'application/x-protobuf' : 'application/json' });
      expect(res.status).toBe(200);
      const answer = asProtobuf
        ? (traceResponseType.toObject(traceResponseType.decode(res.body), { longs: String }) as Obj)
        : (JSON.parse(res.body.toString()) as Obj);
      expect(answer).toEqual({ partialSuccess: { rejectedSpans: String(breakages.length), errorMessage: expect.any(String) } });
      const message_ = (answer['partialSuccess'] as { errorMessage: string }).errorMessage;
      expect(breakages.filter((b) => !b.reason.test(message_)).map((b) => b.what)).toEqual([]);
      const storedIds = store.db.prepare('SELECT span_id FROM spans').pluck().all();
      expect(storedIds.sort()).toEqual(keptIds.sort());
    },
  );
});

/** OTLP/JSON's hex ids as the bytes protobufjs' fromObject wants (it would read a string as base64). */
function withIdBytes(message: Obj): Obj {
  const copy = structuredClone(message);
  for (const span of spansOf(copy))
    for (const key of ['traceId', 'spanId', 'parentSpanId']) if (typeof span[key] === 'string') span[key] = Buffer.from(span[key], 'hex');
  return copy;
}
