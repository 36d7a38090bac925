#!/usr/bin/env node
// What revisions cost (issue: nothing lost to people), run as its own process so its time is
// measured end to end:
//
//   node bench/history.js --db nd.db --corpus corpus.ndjson --dist DIR --variant with|without|bytes
//
//   with     `import --on-conflict update` of every article of the corpus, each with one
//            sentence added to its body, into a copy of the portal: newsdesk as it is.
//   without  the same import with the history's writes taken out in this process (the
//            repository's record() only counts the revision): what the import costs when no
//            revision is kept. Nothing else differs.
//   bytes    the bytes a revision keeps for a one-sentence edit of a 4 KB body.
// Prints one JSON line.
import { copyFileSync, createReadStream, createWriteStream, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) throw new Error(`history: --${name} is required`);
  return args[i + 1];
};
const dist = opt('dist');
const variant = opt('variant');
const load = (path) => import(pathToFileURL(join(dist, path)).href);

const SENTENCE = ' Ủy ban nhân dân huyện đề nghị các xã báo cáo kết quả trước ngày 30.';

async function changedCorpus(corpus, out) {
  const w = createWriteStream(out);
  for await (const line of createInterface({ input: createReadStream(corpus) })) {
    if (!line) continue;
    const r = JSON.parse(line);
    if (r.type === 'section') continue;
    r.body = `${r.body ?? ''}${SENTENCE}`;
    if (!w.write(`${JSON.stringify(r)}\n`)) await new Promise((ok) => w.once('drain', ok));
  }
  await new Promise((ok) => w.end(ok));
}

if (variant === 'bytes') {
  const { SqliteStore } = await load('store/sqlite/store.js');
  const { addSection } = await load('ops/sections.js');
  const { addArticle, editArticle } = await load('ops/articles.js');
  const db = join(opt('work'), 'history-bytes.db');
  for (const f of [db, `${db}-wal`, `${db}-shm`]) if (existsSync(f)) rmSync(f);
  const store = await SqliteStore.open(db, 'write');
  await addSection(store, { title: 'Tin tức', slug: 'tin-tuc' });
  const sentences = Array.from({ length: 200 }, (_, i) => `Câu thứ ${i + 1}: xã triển khai kế hoạch xây dựng nông thôn mới, giao thông và thủy lợi.`);
  let body = '';
  for (const s of sentences) if (Buffer.byteLength(`${body}${s} `) <= 4096) body += `${s} `;
  const a = await addArticle(store, { title: 'Bài bốn ki-lô-bai', section: 'tin-tuc', body }, { now: Date.now(), by: 'bench' });
  const edited = body.replace('Câu thứ 7: xã triển khai', 'Câu thứ 7: các xã đã triển khai');
  await editArticle(store, String(a.id), { body: edited }, { now: Date.now(), by: 'bench' });
  const [, older] = await store.history.chain(a.id, 1);
  await store.close();
  process.stdout.write(`${JSON.stringify({ variant, bodyBytes: Buffer.byteLength(body), olderBytes: older.delta.length })}\n`);
} else {
  const work = opt('work');
  const source = opt('db');
  const db = join(work, `history-${variant}.db`);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) if (existsSync(f)) rmSync(f);
  copyFileSync(source, db);
  const changed = join(work, 'history-changed.ndjson');
  if (!existsSync(changed)) await changedCorpus(opt('corpus'), changed);
  if (variant === 'without') {
    const { HistoryRepo } = await load('store/sqlite/history.js');
    HistoryRepo.prototype.record = (previous) => previous.revision + 1;
  } else if (variant !== 'with') throw new Error(`history: unknown variant ${variant}`);
  const { SqliteStore } = await load('store/sqlite/store.js');
  const { importFile } = await load('importers/pipeline.js');
  const store = await SqliteStore.open(db, 'write');
  const t0 = performance.now();
  const report = await importFile(store, changed, { now: Date.now(), by: 'bench', onConflict: 'update', type: 'articles' });
  const ms = performance.now() - t0;
  await store.close();
  for (const f of [db, `${db}-wal`, `${db}-shm`]) if (existsSync(f)) rmSync(f);
  process.stdout.write(`${JSON.stringify({ variant, updated: report.updated, rejected: report.rejected, ms })}\n`);
}
