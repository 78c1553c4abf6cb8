import type { Migration } from '../migrate.js';

/**
 * Traces as spans, one row each, instead of one opaque row per request (trace_requests): typed
 * columns for what the session view joins (request id ↔ api_request, tool use id ↔ tool events,
 * agent id) and sums (durations, time to first token, tokens), and the raw span with its resource
 * and scope. (trace_id, span_id) is the natural key: an exporter's retry stores nothing new.
 *
 * The trace_requests stored so far are decoded into spans here, in SQL, by the rules the receiver
 * applies to a new span (ids of the right size, a start, an end not before it), then dropped: each
 * span keeps all that the table held of it. Those bodies were stored without each span's kind,
 * status and events (the decoder of that time dropped them), so a span filled here has status 0
 * and raw JSON without those three keys.
 */
export const spans: Migration = {
  version: 11,
  name: 'spans',
  up(db) {
    db.exec(`
      CREATE TABLE spans (
        id INTEGER PRIMARY KEY,
        trace_id TEXT NOT NULL,
        span_id TEXT NOT NULL,
        parent_span_id TEXT,
        name TEXT NOT NULL,
        span_type TEXT,
        session_id TEXT,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        request_id TEXT,
        tool_use_id TEXT,
        agent_id TEXT,
        ttft_ms REAL,
        attempt INTEGER,
        is_success INTEGER,
        decision TEXT,
        tool_name TEXT,
        model TEXT,
        input_tokens INTEGER,
        output_tokens INTEGER,
        cache_read_tokens INTEGER,
        cache_creation_tokens INTEGER,
        status_code INTEGER NOT NULL,
        raw_json TEXT NOT NULL,
        received_ms INTEGER NOT NULL,
        UNIQUE (trace_id, span_id)
      );
      -- A session's spans in time order (the session view, its waterfall and its time line).
      CREATE INDEX spans_by_session ON spans (session_id, start_ms);
      -- Retention deletes by the span's own time, as it does events.
      CREATE INDEX spans_by_start ON spans (start_ms);
    `);
    db.exec(spansFromTraceRequestsSql);
    db.exec('DROP TABLE trace_requests');
  },
};

// Attribute readers in SQL over a JSON object of attributes, coercing as the receiver's readers do
// (src/vocabulary/attribute-values.ts at version 11): a value of another type is read, not refused.
const at = (json: string, key: string) => `${json}, '$."${key}"'`;
const textOf = (json: string, ...keys: string[]): string =>
  `COALESCE(${keys
    .map(
      (k) => `CASE json_type(${at(json, k)})
        WHEN 'text' THEN NULLIF(json_extract(${at(json, k)}), '')
        WHEN 'integer' THEN CAST(json_extract(${at(json, k)}) AS TEXT)
        WHEN 'real' THEN CAST(json_extract(${at(json, k)}) AS TEXT)
        WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'
        WHEN 'array' THEN json_extract(${at(json, k)}) WHEN 'object' THEN json_extract(${at(json, k)})
      END`,
    )
    .join(', ')}, NULL)`;
const numberOf = (json: string, key: string): string => `CASE json_type(${at(json, key)})
    WHEN 'integer' THEN json_extract(${at(json, key)})
    WHEN 'real' THEN json_extract(${at(json, key)})
    WHEN 'text' THEN CASE WHEN trim(json_extract(${at(json, key)})) GLOB '[0-9]*' OR trim(json_extract(${at(json, key)})) GLOB '-[0-9]*'
      THEN CAST(trim(json_extract(${at(json, key)})) AS NUMERIC) END
  END`;
const integerOf = (json: string, key: string): string =>
  `(SELECT CASE WHEN n = CAST(n AS INTEGER) AND abs(n) <= 9007199254740991 THEN CAST(n AS INTEGER) END FROM (SELECT ${numberOf(json, key)} AS n))`;
const flagOf = (json: string, key: string): string => `CASE json_type(${at(json, key)})
    WHEN 'true' THEN 1 WHEN 'false' THEN 0
    WHEN 'integer' THEN json_extract(${at(json, key)}) <> 0
    WHEN 'real' THEN json_extract(${at(json, key)}) <> 0
    WHEN 'text' THEN CASE lower(trim(json_extract(${at(json, key)}))) WHEN 'true' THEN 1 WHEN '1' THEN 1 WHEN 'false' THEN 0 WHEN '0' THEN 0 END
  END`;

/** A decimal string of nanoseconds within SQLite's 64 bits, not zero. */
const isNanos = (s: string): string =>
  `(${s} <> '' AND ${s} NOT GLOB '*[^0-9]*' AND ${s} NOT GLOB '0*' AND (length(${s}) < 19 OR (length(${s}) = 19 AND ${s} <= '9223372036854775807')))`;
const isId = (s: string, length: number): string => `(length(${s}) = ${length} AND ${s} NOT GLOB '*[^0-9a-f]*' AND ${s} NOT GLOB '${'0'.repeat(length)}')`;

/** Every span of every stored trace request, in the order they arrived (the first copy of a span wins). */
export const spansFromTraceRequestsSql = `
  INSERT OR IGNORE INTO spans (
    trace_id, span_id, parent_span_id, name, span_type, session_id, start_ms, end_ms, duration_ms,
    request_id, tool_use_id, agent_id, ttft_ms, attempt, is_success, decision, tool_name, model,
    input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, status_code, raw_json, received_ms
  )
  SELECT trace_id, span_id,
    CASE WHEN parent = '' OR parent GLOB '0000000000000000' THEN NULL ELSE parent END,
    name,
    COALESCE(${textOf('attrs', 'span.type')}, CASE WHEN substr(name, 1, 12) = 'claude_code.' THEN substr(name, 13) END),
    COALESCE(${textOf('attrs', 'session.id')}, ${textOf('resource', 'session.id')}, ${textOf('attrs', 'gen_ai.conversation.id')}),
    CAST(start_ns AS INTEGER) / 1000000, CAST(end_ns AS INTEGER) / 1000000,
    (CAST(end_ns AS INTEGER) - CAST(start_ns AS INTEGER) + 500000) / 1000000,
    ${textOf('attrs', 'request_id', 'gen_ai.response.id')},
    ${textOf('attrs', 'tool_use_id', 'gen_ai.tool.call.id')},
    ${textOf('attrs', 'agent_id')},
    ${numberOf('attrs', 'ttft_ms')},
    ${integerOf('attrs', 'attempt')},
    ${flagOf('attrs', 'success')},
    ${textOf('attrs', 'decision', 'decision_type')},
    ${textOf('attrs', 'tool_name', 'gen_ai.tool.name')},
    ${textOf('attrs', 'model', 'gen_ai.response.model', 'gen_ai.request.model')},
    ${integerOf('attrs', 'input_tokens')},
    ${integerOf('attrs', 'output_tokens')},
    ${integerOf('attrs', 'cache_read_tokens')},
    ${integerOf('attrs', 'cache_creation_tokens')},
    0,
    json_object('traceId', trace_id, 'spanId', span_id, 'parentSpanId', parent, 'name', name,
      'startTimeUnixNano', start_ns, 'endTimeUnixNano', end_ns, 'attributes', json(attrs),
      'resource', json(resource), 'scope', json_object('name', scope_name, 'version', scope_version)),
    received_ms
  FROM (
    SELECT t.id AS request_row, rs.key AS rs_key, ss.key AS ss_key, sp.key AS sp_key, t.received_ms,
      COALESCE(json_extract(sp.value, '$.traceId'), '') AS trace_id,
      COALESCE(json_extract(sp.value, '$.spanId'), '') AS span_id,
      COALESCE(json_extract(sp.value, '$.parentSpanId'), '') AS parent,
      COALESCE(json_extract(sp.value, '$.name'), '') AS name,
      COALESCE(json_extract(sp.value, '$.startTimeUnixNano'), '') AS start_ns,
      COALESCE(json_extract(sp.value, '$.endTimeUnixNano'), '') AS end_ns,
      COALESCE(json_extract(sp.value, '$.attributes'), '{}') AS attrs,
      COALESCE(json_extract(rs.value, '$.resource.attributes'), '{}') AS resource,
      COALESCE(json_extract(ss.value, '$.scope.name'), '') AS scope_name,
      COALESCE(json_extract(ss.value, '$.scope.version'), '') AS scope_version
    FROM trace_requests t, json_each(t.spans_json, '$.resourceSpans') rs, json_each(rs.value, '$.scopeSpans') ss, json_each(ss.value, '$.spans') sp
    WHERE json_valid(t.spans_json)
  )
  WHERE ${isId('trace_id', 32)} AND ${isId('span_id', 16)} AND (parent = '' OR ${isId('parent', 16)} OR parent = '0000000000000000')
    AND name <> '' AND ${isNanos('start_ns')} AND ${isNanos('end_ns')}
    AND (length(end_ns) > length(start_ns) OR (length(end_ns) = length(start_ns) AND end_ns >= start_ns))
  ORDER BY request_row, rs_key, ss_key, sp_key`;
