import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem } from 'node:os';

/** One line naming the machine a figure was measured on; figures mean nothing without it. */
export function describeMachine(): string {
  const cores = cpus();
  return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}

/** The kernel and the disk under `path` (filesystem, size, device, rotational flag, model). */
export function describeStorage(path: string): string[] {
  const run = (command: string, args: readonly string[]) => {
    try {
      return execFileSync(command, args, { encoding: 'utf8' }).trim();
    } catch {
      return `(${command} unavailable)`;
    }
  };
  return [
    `kernel ${release()}`,
    `df -hT ${path}:`,
    run('df', ['-hT', path]),
    'lsblk -d -o NAME,SIZE,ROTA,TYPE,MODEL:',
    run('lsblk', ['-d', '-o', 'NAME,SIZE,ROTA,TYPE,MODEL']),
  ];
}
