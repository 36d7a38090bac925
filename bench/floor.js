#!/usr/bin/env node
// The stack's floor for `newsdesk article list`: what any CLI on this stack must do for it and
// nothing more. It loads commander and better-sqlite3 (the two libraries every newsdesk
// command loads), opens the database, and prints the first page with the same two queries
// (the count for the pager and the page itself). The benchmark runs it beside
// `newsdesk article list`: the difference is newsdesk's own share of the start-up.
//   node bench/floor.js DB
import { Command } from 'commander';
import Database from 'better-sqlite3';

const program = new Command('floor').argument('<db>').parse();
const db = new Database(program.args[0], { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const total = db.prepare('SELECT count(*) FROM articles').pluck().get();
const rows = db
  .prepare('SELECT id, slug, title, status, section_id, published_at FROM articles ORDER BY list_at DESC, id DESC LIMIT 10')
  .all();
process.stdout.write(`${rows.map((r) => `${r.id}\t${r.published_at}\t${r.status}\t${r.section_id}\t${r.title}`).join('\n')}\n${total}\n`);
db.close();
