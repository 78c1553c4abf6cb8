// Bundles the compiled CLI (dist/, from tsc) into dist/claude-otel-tui.mjs, the package's bin, and
// one chunk per command in dist/chunks. Ink's module graph is hundreds of small files (es-toolkit's CommonJS above all);
// resolving and parsing them one by one took the dashboard's first frame from ~240 ms to ~450 ms.
// better-sqlite3 stays outside: it is a native addon. tsc still type-checks and emits dist/ for tests.
// The status line has its own small bundle, dist/statusline.cjs: Claude Code runs it on every
// status bar refresh, and parsing the CLI bundle costs it ~40 ms.
// `node scripts/bundle.mjs [entry] [outfile]`: the bench bundles its own compiled copy the same way.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ansiTokenizeFastPaths } from './ansi-tokenize-fast-paths.mjs';

const stub = fileURLToPath(new URL('./react-devtools-stub.mjs', import.meta.url));
const narrowWidth = fileURLToPath(new URL('./narrow-string-width.mjs', import.meta.url));

/**
 * Every import of string-width (Ink's, and wrap-ansi's own older copy) gets narrow-string-width.mjs
 * in front of it, and the real module is loaded (esbuild runs a required ES module's top level on
 * first use) only when some text needs it: for the dashboard's text it never does, which spares the
 * first frame an emoji regex and an Intl.Segmenter, and every frame their cost per character.
 */
const stringWidthFastPath = {
  name: 'string-width-fast-path',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'real' });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'string-width-fast-path' };
    });
    build.onLoad({ filter: /.*/, namespace: 'string-width-fast-path' }, (args) => ({
      contents: [
        `import { narrowWidth } from ${JSON.stringify(narrowWidth)};`,
        'let real;',
        'export default function stringWidth(string, options) {',
        '  const width = narrowWidth(string, options);',
        '  if (width !== undefined) return width;',
        `  real ??= require(${JSON.stringify(args.path)}).default;`,
        '  return real(string, options);',
        '}',
      ].join('\n'),
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

const [entry = 'dist/bin/claude-otel-tui.js', outfile = 'dist/claude-otel-tui.mjs'] = process.argv.slice(2);

// Chunk names carry a hash: the last build's would otherwise pile up beside the new ones.
fs.rmSync(path.join(path.dirname(outfile), 'chunks'), { recursive: true, force: true });

await build({
  entryPoints: { [path.basename(outfile, '.mjs')]: entry },
  outdir: path.dirname(outfile),
  // Each command is a dynamic import, so each becomes its own chunk: `sessions --json` does not
  // parse Ink and React (a third of a 2.4 MB single file) just to print JSON.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3'],
  // Ink imports React DevTools only when DEV is set; it is not a dependency of ours.
  alias: { 'react-devtools-core': stub },
  plugins: [stringWidthFastPath, ansiTokenizeFastPaths],
  // React and its reconciler pick their build by NODE_ENV at run time; unset, users got the
  // development build: slower renders, and more code to parse before the first frame.
  define: { 'process.env.NODE_ENV': '"production"' },
  // CommonJS modules inside the bundle still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});

// The receiving process's thread (ui), beside the CLI: one CommonJS file, which a worker thread loads
// faster than the CLI's graph of ES module chunks (its load is on the way to the first frame).
await build({
  entryPoints: [path.join(path.dirname(entry), 'claude-otel-tui-receiving.js')],
  outfile: path.join(path.dirname(outfile), 'receiving-thread.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['better-sqlite3'],
  // version.ts finds the package from its own file.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

// The status line's bundle and shell front, for the package build only (the bench passes its own
// entry and needs neither).
if (process.argv.length <= 2) {
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
  // The shell front (see its header): tries the running receiver before starting Node.
  fs.copyFileSync(fileURLToPath(new URL('./statusline.sh', import.meta.url)), 'dist/statusline.sh');
  fs.chmodSync('dist/statusline.sh', 0o755);
}
