import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

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

function toAsset(file: string, path: string): ConsoleAsset {
  const body = readFileSync(file);
  const contentType = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
  const compressible = COMPRESSIBLE.test(contentType) && body.length > 512;
  return {
    body,
    br: compressible
      ? smaller(
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
          body,
        )
      : undefined,
    gzip: compressible ? smaller(gzipSync(body, { level: 9 }), body) : undefined,
    contentType,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    immutable: path.startsWith('assets/'),
  };
}

/**
 * Reads the console's build into memory once (about 100 KB): requests are then answered from
 * the map, and no request path ever reaches the file system. `undefined` when not built.
 */
export function loadConsoleAssets(dir: string): ConsoleAssets | undefined {
  if (!existsSync(join(dir, 'index.html'))) return undefined;
  const files = new Map<string, ConsoleAsset>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    const path = relative(dir, file).split(sep).join('/');
    files.set(path, toAsset(file, path));
  }
  const index = files.get('index.html');
  return index ? { index, files } : undefined;
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
