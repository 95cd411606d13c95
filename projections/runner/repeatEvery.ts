/**
 * Runs `round` every `intervalMs`, timed from the end of the previous round, so it never
 * overlaps itself however slow a round is. A failed round goes to `onFailure` and stops the
 * repetition when `onFailure` is given, and is ignored (the next round runs) when it is not.
 */
export function repeatEvery(
  intervalMs: number,
  round: () => Promise<void>,
  onFailure?: (error: unknown) => void,
): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().then(schedule, (error: unknown) => {
        if (stopped) return;
        if (onFailure) onFailure(error);
        else schedule();
      });
    }, intervalMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
