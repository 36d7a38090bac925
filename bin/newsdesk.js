#!/usr/bin/env node
// The newsdesk binary: run the compiled CLI with the real streams and set the exit code.
const argv = process.argv.slice(2);

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // `newsdesk --version` alone is answered before the CLI (commander, the command tree) loads.
  const { VERSION } = await import('../dist/version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  // The CLI as one script with V8's code cache (bin/cli-bundle.js); the modules of dist/ when
  // the bundle has not been built.
  const { loadCli, writeCodeCache } = await import('./cli-bundle.js');
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
