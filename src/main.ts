/** `npm start`: the same as `payledger start`. */
import { listenForHangups } from './cli/hangups.js';

// Before the rest of the program loads: from here on a SIGHUP is a reload, never the end.
const hangups = listenForHangups();
const { runFromProcess } = await import('./cli/runFromProcess.js');
await runFromProcess(['start', ...process.argv.slice(2)], hangups);
