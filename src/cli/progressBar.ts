/** `42s`, `3m 05s`, `1h 02m`. */
function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * A one-line progress bar redrawn in place on a terminal; on anything else (CI logs, pipes) a
 * plain line at most every `plainEverySeconds`.
 */
export function createProgressReporter(
  stream: NodeJS.WritableStream & { readonly isTTY?: boolean },
  plainEverySeconds = 2,
) {
  let lastPlainAt = -Infinity;
  const number = (n: number) => n.toLocaleString('en-US');

  return {
    update(done: number, total: number | undefined, elapsedSeconds: number, unit = 'events'): void {
      const rate = elapsedSeconds > 0 ? Math.round(done / elapsedSeconds) : 0;
      const fraction = total ? Math.min(1, done / total) : undefined;
      const eta =
        total && rate > 0 && done < total ? `, ETA ${duration((total - done) / rate)}` : '';
      const counts = `${number(done)}${total ? `/${number(total)}` : ''} ${unit}, ${number(rate)} ${unit}/s${eta}`;
      if (stream.isTTY) {
        const width = 30;
        const filled = Math.round((fraction ?? 0) * width);
        const bar =
          fraction === undefined
            ? ''
            : `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% `;
        stream.write(`\r${bar}${counts}\u001b[K`);
      } else if (elapsedSeconds - lastPlainAt >= plainEverySeconds) {
        lastPlainAt = elapsedSeconds;
        stream.write(
          `${fraction === undefined ? '' : `${(fraction * 100).toFixed(0)}% `}${counts}\n`,
        );
      }
    },
    done(): void {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
