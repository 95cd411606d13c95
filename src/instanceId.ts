import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * This process's name as a lease holder: the host (a container's hostname is its id), the
 * process id and a random suffix, so a restarted process is never mistaken for its predecessor.
 */
export function instanceId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}
