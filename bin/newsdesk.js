#!/usr/bin/env node
// The newsdesk binary: run the compiled CLI with the real streams and set the exit code.
import { run } from '../dist/main.js';
import { processIO } from '../dist/cli/io.js';

// A reader that stops early (`| head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await run(process.argv.slice(2), processIO());
