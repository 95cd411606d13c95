/**
 * SIGHUPs, listened for from the first moments of the process. Node ends a process on a SIGHUP
 * nobody listens for, so until `start` had its service up, a reload sent a little early (by a
 * deploy script, a secrets agent) killed the service instead; and a reload asked for while the
 * configuration was being read would have been lost.
 */
export interface Hangups {
  /**
   * Calls `listener` on every SIGHUP from now on, and once right away if any arrived before (the
   * configuration in use may predate it). Returns a function that stops listening.
   */
  subscribe(listener: () => void): () => void;
  /** Gives SIGHUP back its default (end the process), acting on one that came meanwhile. */
  release(): void;
}

export function listenForHangups(): Hangups {
  let pending = 0;
  let listener: (() => void) | undefined;
  const onHangup = () => {
    if (listener) listener();
    else pending += 1;
  };
  process.on('SIGHUP', onHangup);
  return {
    subscribe(next) {
      listener = next;
      if (pending > 0) {
        pending = 0;
        next();
      }
      return () => {
        if (listener === next) listener = undefined;
      };
    },
    release() {
      process.off('SIGHUP', onHangup);
      if (pending > 0) process.kill(process.pid, 'SIGHUP');
    },
  };
}
