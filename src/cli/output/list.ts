// Writing a list in every format of the spec, once for all list commands.
import { num, t, type MessageKey } from '../../i18n/index.js';
import type { Ctx } from '../context.js';
import type { PageInfo } from '../../core/paginate.js';
import { pagerLine } from './pager.js';
import type { ListFormat } from './formats.js';

export interface FieldSpec<T> {
  name: string;
  /** The value in machine formats (json, ndjson, csv, piped table). */
  get(item: T): unknown;
  /**
   * The value of table output, on a terminal and piped, when it differs from the machine
   * value (an article's status: `scheduled` in a table, `published` in JSON).
   */
  tableValue?(item: T, ctx: Ctx): unknown;
  /** What a person sees in a terminal table (default: the table value as text). */
  show?(item: T, ctx: Ctx): string;
  /** Widest a terminal cell may be before it is cut with "…". */
  maxWidth?: number;
}

export interface ListSpec<T> {
  fields: FieldSpec<T>[];
  /** Fields of the terminal and piped table unless --fields is given. */
  tableFields: string[];
  /** Fields of json, ndjson and csv unless --fields is given (default: all). */
  dataFields?: string[];
  /** What is listed, as catalog messages: `many` ("articles"), `counted` ("{n} articles", by count). */
  noun: { many: MessageKey; counted: MessageKey };
  id(item: T): string | number;
}

export interface ListResult<T> {
  items: T[];
  page: PageInfo;
  /** --all: no paging, every item. */
  all: boolean;
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(';');
  return JSON.stringify(v);
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function truncate(s: string, max: number | undefined): string {
  if (max === undefined) return s;
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

function tableValue<T>(f: FieldSpec<T>, item: T, ctx: Ctx): unknown {
  return f.tableValue ? f.tableValue(item, ctx) : f.get(item);
}

function pick<T>(spec: ListSpec<T>, names: string[]): FieldSpec<T>[] {
  return names.map((n) => spec.fields.find((f) => f.name === n)!).filter(Boolean);
}

function toObject<T>(item: T, fields: FieldSpec<T>[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of fields) o[f.name] = f.get(item);
  return o;
}

/** Whether writeList shows the total in this format (a terminal table's pager line does; piped rows do not). */
export function showsTotal(format: ListFormat, isStdoutTTY: boolean): boolean {
  return format === 'count' || format === 'json' || (format === 'table' && isStdoutTTY);
}

export async function writeList<T>(ctx: Ctx, spec: ListSpec<T>, result: ListResult<T>, format: ListFormat, fieldNames?: string[]): Promise<void> {
  const out = ctx.io.stdout;
  const dataFields = pick(spec, fieldNames ?? spec.dataFields ?? spec.fields.map((f) => f.name));
  switch (format) {
    case 'count':
      out.write(`${result.page.total}\n`);
      return;
    case 'ids':
      for (const item of result.items) out.write(`${spec.id(item)}\n`);
      return;
    case 'ndjson':
      for (const item of result.items) out.write(`${JSON.stringify(toObject(item, dataFields))}\n`);
      return;
    case 'json': {
      const p = result.page;
      const envelope = {
        items: result.items.map((i) => toObject(i, dataFields)),
        page: result.all ? 1 : p.page,
        per_page: result.all ? p.total : p.perPage,
        total: p.total,
        pages: result.all ? 1 : p.pages,
      };
      out.write(`${JSON.stringify(envelope, null, 2)}\n`);
      return;
    }
    case 'csv': {
      out.write(`${dataFields.map((f) => csvCell(f.name)).join(',')}\r\n`);
      for (const item of result.items) out.write(`${dataFields.map((f) => csvCell(cellText(f.get(item)))).join(',')}\r\n`);
      return;
    }
    case 'table': {
      const fields = pick(spec, fieldNames ?? spec.tableFields);
      if (!ctx.io.isStdoutTTY) {
        // Piped: tab-separated, no header, no colour, nothing cut (gh's convention).
        for (const item of result.items) {
          out.write(`${fields.map((f) => cellText(tableValue(f, item, ctx)).replace(/[\t\r\n]+/g, ' ')).join('\t')}\n`);
        }
        return;
      }
      await writeTerminalTable(ctx, spec, fields, result);
    }
  }
}

/** A column's header on a terminal: what the field means, in the language in use (the field name in English). */
const COLUMNS: Readonly<Record<string, MessageKey>> = {
  id: 'column.id', slug: 'column.slug', title: 'column.title', summary: 'column.summary', body: 'column.body', author: 'column.author',
  source: 'column.source', section: 'column.section', status: 'column.status', published_at: 'column.published_at',
  created_at: 'column.created_at', updated_at: 'column.updated_at', images: 'column.images', tags: 'column.tags', kind: 'column.kind',
  parent: 'column.parent', position: 'column.position', description: 'column.description', depth: 'column.depth', url: 'column.url',
  score: 'column.score', snippet: 'column.snippet', highlights: 'column.highlights',
  revision: 'column.revision', at: 'column.at', by: 'column.by', changed: 'column.changed', message: 'column.message',
  deleted_at: 'column.deleted_at', deleted_by: 'column.deleted_by',
};

function columnName(field: string): string {
  const key = COLUMNS[field];
  return key ? t(key) : field;
}

async function writeTerminalTable<T>(ctx: Ctx, spec: ListSpec<T>, fields: FieldSpec<T>[], result: ListResult<T>): Promise<void> {
  const out = ctx.io.stdout;
  const { page } = result;
  if (result.items.length === 0) {
    const none = t(spec.noun.many);
    out.write(page.total === 0 ? `${t('list.none', { what: none })}\n` : `${t('list.noneOnPage', { what: none, page: num(page.page), count: page.pages, pages: num(page.pages) })}\n`);
    return;
  }
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: fields.map((f) => ctx.style.bold(columnName(f.name))),
    style: { head: [], border: ctx.style.enabled ? ['grey'] : [] },
    wordWrap: false,
    // No rule between rows: a page of ten stays ten lines.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const item of result.items) {
    table.push(fields.map((f) => truncate(f.show ? f.show(item, ctx) : cellText(tableValue(f, item, ctx)).replace(/\s+/g, ' '), f.maxWidth)));
  }
  out.write(`${table.toString()}\n`);
  if (result.all) {
    out.write(ctx.style.dim(t(spec.noun.counted, { count: page.total, n: num(page.total) })) + '\n');
  } else {
    out.write(`${pagerLine(page, spec.noun, ctx.style)}\n`);
  }
}
