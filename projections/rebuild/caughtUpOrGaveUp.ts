import { ReadModelUnavailableError } from '../../src/readModels/readModelErrors.js';
import type { ProjectionRunner } from '../runner/runProjections.js';

const sleep = (ms: number) =>
  new Promise<'slept'>((resolve) =>
    setTimeout(() => {
      resolve('slept');
    }, ms),
  );

/** Waits for a runner to catch up; gives up when it keeps failing, or when stopped. */
export async function caughtUpOrGaveUp(
  runner: ProjectionRunner,
  giveUpAfterMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  let failingSince: number | undefined;
  const caughtUp = runner.whenCaughtUp().then(() => 'caught-up' as const);
  for (;;) {
    if ((await Promise.race([caughtUp, sleep(250)])) === 'caught-up') return;
    if (signal?.aborted) throw new Error('rebuild interrupted');
    const status = runner.status();
    if (status.state !== 'retrying') {
      failingSince = undefined;
      continue;
    }
    failingSince ??= performance.now();
    if (performance.now() - failingSince > giveUpAfterMs) {
      throw new ReadModelUnavailableError(
        `gave up after ${Math.round(giveUpAfterMs / 1000)} s of failures: ${status.lastError ?? 'unknown error'}`,
      );
    }
  }
}
