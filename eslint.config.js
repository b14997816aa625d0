// Lint keeps the layers of docs/architecture.md apart: shared/ is pure, renderer/ never reaches Node or Electron.
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'child_process', 'os', 'net', 'http', 'https', 'crypto', 'stream', 'url', 'util', 'events'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'test-results/**', 'playwright-report/**', 'test/fixtures/**', 'scratch/**'] },
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='execSync']", message: 'never block on a shell' }],
    },
  },
  {
    // Electron's API as its own electron.d.ts declares it, any and all.
    files: ['build/types/electron.d.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // CommonJS launchers (bin/) load with require(): that is what they are.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __dirname: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'shared/ is pure: no Node modules' },
          { group: ['electron', 'execa', '**/electron/**', '../../electron/*', '**/renderer/**'], message: 'shared/ may not import electron/, renderer/ or process code' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...nodeBuiltins, 'electron', 'execa'], message: 'the renderer talks only to the API client' },
          { group: ['**/electron/**'], message: 'the renderer may not import main-process code' },
        ],
      }],
    },
  },
  {
    files: ['electron/system/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['execa', 'node:child_process', 'child_process', 'node:fs', 'node:fs/*', 'fs'], message: 'the system layer reads the machine only through a Host' },
          { group: ['**/host/sim/**', '**/host/local/**', '**/host/ssh/**', '**/host/replay/**'], message: 'the system layer depends on the Host port, not on a Host implementation' },
        ],
      }],
    },
  },
);
