import type { Config } from './config/config.js';
import { BUILT_IN_PROJECTIONS } from '../projections/builtInProjections.js';
import {
  DEFAULT_LEASE_SETTINGS,
  type LeaseSettings,
} from '../projections/lease/leasedProjections.js';
import type { ProjectionDefinition } from '../projections/projectionDefinition.js';
import {
  DEFAULT_RUNNER_SETTINGS,
  type RunnerSettings,
} from '../projections/runner/runProjections.js';

export interface ProjectionOptions {
  readonly definitions: readonly ProjectionDefinition[];
  /** Plain data (a worker thread could receive it as it is). */
  readonly settings: RunnerSettings;
  readonly lease: LeaseSettings;
  readonly maxLagSeconds: number | undefined;
}

/** The one place the projections' options come from the configuration. */
export function projectionOptionsFrom(
  config: Pick<Config, 'projectionMaxLagSeconds'>,
): ProjectionOptions {
  return {
    definitions: BUILT_IN_PROJECTIONS,
    settings: DEFAULT_RUNNER_SETTINGS,
    lease: DEFAULT_LEASE_SETTINGS,
    maxLagSeconds: config.projectionMaxLagSeconds,
  };
}
