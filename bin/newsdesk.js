#!/usr/bin/env node
// The newsdesk binary: run the compiled CLI with the real streams and set the exit code.
// CommonJS (bin/package.json): an entry of that kind starts without setting up Node's loader
// of ES modules first, as an ES module entry does (3–5 ms of every command here); the modules
// of dist/ are still ES modules, imported when the bundle does not run (see main below).
'use strict';
const argv = process.argv.slice(2);

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // `newsdesk --version` alone is answered before the CLI (commander, the command tree) loads,
  // from package.json (src/version.ts holds the same for commander; test/e2e/bin-entry.test.ts
  // checks both).
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  main();
}

async function main() {
  // The CLI as one script with V8's code cache (bin/cli-bundle.js); the modules of dist/ when
  // the bundle has not been built, or, in a source checkout, is older than dist/main.js.
  const { loadCli, writeCodeCache } = require('./cli-bundle.js');
  const cli = loadCli();
  const { run, processIO } = cli ? cli.exports : { ...(await import('../dist/main.js')), ...(await import('../dist/cli/io.js')) };

  // A reader that stops early (`| head`) is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }

  process.exitCode = await run(argv, processIO());
  if (cli?.stale) writeCodeCache(cli);
}
