// What `check` verifies of the history on every backend: each article's chain of revisions
// rebuilds, link by link, to the states that were saved, and its newest revision is the state
// the article holds now (a change made outside newsdesk shows here).
import { english } from '../i18n/issues.js';
import { decodeOlder, stateHash, stateText, type RevisionRow } from './history.js';
import type { ArticleRow } from './rows.js';
import type { Problem, StoreData } from './store.js';

const MAX_PROBLEMS = 50;

/** Two id-ordered streams of batches as one id-ordered stream of rows. */
async function* mergeById(a: AsyncIterable<ArticleRow[]>, b: AsyncIterable<ArticleRow[]>): AsyncGenerator<ArticleRow> {
  const ia = rows(a)[Symbol.asyncIterator]();
  const ib = rows(b)[Symbol.asyncIterator]();
  let x = await ia.next();
  let y = await ib.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value.id < y.value.id)) {
      yield x.value;
      x = await ia.next();
    } else {
      yield y.value;
      y = await ib.next();
    }
  }
}

async function* rows<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

async function* trashedRows(data: Pick<StoreData, 'trash'>): AsyncGenerator<ArticleRow[]> {
  for await (const batch of data.trash.batches()) yield batch.map((t) => JSON.parse(t.row) as ArticleRow);
}

/** One article's chain, oldest first: its problems, if any. */
function chainProblem(current: ArticleRow, chain: RevisionRow[]): string | undefined {
  let newer = stateText(current);
  for (let i = chain.length - 1; i >= 0; i--) {
    const r = chain[i]!;
    let text: string;
    if (i === chain.length - 1) {
      if (r.hash !== stateHash(newer)) {
        return english('issue.history.outside', { id: current.id, n: r.number });
      }
      continue;
    }
    try {
      text = decodeOlder(r.delta ?? Buffer.alloc(0), newer);
    } catch {
      return english('issue.history.unreadable', { id: current.id, n: r.number });
    }
    if (stateHash(text) !== r.hash) return english('issue.history.rebuild', { id: current.id, n: r.number });
    newer = text;
  }
  return undefined;
}

export async function historyProblems(data: Pick<StoreData, 'articles' | 'trash' | 'history'>, structural: string[]): Promise<Problem[]> {
  const problems: Problem[] = structural.slice(0, MAX_PROBLEMS).map((message) => ({ check: 'history', message }));
  const revisions = rows(data.history.batches())[Symbol.asyncIterator]();
  let next = await revisions.next();
  for await (const current of mergeById(data.articles.batches({}), trashedRows(data))) {
    while (!next.done && next.value.article_id < current.id) next = await revisions.next();
    const chain: RevisionRow[] = [];
    while (!next.done && next.value.article_id === current.id) {
      chain.push(next.value);
      next = await revisions.next();
    }
    if (chain.length === 0) continue; // reported by the structural checks
    const problem = chainProblem(current, chain);
    if (problem && problems.length < MAX_PROBLEMS) problems.push({ check: 'history', message: problem });
  }
  return problems;
}
