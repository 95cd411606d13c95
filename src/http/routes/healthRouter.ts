import Router from '@koa/router';

export type CheckResult = { readonly ready: boolean; readonly reason?: string } & Readonly<
  Record<string, unknown>
>;

export interface ReadinessCheck {
  readonly name: string;
  /**
   * Whether this check decides `/readyz`'s status; others are only reported in its body, unless
   * the caller names them in `?require=`.
   */
  readonly gates: boolean;
  /** Rejecting counts as not ready, with the error's message as the reason. */
  readonly check: () => Promise<CheckResult>;
}

/** A check that does not answer in time is not ready: `/readyz` itself must never hang. */
const CHECK_TIMEOUT_MS = 2000;

function withTimeout(check: () => Promise<CheckResult>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => {
      resolve({ ready: false, reason: `no answer within ${CHECK_TIMEOUT_MS / 1000} s` });
    }, CHECK_TIMEOUT_MS);
  });
  const result = check().catch((error: unknown): CheckResult => ({
    ready: false,
    reason: error instanceof Error ? error.message : String(error),
  }));
  return Promise.race([result, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

/**
 * `/healthz`: the process answers. `/readyz`: the gating checks pass (503 otherwise), with every
 * check's details in the body; `?require=projections` (comma-separated names) makes those gate
 * too, for a load balancer in front of the query API.
 */
export function healthRouter(checks: readonly ReadinessCheck[]): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const required = new Set(
      (typeof ctx.query['require'] === 'string' ? ctx.query['require'] : '')
        .split(',')
        .filter(Boolean),
    );
    const results = await Promise.all(
      checks.map(async ({ name, gates, check }) => {
        const result = await withTimeout(check);
        return { name, gates: gates || required.has(name), result };
      }),
    );
    const ready = results.every(({ gates, result }) => !gates || result.ready);
    ctx.status = ready ? 200 : 503;
    if (!ready) ctx.set('Retry-After', '5');
    ctx.body = {
      status: ready ? 'ready' : 'not_ready',
      checks: Object.fromEntries(results.map(({ name, result }) => [name, result])),
    };
  });
  return router;
}
