#!/usr/bin/env node
/**
 * The `payledger` command (package.json `bin`): `npx payledger <command> …` in a checkout and in
 * the Docker image alike, since it runs the compiled `dist/` with production dependencies only.
 */
import { runFromProcess } from './runFromProcess.js';

await runFromProcess(process.argv.slice(2));
