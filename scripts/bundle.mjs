// Bundles the compiled CLI (dist/, from tsc) into one ES module, dist/claude-otel-tui.mjs, the
// package's bin. Ink's module graph is hundreds of small files (es-toolkit's CommonJS above all);
// resolving and parsing them one by one took the dashboard's first frame from ~240 ms to ~450 ms.
// better-sqlite3 stays outside: it is a native addon. tsc still type-checks and emits dist/ for tests.
// `node scripts/bundle.mjs [entry] [outfile]`: the bench bundles its own compiled copy the same way.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const stub = fileURLToPath(new URL('./react-devtools-stub.mjs', import.meta.url));

const [entry = 'dist/bin/claude-otel-tui.js', outfile = 'dist/claude-otel-tui.mjs'] = process.argv.slice(2);

await build({
  entryPoints: [entry],
  outfile,
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
