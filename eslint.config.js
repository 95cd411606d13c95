// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Import paths of each kind of module, as `no-restricted-imports` patterns. */
const ADAPTERS = ['**/sqlite/**', '**/mongodb/**', '**/eventStoreDb/**'];
const USE_CASES = ['**/webhooks/**', '**/projections/**', '**/audit/**'];
const DRIVERS = ['**/http/**', '**/cli/**', '**/console/**', '**/config/**'];
const COMPOSITION = ['**/service.js', '**/openStores.js', '**/projectionOptions.js', '**/main.js'];

/**
 * @param {{ files: string[], reason: string, forbid: string[] }[]} rules
 * @returns {import('typescript-eslint').ConfigArray}
 */
function layers(rules) {
  return rules.map(({ files, reason, forbid }) => ({
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: forbid, message: reason }] }],
    },
  }));
}

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'node_modules/', 'coverage/', '.tmp/'] },
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  // The dependency direction, enforced: domain ← ports ← use cases ← adapters ← composition
  // root (src/service.ts, src/openStores.ts, src/projectionOptions.ts, src/main.ts, src/cli/,
  // scripts/, tests). One entry per layer; an import against it fails `npm run lint`.
  ...layers([
    {
      files: ['src/domain/**/*.ts'],
      reason: 'the domain imports nothing else of payledger',
      forbid: ['../*', '../**'],
    },
    {
      files: ['src/eventStore/**/*.ts', 'src/readModels/**/*.ts', 'src/errors/**/*.ts'],
      reason: 'ports and their adapters know no use case, HTTP, configuration or composition',
      forbid: [...USE_CASES, ...DRIVERS, ...COMPOSITION],
    },
    {
      files: ['src/webhooks/**/*.ts'],
      reason: 'use cases depend on ports, never on adapters, HTTP, configuration or composition',
      forbid: [...ADAPTERS, ...DRIVERS, ...COMPOSITION, '**/projections/**'],
    },
    {
      files: ['projections/**/*.ts'],
      reason: 'use cases depend on ports, never on adapters, HTTP, configuration or composition',
      forbid: [...ADAPTERS, ...DRIVERS, ...COMPOSITION, '**/webhooks/**'],
    },
    {
      files: ['src/http/**/*.ts', 'src/audit/**/*.ts'],
      reason: 'HTTP and the audit use cases reach stores through their ports only',
      forbid: [...ADAPTERS, ...COMPOSITION],
    },
  ]),
  {
    files: ['test/**/*.ts'],
    rules: {
      // chai's property assertions (`expect(x).to.be.true`) are expressions by design.
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Requests to the service go through apiFetch, which checks each answer against /openapi.json.
    files: ['test/**/*.ts'],
    ignores: ['test/support/openApi/apiFetch.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        {
          name: 'fetch',
          message:
            'Use apiFetch (test/support/openApi/apiFetch.ts): it checks the answer against the OpenAPI document.',
        },
      ],
    },
  },
  {
    files: ['eslint.config.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  prettier,
);
