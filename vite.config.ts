import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { CURRENCY_EXPONENTS } from './src/domain/currency.js';
import { PAYMENT_STATUSES } from './src/domain/paymentStatus.js';
import { GATEWAY_NAMES } from './src/webhooks/gateway.js';

const VOCABULARY_MODULE = 'virtual:payledger-vocabulary';

/**
 * The console formats money with the ISO 4217 exponents the service converted it with, and
 * offers the gateways and statuses the service knows. It may not import server code, so the
 * build hands it these lists as data, in a virtual module.
 */
function vocabulary(): Plugin {
  const resolvedId = `\0${VOCABULARY_MODULE}`;
  const data = {
    currencyExponents: Object.fromEntries(CURRENCY_EXPONENTS),
    paymentStatuses: PAYMENT_STATUSES,
    gateways: GATEWAY_NAMES,
  };
  return {
    name: 'payledger-vocabulary',
    resolveId: (id) => (id === VOCABULARY_MODULE ? resolvedId : undefined),
    load: (id) =>
      id === resolvedId
        ? Object.entries(data)
            .map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};`)
            .join('\n')
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
  plugins: [vocabulary()],
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
