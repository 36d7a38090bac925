// A child process that imports a file and reports, as it goes, how many records it has read
// and how many articles its (uncommitted) transaction holds: the kill test kills it mid-way.
//   node --import ./ts-register.mjs import-child.mjs <db> <file>
const [db, file] = process.argv.slice(2);
const { Store } = await import('../../../src/store/store.ts');
const { importFile } = await import('../../../src/importers/pipeline.ts');
const store = Store.open(db, 'write');
const report = await importFile(store, file, {
  now: Date.now(),
  onProgress: (_bytes, _total, records) => {
    process.stdout.write(`${JSON.stringify({ records, articles: store.articles.count({}) })}\n`);
  },
});
process.stdout.write(`${JSON.stringify({ done: true, report })}\n`);
store.close();
