import { useEffect, useState } from 'preact/hooks';
import { ROLES, type Role } from './roles.js';

export interface Session {
  readonly token: string;
  readonly role: Role;
}

/**
 * The token lives in sessionStorage: it is gone when the tab closes and is not shared with other
 * tabs, and it is never put in a URL. It is only ever sent as the bearer token.
 */
const STORAGE_KEY = 'payledger.session';

type Listener = (session: Session | undefined, reason?: string) => void;
const listeners = new Set<Listener>();

export function readSession(): Session | undefined {
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof stored !== 'object' || stored === null) return undefined;
    const { token, role } = stored as Record<string, unknown>;
    if (typeof token !== 'string' || !ROLES.includes(role as Role)) return undefined;
    return { token, role: role as Role };
  } catch {
    return undefined;
  }
}

export function signIn(session: Session): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  for (const listener of listeners) listener(session);
}

/** Forgets the token; `reason` is shown on the sign-in page (e.g. the server refused it). */
export function signOut(reason?: string): void {
  sessionStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener(undefined, reason);
}

export function useSession(): { session: Session | undefined; signOutReason: string | undefined } {
  const [state, setState] = useState(() => ({
    session: readSession(),
    signOutReason: undefined as string | undefined,
  }));
  useEffect(() => {
    const listener: Listener = (session, reason) => {
      setState({ session, signOutReason: reason });
    };
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return state;
}
