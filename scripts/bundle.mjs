// Bundles the compiled CLI (dist/, from tsc) into one ES module, dist/claude-otel-tui.mjs, the
// package's bin. Ink's module graph is hundreds of small files (es-toolkit's CommonJS above all);
// resolving and parsing them one by one took the dashboard's first frame from ~240 ms to ~450 ms.
// better-sqlite3 stays outside: it is a native addon. tsc still type-checks and emits dist/ for tests.
// The status line has its own small bundle, dist/statusline.cjs: Claude Code runs it on every
// status bar refresh, and parsing the 2 MB CLI bundle alone costs it ~40 ms.
import { build } from 'esbuild';
import { chmodSync, copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const stub = fileURLToPath(new URL('./react-devtools-stub.mjs', import.meta.url));

await build({
  entryPoints: ['dist/bin/claude-otel-tui.js'],
  outfile: 'dist/claude-otel-tui.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3'],
  // Ink imports React DevTools only when DEV is set; it is not a dependency of ours.
  alias: { 'react-devtools-core': stub },
  // CommonJS modules inside the bundle still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});

await build({
  entryPoints: ['dist/bin/claude-otel-tui-statusline.js'],
  outfile: 'dist/statusline.cjs',
  bundle: true,
  platform: 'node',
  // CommonJS: Node starts it ~6 ms sooner than the same code as an ES module.
  format: 'cjs',
  target: 'node20',
  external: ['better-sqlite3'],
  logLevel: 'warning',
});

// The status line's shell front (see its header): tries the running receiver before starting Node.
copyFileSync(fileURLToPath(new URL('./statusline.sh', import.meta.url)), 'dist/statusline.sh');
chmodSync('dist/statusline.sh', 0o755);
