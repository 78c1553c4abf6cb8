// The words the generated sessions are made of: a seeded random source, model prices, prompts and tools.

import { mulberry32 } from '../stress/lib/prng.mjs';

export type Rng = () => number;

/** mulberry32 (shared with the stress scripts), seeded from (seed, stream), so session i can be made without making sessions 0..i-1. */
export function rng(seed: number, stream: number): Rng {
  return mulberry32((Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 0x632be5ab, 0xc2b2ae35)) >>> 0);
}

export function pick<T>(r: Rng, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

export function uuid(r: Rng): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(r() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** USD per token: the prices ccusage 18.0.11 carries offline, so both tools can agree on cost. */
export const modelPrices: Record<string, { input: number; output: number; cacheRead: number; cacheCreation: number }> = {
  'claude-sonnet-4-5-20250929': { input: 3e-6, output: 15e-6, cacheRead: 3e-7, cacheCreation: 3.75e-6 },
  'claude-opus-4-1-20250805': { input: 15e-6, output: 75e-6, cacheRead: 1.5e-6, cacheCreation: 18.75e-6 },
  'claude-haiku-4-5-20251001': { input: 1e-6, output: 5e-6, cacheRead: 1e-7, cacheCreation: 1.25e-6 },
};

export const promptTexts: readonly string[] = [
  'fix the failing test in src/store/write.test.ts',
  'add a --json flag to the sessions command and document it in the README',
  'why does the migration fail on an empty database? find the cause and fix it',
  'refactor the request handler so body limits are checked before decompression',
  'write a unit test for the cumulative metric differencing, including a late point',
  'explain what this function does and whether it can overflow',
  'rename SessionRow.cost to costUsd everywhere and update the snapshots',
  'the dashboard flickers when data arrives; profile it and make renders cheaper',
  'add pagination to the sessions list API with a cursor on start time',
  'review the diff on this branch and list anything risky',
  'set up a GitHub Actions workflow that runs the tests on Node 20 and 22',
  'make the CSV export quote fields that contain commas or newlines',
  'there is a memory leak in the watcher; find it',
  'update the dependencies and fix whatever breaks',
  'implement the retry with exponential backoff described in docs/retries.md',
  'convert this callback-based module to async/await',
];

export interface ToolKind {
  name: string;
  weight: number;
  input: (r: Rng, cwd: string) => unknown;
  output: (r: Rng) => string;
}

const files = ['src/index.ts', 'src/store/write.ts', 'src/cli/main.ts', 'test/app.test.ts', 'README.md', 'package.json', 'src/receiver/server.ts'];

const kinds: ToolKind[] = [
  {
    name: 'Bash',
    weight: 35,
    input: (r) => ({
      command: pick(r, ['npm test', 'git status', 'git diff --stat', 'npx tsc --noEmit', 'ls -la src', 'npm run build']),
      description: 'Run it',
    }),
    output: (r) => `ok ${Math.floor(r() * 200)} tests passed\n`.repeat(3),
  },
  { name: 'Read', weight: 25, input: (r, cwd) => ({ file_path: `${cwd}/${pick(r, files)}` }), output: () => "import fs from 'node:fs';\n".repeat(12) },
  {
    name: 'Edit',
    weight: 20,
    input: (r, cwd) => ({
      file_path: `${cwd}/${pick(r, files)}`,
      old_string: 'const limit = 8 * 1024 * 1024;',
      new_string: 'const limit = 16 * 1024 * 1024; // bodies up to 16 MiB',
    }),
    output: () => 'The file has been updated.',
  },
  {
    name: 'Grep',
    weight: 8,
    input: (r) => ({ pattern: pick(r, ['TODO', 'costUsd', 'createWriter', 'busy_timeout']), path: 'src' }),
    output: () => 'src/store/write.ts:12:  createWriter\n',
  },
  {
    name: 'Write',
    weight: 5,
    input: (r, cwd) => ({ file_path: `${cwd}/${pick(r, files)}`, content: 'export const answer = 42;\n'.repeat(4) }),
    output: () => 'File created successfully.',
  },
  { name: 'Glob', weight: 5, input: () => ({ pattern: 'src/**/*.ts' }), output: () => 'src/index.ts\nsrc/store/write.ts\n' },
  {
    name: 'WebFetch',
    weight: 2,
    input: () => ({ url: 'https://example.com/docs', prompt: 'summarise the API' }),
    output: () => 'The API has three endpoints.',
  },
];

/** Each tool repeated by its weight, so `pick` draws them in proportion. */
export const toolKinds: readonly ToolKind[] = kinds.flatMap((k) => Array.from({ length: k.weight }, () => k));
