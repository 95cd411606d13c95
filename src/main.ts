/** `npm start`: the same as `payledger start`. */
import { runFromProcess } from './cli/runFromProcess.js';

await runFromProcess(['start', ...process.argv.slice(2)]);
