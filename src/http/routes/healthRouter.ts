import Router from '@koa/router';

export interface ReadinessCheck {
  readonly name: string;
  /** Resolves with details when ready; rejects (with a reason) when not. */
  readonly check: () => Promise<Record<string, unknown>>;
}

/** `/healthz`: the process answers. `/readyz`: every dependency answers too (503 otherwise). */
export function healthRouter(checks: readonly ReadinessCheck[]): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const results = await Promise.all(
      checks.map(async ({ name, check }) => {
        try {
          const details = await check();
          return [name, { ready: true, ...details }] as const;
        } catch (error) {
          return [
            name,
            { ready: false, reason: error instanceof Error ? error.message : String(error) },
          ] as const;
        }
      }),
    );
    const ready = results.every(([, result]) => result.ready);
    ctx.status = ready ? 200 : 503;
    if (!ready) ctx.set('Retry-After', '5');
    const details = new Map<string, unknown>(results);
    ctx.body = { status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(details) };
  });
  return router;
}
