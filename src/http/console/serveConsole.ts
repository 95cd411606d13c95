import type { Context, Middleware } from 'koa';
import { AppError } from '../../errors/appError.js';
import { MethodNotAllowedError, RouteNotFoundError } from '../httpErrors.js';
import type { ConsoleAsset, ConsoleAssets } from './consoleAssets.js';
import { CONSOLE_SECURITY_HEADERS } from './securityHeaders.js';

export const CONSOLE_PATH = '/console';

export class ConsoleNotBuiltError extends AppError {
  readonly code = 'console_not_built';

  constructor() {
    super('The web console has not been built: run `npm run build` (`npm start` does it).');
  }
}

function send(ctx: Context, asset: ConsoleAsset): void {
  ctx.set('Cache-Control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  ctx.set('Vary', 'Accept-Encoding');
  ctx.status = 200;
  ctx.etag = asset.etag;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  const encoding = ctx.acceptsEncodings('br', 'gzip', 'identity');
  const encoded = encoding === 'br' ? asset.br : encoding === 'gzip' ? asset.gzip : undefined;
  if (encoded && typeof encoding === 'string') ctx.set('Content-Encoding', encoding);
  ctx.type = asset.contentType;
  ctx.body = encoded ?? asset.body;
}

/**
 * `/console` and everything below it: the built files by their exact path, `index.html` for the
 * console's own routes (`/console/payments/…`, so links and reloads work), and a 404 for any
 * other file, which is what a stale or mistyped asset URL is.
 */
export function serveConsole(loadAssets: () => Promise<ConsoleAssets | undefined>): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== CONSOLE_PATH && !ctx.path.startsWith(`${CONSOLE_PATH}/`)) {
      await next();
      return;
    }
    ctx.set(CONSOLE_SECURITY_HEADERS);
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') throw new MethodNotAllowedError(['GET']);
    const assets = await loadAssets();
    if (!assets) throw new ConsoleNotBuiltError();
    const path = ctx.path.slice(CONSOLE_PATH.length + 1);
    const file = assets.files.get(path);
    const lastSegment = path.split('/').at(-1) ?? '';
    if (!file && (path.startsWith('assets/') || lastSegment.includes('.'))) {
      throw new RouteNotFoundError(ctx.path);
    }
    send(ctx, file ?? assets.index);
  };
}
