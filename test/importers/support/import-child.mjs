// A child process that imports a file and reports, as it goes, how many records it has read
// and how many articles its (uncommitted) transaction holds: the kill test kills it mid-way.
//   node --import ./ts-register.mjs import-child.mjs <db> <file>
const [db, file] = process.argv.slice(2);
const { SqliteStore } = await import('../../../src/store/sqlite/store.ts');
const { importFile } = await import('../../../src/importers/pipeline.ts');
const store = await SqliteStore.open(db, 'write');
const report = await importFile(store, file, {
  now: Date.now(),
  onProgress: (_bytes, _total, records) => {
    // Counted through the connection the import writes on (its open transaction), at once.
    process.stdout.write(`${JSON.stringify({ records, articles: store.handle.articles.count({}) })}\n`);
  },
});
process.stdout.write(`${JSON.stringify({ done: true, report })}\n`);
await store.close();
