import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The parts of a V8 `.cpuprofile` (as `node --cpu-prof` writes it) read here. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string };
    readonly children?: readonly number[];
  }[];
  /** Microseconds on the monotonic clock (`process.hrtime`), shared by every process. */
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

interface Frame {
  readonly functionName: string;
  readonly url: string;
}

type Rule = (frame: Frame) => boolean;

const inFile =
  (...fragments: readonly string[]): Rule =>
  (frame) =>
    fragments.some((fragment) => frame.url.includes(fragment));
const inFunction =
  (file: string, ...names: readonly string[]): Rule =>
  (frame) =>
    frame.url.includes(file) && names.includes(frame.functionName);

/**
 * Work that is not one request's: a sample with any of these frames on its stack is theirs,
 * whatever else the stack holds (they are driven by timers and subscriptions, not by requests).
 */
const BACKGROUND: readonly (readonly [string, Rule])[] = [
  ['projections (runner, fold, read-model writes)', inFile('/projections/', '/src/readModels/')],
  ['audit digester (fold of each event)', inFile('/src/audit/digest/', 'startAuditDigests')],
  [
    'log reads for projections and digester',
    inFile('/eventStore/sqlite/pollingSubscription', '/eventStore/sqlite/readAll'),
  ],
];

const ERROR_ANSWER = 'error answer (401 and others)';
const ERROR_MIDDLEWARE = inFile('/src/http/errorMiddleware');

/**
 * The stages of one webhook, each named by the code that does it. The innermost frame of a
 * sample that one of these names decides its stage, so Node's own stream or crypto code is
 * counted in the stage that called it.
 */
const STAGES: readonly (readonly [string, Rule])[] = [
  ['raw body', inFile('/src/http/readRawBody')],
  [
    'signature (HMAC)',
    (frame) =>
      /\/verify\w*Signature\.js/.test(frame.url) ||
      inFile('/signatures/', 'standardWebhookSecret')(frame),
  ],
  ['redelivery check', inFile('/src/webhooks/redeliveries')],
  ['JSON decode', inFile('/src/webhooks/decodeJsonBody', '/src/webhooks/exactNumber')],
  [
    'dedupe read',
    (frame) =>
      inFile('/eventStore/sqlite/readStream', '/eventStore/sqlite/eventRow')(frame) ||
      inFunction('/eventStore/sqlite/sqliteEventStore', 'readStream')(frame) ||
      inFunction('/eventStore/instrumentEventStore', 'readStream')(frame),
  ],
  [
    'append hand-off (chain values, serialization, to the writer thread)',
    inFile(
      '/eventStore/sqlite/sqliteEventStore',
      '/eventStore/sqlite/groupCommitWriter',
      '/eventStore/appendSizeLimit',
      '/eventStore/instrumentEventStore',
      '/src/audit/chain/',
      '/src/audit/canonicalJson',
      '/src/webhooks/appendPaymentEvent',
      'node:internal/worker',
    ),
  ],
  [
    'validation and normalization (zod, gateway, canonical event)',
    inFile(
      '/src/webhooks/gateways/',
      '/node_modules/zod/',
      '/src/domain/',
      '/src/webhooks/checkOccurredAt',
      '/src/webhooks/paymentEventFor',
    ),
  ],
  [
    'ingest use case (serializer, admission)',
    inFile(
      '/src/webhooks/ingestWebhook',
      '/src/webhooks/keyedSerializer',
      '/src/webhooks/admissionLimit',
    ),
  ],
  [
    'response (JSON body, write to the socket)',
    (frame) =>
      inFunction('/node_modules/koa/lib/application', 'respond', 'handleResponse')(frame) ||
      inFunction('/src/http/routes/webhooksRouter', 'responseBody')(frame),
  ],
  [ERROR_ANSWER, inFile('/src/errors/', '/src/webhooks/webhookErrors')],
  ['log lines', inFile('/src/observability/logger')],
  ['metrics', inFile('/node_modules/prom-client/', '/src/observability/metrics')],
];

/** What is left of a request: Node's HTTP parser and sockets, Koa, the router, middleware. */
const HTTP_AND_KOA: Rule = inFile(
  'node:_http',
  'node:net',
  'node:internal/stream',
  'node:events',
  'node:internal/http',
  '/node_modules/koa',
  '/node_modules/@koa/',
  '/node_modules/delegates/',
  '/node_modules/statuses/',
  '/node_modules/content-type',
  '/node_modules/type-is/',
  '/node_modules/mime',
  '/node_modules/accepts/',
  '/node_modules/negotiator/',
  '/node_modules/vary/',
  '/node_modules/path-to-regexp/',
  '/node_modules/on-finished/',
  '/node_modules/ee-first/',
  '/node_modules/only/',
  '/node_modules/encodeurl/',
  '/node_modules/escape-html/',
  '/node_modules/fresh/',
  '/node_modules/cookies/',
  '/node_modules/http-errors/',
  '/node_modules/depd/',
  '/src/http/',
  '/scripts/bench/koaEchoServer',
  '/node_modules/koa-bodyparser/',
  '/node_modules/co-body/',
  '/node_modules/raw-body/',
  '/node_modules/inflation/',
  '/node_modules/bytes/',
  '/node_modules/iconv-lite/',
  '/node_modules/qs/',
);
export const HTTP_AND_KOA_STAGE = 'HTTP + Koa (parser, middleware, router)';
const GC = 'garbage collection';
const V8 = 'V8 and native code outside JS (compiler, ICs)';
const OTHER = 'other (timers, microtask queue, start-up)';

/** Every stage in the order a table shows them. */
export const STAGE_ORDER: readonly string[] = [
  HTTP_AND_KOA_STAGE,
  ...STAGES.map(([name]) => name),
  GC,
  V8,
  OTHER,
  ...BACKGROUND.map(([name]) => name),
];

export const BACKGROUND_STAGES: readonly string[] = BACKGROUND.map(([name]) => name);

function stageOfStack(stack: readonly Frame[]): string | undefined {
  const leaf = stack[0];
  if (leaf?.functionName === '(idle)') return undefined;
  if (leaf?.functionName === '(garbage collector)') return GC;
  if (leaf?.functionName === '(program)') return V8;
  for (const [name, rule] of BACKGROUND) if (stack.some(rule)) return name;
  let onlyNodeBelow = true;
  for (const frame of stack) {
    for (const [name, rule] of STAGES) if (rule(frame)) return name;
    // The error middleware wraps every request: only its own code (and Node's under it) is the
    // error answer, not the whole chain it awaits.
    if (onlyNodeBelow && ERROR_MIDDLEWARE(frame)) return ERROR_ANSWER;
    onlyNodeBelow &&= frame.url === '' || frame.url.startsWith('node:');
  }
  return stack.some(HTTP_AND_KOA) ? HTTP_AND_KOA_STAGE : OTHER;
}

/**
 * Busy time per stage, in microseconds of samples, within [startMicros, endMicros) on the
 * monotonic clock. Idle samples are left out.
 */
export function stageTimes(
  profile: CpuProfile,
  window: { readonly startMicros: number; readonly endMicros: number },
): Map<string, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parents.set(child, node.id);
  }
  const stageOfNode = new Map<number, string | undefined>();
  const stageOf = (id: number): string | undefined => {
    if (stageOfNode.has(id)) return stageOfNode.get(id);
    const stack: Frame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const node = nodes.get(at);
      if (node) stack.push(node.callFrame);
    }
    const stage = stageOfStack(stack);
    stageOfNode.set(id, stage);
    return stage;
  };

  const times = new Map<string, number>();
  let now = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    now += delta;
    if (now < window.startMicros || now >= window.endMicros) return;
    const stage = stageOf(id);
    if (stage !== undefined) times.set(stage, (times.get(stage) ?? 0) + delta);
  });
  return times;
}

/** The main thread's profile of process `pid` in a `--cpu-prof-dir` (thread id 0 in its name). */
export async function readMainThreadProfile(dir: string, pid: number): Promise<CpuProfile> {
  const name = (await readdir(dir)).find((file) =>
    new RegExp(`^CPU\\.\\d+\\.\\d+\\.${pid}\\.0\\.\\d+\\.cpuprofile$`).test(file),
  );
  if (!name) throw new Error(`no main-thread CPU profile of process ${pid} in ${dir}`);
  return JSON.parse(await readFile(join(dir, name), 'utf8')) as CpuProfile;
}
