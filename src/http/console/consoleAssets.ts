import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const compressBrotli = promisify(brotliCompress);
const compressGzip = promisify(gzip);

export interface ConsoleAsset {
  readonly body: Buffer;
  /** Precompressed copies, kept only when smaller than the original. */
  readonly br: Buffer | undefined;
  readonly gzip: Buffer | undefined;
  readonly contentType: string;
  readonly etag: string;
  /** Vite names files under `assets/` by their content hash, so they never change. */
  readonly immutable: boolean;
}

/** The built console: `index.html` and every file beside it, keyed by path (`assets/x.js`). */
export interface ConsoleAssets {
  readonly index: ConsoleAsset;
  readonly files: ReadonlyMap<string, ConsoleAsset>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

const COMPRESSIBLE = /^(text\/|image\/svg|application\/json)/;

function smaller(compressed: Buffer, original: Buffer): Buffer | undefined {
  return compressed.length < original.length ? compressed : undefined;
}

async function toAsset(file: string, path: string): Promise<ConsoleAsset> {
  const body = await readFile(file);
  const contentType = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
  const compressible = COMPRESSIBLE.test(contentType) && body.length > 512;
  // Compression runs on libuv's thread pool, so loading never blocks the event loop.
  const [br, gzipped] = compressible
    ? await Promise.all([
        compressBrotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        compressGzip(body, { level: 9 }),
      ])
    : [];
  return {
    body,
    br: br && smaller(br, body),
    gzip: gzipped && smaller(gzipped, body),
    contentType,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    immutable: path.startsWith('assets/'),
  };
}

export function isConsoleBuilt(dir: string): boolean {
  return existsSync(join(dir, 'index.html'));
}

async function loadConsoleAssets(dir: string): Promise<ConsoleAssets | undefined> {
  if (!isConsoleBuilt(dir)) return undefined;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, ConsoleAsset>();
  for (const entry of entries.filter((candidate) => candidate.isFile())) {
    const file = join(entry.parentPath, entry.name);
    const path = relative(dir, file).split(sep).join('/');
    files.set(path, await toAsset(file, path));
  }
  const index = files.get('index.html');
  return index ? { index, files } : undefined;
}

/**
 * The console's build, read into memory (about 100 KB) and compressed on the first request for
 * it, so a service that never serves the console pays nothing. Requests are answered from the
 * map: no request path ever reaches the file system. `undefined` when the console is not built.
 */
export function consoleAssetsFrom(dir: string): () => Promise<ConsoleAssets | undefined> {
  let loading: Promise<ConsoleAssets | undefined> | undefined;
  return () => {
    loading ??= loadConsoleAssets(dir).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

/**
 * `dist/console` of this package, found from this module's own place, which is `src/http/console`
 * under tsx and `dist/src/http/console` when compiled (also in the Docker image).
 */
export function defaultConsoleDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'console');
}
