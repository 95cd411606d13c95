import { readFile, writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';
import { BACKGROUND_STAGES, STAGE_ORDER } from './profileStages.js';
import type { CatchUp } from './projectionCatchUp.js';
import type { LoadResult } from './runLoad.js';
import type { CpuPerRequest } from './serverCpu.js';

/** One scenario's load result and what the server spent on it. */
export interface Measured {
  readonly result: LoadResult;
  /** The server's CPU per request over the load. */
  readonly cpu: CpuPerRequest;
  /** New events with projections on: the CPU until they had all been projected, per event. */
  readonly catchUp?: CatchUp & { readonly cpu: CpuPerRequest };
  readonly rssMiB: number;
  readonly peakRssMiB: number;
  /** Monotonic µs (`process.hrtime`), the clock CPU profiles use: the load, and any catch-up. */
  readonly window: { readonly startMicros: number; readonly endMicros: number };
}

export interface ScenarioReport extends Measured {
  readonly mode: string;
  readonly server: string;
  readonly load: string;
  /** Counted responses per second: 2xx for the service, 401 for the forged flood. */
  readonly answeredPerSecond: number;
  /** µs per request by stage, from the main thread's CPU profile (with `--profile`). */
  readonly stages?: ReadonlyMap<string, number>;
  /** Events the store holds for the measured requests (the service only). */
  readonly stored: string;
  readonly target: string;
  readonly met: boolean | undefined;
}

const fixed = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The results as one Markdown table (also what the terminal shows). */
export function renderTable(reports: readonly ScenarioReport[], ceilingPerSecond: number): string {
  const header = [
    'mode',
    'server',
    'load',
    'answered/s',
    'vs Koa echo',
    'p50 ms',
    'p99 ms',
    'max ms',
    '2xx',
    'non-2xx',
    'errors',
    'server CPU µs/req (main thread)',
    'CPU µs/event until projected (lag at end)',
    'RSS MiB end / peak',
    'stored',
    'target',
    'met',
  ];
  const rows = reports.map((report) => {
    const { result } = report;
    const non2xx = Object.entries(result.statusCounts)
      .filter(([status]) => !status.startsWith('2'))
      .map(([status, count]) => `${fixed(count)} × ${status}`)
      .join(', ');
    return [
      report.mode,
      report.server,
      report.load,
      fixed(report.answeredPerSecond),
      ceilingPerSecond > 0
        ? `${fixed((100 * report.answeredPerSecond) / ceilingPerSecond)} %`
        : '–',
      fixed(result.latencyMs.p50, 1),
      fixed(result.latencyMs.p99, 1),
      fixed(result.latencyMs.max, 0),
      fixed(result.ok),
      non2xx || '0',
      fixed(result.errors),
      `${fixed(report.cpu.process)} (${fixed(report.cpu.mainThread)})`,
      report.catchUp
        ? `${fixed(report.catchUp.cpu.process)} (${fixed(report.catchUp.lagEventsAtEnd)}${report.catchUp.caughtUp ? '' : ', **not caught up**'})`
        : '–',
      `${fixed(report.rssMiB)} / ${fixed(report.peakRssMiB)}`,
      report.stored,
      report.target,
      report.met === undefined ? '–' : report.met ? 'yes' : '**no**',
    ];
  });
  return markdownTable(header, rows);
}

/** CPU µs per request by thread, one column per scenario. */
export function renderThreadTable(reports: readonly ScenarioReport[]): string {
  const threads = threadsOf(reports.map((report) => report.cpu));
  const header = ['thread', ...reports.map(columnName)];
  const rows = [
    ['main (event loop)', ...reports.map((report) => fixed(report.cpu.mainThread))],
    ...threads.map((thread) => [
      threadLabel(thread),
      ...reports.map((report) => fixed(report.cpu.threads[thread] ?? 0)),
    ]),
    ['**all threads**', ...reports.map((report) => `**${fixed(report.cpu.process)}**`)],
  ];
  return markdownTable(header, rows);
}

/**
 * µs per request by stage of the main thread (from its CPU profile, scaled to its /proc CPU), one
 * column per scenario, then every other thread's CPU; the per-event work of projections and the
 * digester is counted per new event, through the catch-up after the load.
 */
export function renderStageTable(reports: readonly ScenarioReport[]): string | undefined {
  const profiled = reports.filter((report) => report.stages);
  if (profiled.length === 0) return undefined;
  const cell = (report: ScenarioReport, stage: string) => fixed(report.stages?.get(stage) ?? 0);
  const sum = (report: ScenarioReport, stages: readonly string[]) =>
    stages.reduce((total, stage) => total + (report.stages?.get(stage) ?? 0), 0);
  const requestStages = STAGE_ORDER.filter((stage) => !BACKGROUND_STAGES.includes(stage));
  const header = ['stage (µs per request)', ...profiled.map(columnName)];
  const rows = [
    ...requestStages.map((stage) => [stage, ...profiled.map((report) => cell(report, stage))]),
    [
      '**main thread, the request itself**',
      ...profiled.map((report) => `**${fixed(sum(report, requestStages))}**`),
    ],
    ...BACKGROUND_STAGES.map((stage) => [stage, ...profiled.map((report) => cell(report, stage))]),
    [
      '**main thread, projecting and digesting it**',
      ...profiled.map((report) => `**${fixed(sum(report, BACKGROUND_STAGES))}**`),
    ],
    // A projection runner on a worker thread, and the SQLite threads, from /proc over the same window.
    ...threadsOf(profiled.map(windowCpu)).map((thread) => [
      `thread ${threadLabel(thread)} (all of its CPU)`,
      ...profiled.map((report) => fixed(windowCpu(report).threads[thread] ?? 0)),
    ]),
    ['**all threads**', ...profiled.map((report) => `**${fixed(windowCpu(report).process)}**`)],
  ];
  return markdownTable(header, rows);
}

/** The CPU over the window the stages cover: until projected for new events, else the load. */
const windowCpu = (report: ScenarioReport) => report.catchUp?.cpu ?? report.cpu;

const threadsOf = (cpus: readonly { readonly threads: Readonly<Record<string, number>> }[]) =>
  [...new Set(cpus.flatMap((cpu) => Object.keys(cpu.threads)))].sort((a, b) =>
    a === 'other' ? 1 : b === 'other' ? -1 : a.localeCompare(b),
  );

const threadLabel = (thread: string) =>
  thread === 'other' ? 'other (unnamed: V8 GC and compiler helpers, libuv pool, workers)' : thread;

const columnName = (report: ScenarioReport) =>
  report.mode === 'rate' ? `rate (${report.load})` : report.mode;

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, header.map(() => '---'), ...rows]
    .map((row) => `| ${row.join(' | ')} |`)
    .join('\n');
}

const START = '<!-- bench:ingest:start (generated by npm run bench:ingest -- --write-markdown) -->';
const END = '<!-- bench:ingest:end -->';

/**
 * Replaces the generated block of BENCHMARKS.md, keeping the hand-written text around it; creates
 * the file with just the block if it does not exist.
 */
export async function writeBenchmarksMarkdown(file: string, block: string): Promise<void> {
  const generated = `${START}\n\n${block.trim()}\n\n${END}`;
  let existing: string | undefined;
  try {
    existing = await readFile(file, 'utf8');
  } catch {
    existing = undefined;
  }
  const start = existing?.indexOf(START) ?? -1;
  const end = existing?.indexOf(END) ?? -1;
  const text =
    existing !== undefined && start >= 0 && end > start
      ? `${existing.slice(0, start)}${generated}${existing.slice(end + END.length)}`
      : `# Benchmarks\n\n${generated}\n`;
  // Formatted as `prettier --check` expects, so a regenerated file passes the lint.
  const options = (await resolveConfig(file)) ?? {};
  await writeFile(file, await format(text, { ...options, filepath: file }));
}
