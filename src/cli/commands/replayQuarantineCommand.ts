import { randomUUID } from 'node:crypto';
import { systemClock } from '../../domain/clock.js';
import { AppError } from '../../errors/appError.js';
import { openStores } from '../../openStores.js';
import { GATEWAY_NAMES, isGatewayName, type GatewayName } from '../../webhooks/gateway.js';
import { createGatewayRegistry } from '../../webhooks/gatewayRegistry.js';
import { DELIVERY_KINDS, type DeliveryKind } from '../../webhooks/deliveries/deliveryStreams.js';
import { listDeliveries } from '../../webhooks/deliveries/listDeliveries.js';
import { listLegacyDeliveries } from '../../webhooks/deliveries/listLegacyDeliveries.js';
import {
  createReplayDelivery,
  type ReplayResult,
} from '../../webhooks/deliveries/replayDelivery.js';
import { GatewayRateLimitedError } from '../../webhooks/webhookErrors.js';
import { CliUsageError, EXIT, type CliCommand } from '../cliCommand.js';
import { configFromEnvironment } from '../configFromEnvironment.js';
import { parseCommandArgs } from '../runCli.js';

const PAGE = 100;
const IN_FLIGHT = 16;

function describe(result: ReplayResult): string {
  switch (result.outcome) {
    case 'accepted':
    case 'duplicate':
      return `${result.outcome.padEnd(16)} ${result.stream} (event ${result.eventId})`;
    case 'ignored':
    case 'invalid':
      return `${`still ${result.outcome}`.padEnd(16)} ${result.reason}`;
    case 'already_resolved':
      return `${'already resolved'.padEnd(16)} ${result.resolution.stream} (event ${result.resolution.eventId})`;
  }
}

async function* openIds(
  eventStore: Parameters<typeof listDeliveries>[0],
  kinds: readonly DeliveryKind[] | undefined,
  gateways: readonly GatewayName[] | undefined,
): AsyncGenerator<string> {
  let cursor: string | undefined;
  do {
    const page = await listDeliveries(eventStore, {
      limit: PAGE,
      state: 'open',
      ...(kinds ? { kinds } : {}),
      ...(gateways ? { gateways } : {}),
      ...(cursor ? { cursor } : {}),
    });
    for (const item of page.items) yield item.id;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

function parseOptions(args: readonly string[]) {
  const { values } = parseCommandArgs(args, {
    id: { type: 'string', multiple: true },
    all: { type: 'boolean', default: false },
    kind: { type: 'string' },
    gateway: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  });
  const ids = values.id ?? [];
  if (values.all === ids.length > 0) throw new CliUsageError('give either --id … or --all');
  if (values.kind !== undefined && !(DELIVERY_KINDS as readonly string[]).includes(values.kind))
    throw new CliUsageError(`--kind must be one of ${DELIVERY_KINDS.join(', ')}`);
  if (values.gateway !== undefined && !isGatewayName(values.gateway))
    throw new CliUsageError(`--gateway must be one of ${GATEWAY_NAMES.join(', ')}`);
  if (!values.all && (values.kind !== undefined || values.gateway !== undefined))
    throw new CliUsageError('--kind and --gateway only go with --all');
  return {
    ids,
    all: values.all,
    dryRun: values['dry-run'],
    kinds: values.kind === undefined ? undefined : [values.kind as DeliveryKind],
    gateways: values.gateway === undefined ? undefined : [values.gateway],
  };
}

export const replayQuarantineCommand: CliCommand = {
  name: 'replay-quarantine',
  summary: "re-run quarantined and ignored deliveries through today's code",
  help: `Usage: payledger replay-quarantine (--id ID … | --all [--kind KIND] [--gateway NAME]) [--dry-run]

Re-runs kept deliveries (quarantined, or ignored as an event type payledger did not model)
through today's code, as GET /quarantine lists them. One that now becomes a payment event is
appended to its payment exactly once (a redelivery of the same event, before or after, is the
same event) and its entry is marked resolved; nothing is ever deleted. One that still cannot be
used stays open. Safe while the service runs. Uses the same configuration as the service (the
embedded file must exist): the gateway's secret or keys must be set (Ippopay is asked again
about the order).

  --id ID          a delivery id from GET /quarantine (repeat for several)
  --all            every open delivery, oldest first
  --kind KIND      with --all: only quarantined or only ignored
  --gateway NAME   with --all: only stripe, razorpay, ippopay or generic
  --dry-run        write nothing; say what each re-run would do

One line per delivery on stdout, then a summary line.

Exit codes: 0 done (deliveries that are still unusable are listed, not an error), 1 an --id was
not found or a re-run failed, 2 usage, configuration or store error, 130 interrupted.`,

  async run(args, io) {
    const options = parseOptions(args);
    const { config } = configFromEnvironment(io.env);
    const stores = openStores(config, { requireExistingLog: true });
    const replay = createReplayDelivery({
      eventStore: stores.eventStore,
      gateways: createGatewayRegistry(config),
      clock: systemClock,
    });
    const correlationId = `replay-${randomUUID()}`;
    const counts = new Map<string, number>();
    const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
    try {
      // Deliveries an older payledger quarantined without a list pointer get one first.
      if (options.all && !options.dryRun)
        await listLegacyDeliveries(stores.eventStore, { signal: io.signal });
      const ids = options.all
        ? openIds(stores.eventStore, options.kinds, options.gateways)
        : options.ids;
      // A few at once, so their appends share group commits; printed in order.
      let batch: string[] = [];
      const flush = async () => {
        const lines = await Promise.all(
          batch.map((id) =>
            replayOne(id, () => replay(id, { dryRun: options.dryRun, correlationId })),
          ),
        );
        lines.forEach((line, index) => {
          count(line.key);
          io.out.write(`${batch[index] ?? ''}  ${line.text}\n`);
        });
        batch = [];
      };
      for await (const id of ids) {
        if (io.signal.aborted) break;
        batch.push(id);
        if (batch.length === IN_FLIGHT) await flush();
      }
      if (!io.signal.aborted) await flush();
    } finally {
      await stores.close();
    }
    io.out.write(summary(counts, options.dryRun));
    if (io.signal.aborted) return EXIT.interrupted;
    return (counts.get('failed') ?? 0) > 0 ? EXIT.failed : EXIT.ok;

    async function replayOne(
      id: string,
      run: () => Promise<ReplayResult>,
    ): Promise<{ key: string; text: string }> {
      for (;;) {
        try {
          const result = await run();
          return { key: result.outcome, text: describe(result) };
        } catch (error) {
          if (error instanceof GatewayRateLimitedError && !io.signal.aborted) {
            await sleep(error.retryAfterSeconds * 1000, io.signal);
            continue;
          }
          if (!(error instanceof AppError)) throw error;
          if (error.code === 'store_unavailable') throw error;
          return { key: 'failed', text: `${'failed'.padEnd(16)} ${error.message} (${error.code})` };
        }
      }
    }
  },
};

function summary(counts: ReadonlyMap<string, number>, dryRun: boolean): string {
  const n = (key: string) => counts.get(key) ?? 0;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const parts = [
    `${n('accepted')} ${dryRun ? 'would be accepted' : 'accepted'}`,
    `${n('duplicate')} duplicate`,
    `${n('invalid')} still invalid`,
    `${n('ignored')} still ignored`,
    `${n('already_resolved')} already resolved`,
    `${n('failed')} failed`,
  ];
  return `${dryRun ? 'dry run, nothing written: ' : ''}${total} ${total === 1 ? 'delivery' : 'deliveries'} re-run: ${parts.join(', ')}\n`;
}
