import { rebuildProjections } from '../../../projections/rebuild/rebuildProjections.js';
import { RebuildAlreadyRunningError } from '../../../projections/rebuild/rebuildLocks.js';
import type { ProjectionDefinition } from '../../../projections/projectionDefinition.js';
import type { BuildDifferences } from '../../../projections/rebuild/compareBuilds.js';
import { instanceId } from '../../instanceId.js';
import { createLogger } from '../../observability/logger.js';
import { openStores } from '../../openStores.js';
import { openStagingReadModelStore } from '../../readModels/sqlite/stagingReadModelStore.js';
import { PAYMENT_STREAM_PREFIX } from '../../domain/paymentStream.js';
import { projectionOptionsFrom } from '../../projectionOptions.js';
import {
  isModulePath,
  loadProjectionModule,
  loadProjectionModules,
  ProjectionModuleError,
} from '../../projectionModules.js';
import {
  CliFailure,
  CliUnusableError,
  CliUsageError,
  EXIT,
  type CliCommand,
} from '../cliCommand.js';
import { createProgressReporter } from '../progressBar.js';
import { configFromEnvironment } from '../configFromEnvironment.js';
import { parseCommandArgs } from '../runCli.js';

/** The projections named on the command line (all built-in ones when none is). */
async function chosenProjections(
  names: readonly string[],
  builtIn: readonly ProjectionDefinition[],
): Promise<ProjectionDefinition[]> {
  if (names.length === 0) return [...builtIn];
  const chosen: ProjectionDefinition[] = [];
  for (const name of names) {
    let definition: ProjectionDefinition | undefined;
    if (isModulePath(name)) {
      try {
        definition = await loadProjectionModule(name);
      } catch (error) {
        if (error instanceof ProjectionModuleError) throw new CliUsageError(error.message);
        throw error;
      }
    } else {
      definition = builtIn.find((candidate) => candidate.name === name);
      if (!definition) {
        throw new CliUsageError(
          `no projection "${name}"; built-in ones are ${builtIn.map((known) => known.name).join(', ')}, or give a module path (./my-projection.js)`,
        );
      }
    }
    if (!chosen.some((other) => other.name === definition.name)) chosen.push(definition);
  }
  return chosen;
}

function describeDifferences(projection: string, differences: BuildDifferences): string {
  const lines = [
    `${projection}: ${differences.added} added, ${differences.removed} removed, ${differences.different} different`,
  ];
  for (const kind of ['added', 'removed', 'different'] as const) {
    const examples = differences.examples[kind];
    if (examples.length > 0) lines.push(`  ${kind}: ${examples.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export const rebuildCommand: CliCommand = {
  name: 'rebuild',
  summary: 'rebuild read models from the whole log beside the live ones, then swap',
  help: `Usage: payledger rebuild [--projection NAME or ./module.js …] [--dry-run] [--allow-empty]

Rebuilds projections from the whole event log into fresh tables or collections beside the live
ones (<name>__rebuild_<n>) and swaps them in under the stable names once caught up. Safe while
the service runs: readers keep answering from the live ones, the service keeps every other
projection running untouched and continues each rebuilt one from its rebuild's checkpoint. On
MongoDB the running service swaps them in between two of its batches; with no service running,
this command does it itself after 15 s. On MongoDB (or FerretDB) the log is folded into a scratch
SQLite file in the temp dir first (TMPDIR), whose documents are then inserted into the fresh
collections: no lookups there, so the time grows with the log, not with its square.

Options:
  --projection NAME   rebuild only this projection (repeatable): payments, orders,
                      daily_totals, parked_payments, or the path of a module exporting a
                      projection definition (see the README, "Your own projections"), which is
                      materialized into its own table or collection. Default: every built-in one
                      and every module in PROJECTIONS_EXTRA.
  --dry-run           build the fresh version, print what would change against the live one
                      (documents added, removed and different, with up to 10 keys of each),
                      then drop it: nothing is swapped.
  --allow-empty       rebuild even from a log without payment events (which would swap in
                      empty read models); refused otherwise, since that is what a wrong
                      EVENTSTORE_URL looks like.

A projection being rebuilt is locked (projection_leases, rebuild:<name>): a second rebuild of
it is refused until the first ends, or 15 s after a process that died last renewed its lock.
If a store keeps failing for 60 s the rebuild gives up. Uses the same configuration as the
service (DATA_DIR, EVENTSTORE_URL, MONGODB_URL, or their _FILE forms); the embedded file must
exist. Progress goes to stderr (a bar with events/s and an ETA on a
terminal, a line every few seconds otherwise); the summary to stdout.

Exit codes: 0 rebuilt and swapped in (or, with --dry-run, compared), 1 refused (another
rebuild runs) or failed, 2 usage, configuration or store error (also: gave up, or an empty log
without --allow-empty), 130 interrupted.`,

  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      projection: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
      'allow-empty': { type: 'boolean', default: false },
    });
    const { config } = configFromEnvironment(io.env);
    const options = projectionOptionsFrom(config);
    const extra = await loadProjectionModules(config.projectionsExtra).catch((error: unknown) => {
      throw error instanceof ProjectionModuleError
        ? new CliUsageError(`PROJECTIONS_EXTRA: ${error.message}`)
        : error;
    });
    const definitions = await chosenProjections(values.projection ?? [], [
      ...options.definitions,
      ...extra,
    ]);
    const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, (line) =>
      io.err.write(line),
    );
    const stores = openStores(config, { requireExistingLog: true });
    try {
      const [first] = await stores.eventStore.readAll({
        maxCount: 1,
        streamPrefixes: [PAYMENT_STREAM_PREFIX],
      });
      if (!first && !values['allow-empty'])
        throw new CliUnusableError(
          `no payment events in ${stores.location}: a rebuild would swap in empty read models; if that log is the service's and is empty, pass --allow-empty`,
        );
      const total = stores.countPaymentEvents();
      const progress = createProgressReporter(io.err);
      const dryRun = values['dry-run'] === true;
      let copyStartedAt: number | undefined;
      const result = await rebuildProjections({
        eventStore: stores.eventStore,
        store: stores.readModels,
        definitions,
        holder: `rebuild:${instanceId()}`,
        dryRun,
        signal: io.signal,
        settings: options.settings,
        logger,
        openStaging: () => openStagingReadModelStore(),
        onProgress: ({ phase, events, documents, elapsedSeconds }) => {
          if (phase === 'building') {
            progress.update(events, total, elapsedSeconds);
            return;
          }
          if (copyStartedAt === undefined) {
            copyStartedAt = elapsedSeconds;
            progress.done();
            io.err.write(
              `${events.toLocaleString('en-US')} events folded into a staging file; copying its documents in\n`,
            );
          }
          progress.update(documents ?? 0, undefined, elapsedSeconds - copyStartedAt, 'documents');
        },
      }).catch((error: unknown) => {
        if (io.signal.aborted) return undefined;
        if (error instanceof RebuildAlreadyRunningError) throw new CliFailure(error.message);
        throw error;
      });
      progress.done();
      if (!result) {
        io.err.write('payledger rebuild: interrupted; nothing swapped\n');
        return EXIT.interrupted;
      }
      const figures = `${result.events.toLocaleString('en-US')} events in ${result.seconds.toFixed(1)} s (${result.eventsPerSecond.toLocaleString('en-US')} events/s)`;
      if (result.differences) {
        for (const [projection, differences] of Object.entries(result.differences)) {
          io.out.write(describeDifferences(projection, differences));
        }
        io.out.write(
          `dry run: ${definitions.map((definition) => definition.name).join(', ')} rebuilt from ${figures}, compared with the live ones and dropped; nothing swapped\n`,
        );
        return EXIT.ok;
      }
      io.out.write(
        `${Object.entries(result.generations)
          .map(([name, generation]) => `${name} (generation ${generation})`)
          .join(', ')} rebuilt and swapped in: ${figures}\n`,
      );
      return EXIT.ok;
    } finally {
      await stores.close();
    }
  },
};
