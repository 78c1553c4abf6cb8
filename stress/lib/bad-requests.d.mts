// Types of bad-requests.mjs, for the hostile-input test (the stress scripts are plain JavaScript).

/** A real captured request: its path, headers, its bytes as sent (`raw`) and without gzip (`plain`). */
export interface Sample {
  path: string;
  signal: 'logs' | 'metrics';
  format: 'protobuf' | 'json';
  headers: Record<string, string>;
  raw: Buffer;
  plain: Buffer;
}

export interface BadRequest {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Sent without content-length, in chunks, so the size is only known while reading. */
  isChunked?: boolean;
  /** What the answer's message must say. */
  message: RegExp;
}

export type Rng = () => number;

export interface Answer {
  status: number;
  /** google.rpc.Status message, or partial_success.error_message of a 200. */
  message: string;
}

export function rng(seed: number): Rng;
export function truncatedProtobuf(samples: readonly Sample[], random: Rng, count: number): BadRequest[];
export function bitFlippedProtobuf(samples: readonly Sample[], random: Rng, count: number): BadRequest[];
export function randomBodies(random: Rng, count: number): BadRequest[];
export function invalidJson(samples: readonly Sample[], random: Rng, count: number): BadRequest[];
export const wrongShapes: readonly { path: string; body: unknown; message: RegExp }[];
export function wrongShapeJson(count: number): BadRequest[];
export function compressionBombs(maxBodyBytes: number, count: number): BadRequest[];
export function overLimit(maxBodyBytes: number, count: number): BadRequest[];
export function deeplyNested(count: number): BadRequest[];
export function nonFiniteOrNegative(count: number): BadRequest[];
export function invalidUtf8Json(count: number): BadRequest[];
export function invalidUtf8Protobuf(sample: Sample, count: number): BadRequest[];
export function negativeHistogramCounts(count: number): BadRequest[];
export function largeAttributes(count: number): BadRequest[];
export function wrongContentTypes(sample: Sample, count: number): BadRequest[];
export function wrongContentEncodings(sample: Sample, count: number): BadRequest[];
export function send(url: string, request: { path: string; headers: Record<string, string>; body: Buffer; isChunked?: boolean }): Promise<Answer>;
