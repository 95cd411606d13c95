import { apiFetch } from './openApi/apiFetch.js';

/** What `/readyz` reports about the projections (see `ProjectionHealthReport`). */
export interface ProjectionsCheck {
  readonly ready: boolean;
  readonly reason?: string;
  readonly state: string;
  readonly caughtUp: boolean;
  readonly lastError: string | null;
  readonly parkedPayments: number;
  readonly projections: Readonly<
    Record<
      string,
      {
        readonly position: { readonly commit: string; readonly prepare: string } | null;
        readonly lagSeconds: number;
        readonly lagEvents: number;
        readonly generation: number | null;
      }
    >
  >;
}

export interface Readiness {
  readonly status: number;
  readonly body: {
    readonly status: string;
    readonly checks: {
      readonly eventStore?: { readonly ready: boolean; readonly reason?: string };
      readonly readModels?: { readonly ready: boolean; readonly reason?: string };
      readonly projections?: ProjectionsCheck;
    };
  };
}

export async function readiness(url: string, query = ''): Promise<Readiness> {
  const response = await apiFetch(`${url}/readyz${query}`);
  return { status: response.status, body: (await response.json()) as Readiness['body'] };
}

/** The lowest checkpoint (commit) of all projections; undefined while any has none. */
export function lowestProjectedPosition(check: ProjectionsCheck | undefined): bigint | undefined {
  if (!check) return undefined;
  let lowest: bigint | undefined;
  for (const { position } of Object.values(check.projections)) {
    if (position === null) return undefined;
    const commit = BigInt(position.commit);
    if (lowest === undefined || commit < lowest) lowest = commit;
  }
  return lowest;
}
