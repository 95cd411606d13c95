#!/usr/bin/env node
/**
 * The `payledger` command (package.json `bin`): `npx payledger <command> …` in a checkout and in
 * the Docker image alike, since it runs the compiled `dist/` with production dependencies only.
 */
import { listenForHangups } from './hangups.js';

// Before the rest of the program loads, so that a SIGHUP `start` takes as a reload is not the
// end of it (any other command gives SIGHUP its default back).
const hangups = listenForHangups();
const { runFromProcess } = await import('./runFromProcess.js');
await runFromProcess(process.argv.slice(2), hangups);
