import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { CURRENCY_EXPONENTS } from './src/domain/currency.js';

const CURRENCY_MODULE = 'virtual:currency-exponents';

/**
 * The console formats money with the ISO 4217 exponents the service converted it with. It may
 * not import server code, so the build hands it the table as data in a virtual module.
 */
function currencyExponents(): Plugin {
  const resolvedId = `\0${CURRENCY_MODULE}`;
  return {
    name: 'payledger-currency-exponents',
    resolveId: (id) => (id === CURRENCY_MODULE ? resolvedId : undefined),
    load: (id) =>
      id === resolvedId
        ? `export default ${JSON.stringify(Object.fromEntries(CURRENCY_EXPONENTS))};`
        : undefined,
  };
}

/** The API paths `npm run dev:console` forwards to a service running on PORT (default 3000). */
const API_PATHS = ['/session', '/payments', '/orders', '/reports', '/readyz', '/quarantine'];
const apiUrl = `http://127.0.0.1:${process.env['PORT'] ?? '3000'}`;

export default defineConfig({
  root: fileURLToPath(new URL('src/console', import.meta.url)),
  base: '/console/',
  publicDir: 'public',
  plugins: [currencyExponents()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Every asset is a file of its own: the Content-Security-Policy allows no data: URLs.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  server: {
    proxy: Object.fromEntries(API_PATHS.map((path) => [path, apiUrl])),
  },
});
