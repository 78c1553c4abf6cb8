// Lint rules `npm test` enforces (`npm run lint`): the recommended JS and TypeScript sets, unused
// code, type-only imports kept apart, and react-hooks to keep the views' hooks honest. Formatting is
// Prettier's (`npm run format`).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'bench/.data/', 'coverage/', 'node_modules/', 'test/fixtures/', '**/*.mjs', '**/*.cjs', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}', 'bin/**/*.ts', 'bench/**/*.ts', 'test/**/*.{ts,tsx}', 'vitest.config.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-control-regex': 'error',
      // Says when the React Compiler would skip a component; the project does not use the compiler.
      'react-hooks/preserve-manual-memoization': 'off',
    },
  },
  {
    // These files exist to find control characters and invisible marks: the sanitiser, the chart's
    // and the pseudo-terminal's escape strippers, and the forwarder's check of an upstream's answer.
    files: ['src/present/sanitize.ts', 'src/tui/components/line-chart.ts', 'src/forward/post.ts', 'bench/pty.ts'],
    rules: { 'no-control-regex': 'off', 'no-misleading-character-class': 'off' },
  },
  {
    // Commander's typings (@commander-js/extra-typings) name "no options yet" as `{}`.
    files: ['src/cli/receiving/flags.ts'],
    rules: { '@typescript-eslint/no-empty-object-type': 'off' },
  },
  {
    // Tests match the raw bytes a terminal would see, control characters included.
    files: ['test/**/*.{ts,tsx}', 'src/**/*.test.{ts,tsx}'],
    rules: { 'no-control-regex': 'off' },
  },
);
