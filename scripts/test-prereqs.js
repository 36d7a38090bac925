#!/usr/bin/env node
// Before `npm test`: the browser tests drive Debian's Chromium, the HTML checker runs on
// Java, and the tests of the PostgreSQL backend start Debian's PostgreSQL server. On a fresh machine of ours (Debian, as root) they are installed here, so that `npm test`
// passes on a fresh clone; elsewhere this says what to install and the tests that need it fail
// with the same advice (they are never skipped).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const chromium = process.env.NEWSDESK_CHROMIUM ?? '/usr/bin/chromium';
const has = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

const missing = [];
if (!existsSync(chromium)) missing.push('chromium');
if (!has('java', ['-version'])) missing.push('default-jre-headless');
const pgRoot = '/usr/lib/postgresql';
const hasPostgres = existsSync(pgRoot) && readdirSync(pgRoot).some((v) => existsSync(`${pgRoot}/${v}/bin/initdb`));
if (!hasPostgres) missing.push('postgresql');

if (missing.length > 0) {
  const canInstall = process.getuid?.() === 0 && has('apt-get', ['--version']);
  if (!canInstall) {
    process.stderr.write(`test-prereqs: missing ${missing.join(', ')}; install with: sudo apt-get install -y ${missing.join(' ')}\n`);
  } else {
    process.stderr.write(`test-prereqs: installing ${missing.join(', ')} with apt-get (the browser, HTML-checker and PostgreSQL tests need them)…\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const ok =
      spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env }).status === 0 &&
      spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: ['ignore', 'ignore', 'inherit'], env }).status === 0;
    if (!ok) process.stderr.write('test-prereqs: apt-get failed; the tests that need these will fail\n');
  }
}
