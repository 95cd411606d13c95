import Router from '@koa/router';
import type { Context } from 'koa';
import { AppError } from '../../errors/appError.js';
import { isGatewayName } from '../../webhooks/gateway.js';
import type { IngestResult } from '../../webhooks/ingestResult.js';
import type { IngestWebhook } from '../../webhooks/ingestWebhook.js';
import type { GatewayRegistry } from '../../webhooks/gatewayRegistry.js';
import { UnsupportedMediaTypeError } from '../../webhooks/webhookErrors.js';
import { MethodNotAllowedError } from '../httpErrors.js';
import { isJsonContentType } from '../isJsonContentType.js';
import { readRawBody } from '../readRawBody.js';

export interface WebhooksRouterDeps {
  readonly gateways: GatewayRegistry;
  readonly ingestWebhook: IngestWebhook;
  readonly maxBodyBytes: number;
  readonly onOutcome?: (gateway: string, outcome: string) => void;
}

/**
 * `POST /webhooks/:gateway`, checked in this order: gateway known and configured → method →
 * content type → size → signature (in the use case) — so an unauthenticated caller never gets as
 * far as the JSON parser.
 */
export function webhooksRouter(deps: WebhooksRouterDeps): Router {
  const router = new Router();
  router.all('/webhooks/:gateway', async (ctx) => {
    const name = ctx.params['gateway'] ?? '';
    try {
      const outcome = await handle(ctx, name);
      deps.onOutcome?.(name, outcome);
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'internal_error';
      deps.onOutcome?.(isGatewayName(name) ? name : 'unknown', code);
      throw error;
    }
  });

  async function handle(ctx: Context, name: string): Promise<string> {
    const gateway = deps.gateways(name);
    if (ctx.method !== 'POST') throw new MethodNotAllowedError(['POST']);
    if (!isJsonContentType(ctx.get('content-type') || undefined)) {
      throw new UnsupportedMediaTypeError(ctx.get('content-type') || undefined);
    }
    const rawBody = await readRawBody(
      ctx,
      Math.min(deps.maxBodyBytes, gateway.maxBodyBytes ?? deps.maxBodyBytes),
    );
    const headers = ctx.headers as Record<string, string | undefined>;
    const result = await deps.ingestWebhook(
      gateway,
      { headers, rawBody },
      String(ctx.state['correlationId']),
    );
    ctx.status = result.outcome === 'quarantined' ? 202 : 200;
    ctx.body = responseBody(result);
    return result.outcome;
  }

  return router;
}

function responseBody(result: IngestResult): Record<string, string> {
  switch (result.outcome) {
    case 'accepted':
      return {
        status: 'accepted',
        eventId: result.eventId,
        stream: result.stream,
        revision: result.revision.toString(),
      };
    case 'duplicate':
      return { status: 'duplicate', eventId: result.eventId };
    case 'ignored':
    case 'quarantined':
      return {
        status: result.outcome,
        id: result.id,
        eventId: result.eventId,
        reason: result.reason,
      };
  }
}
