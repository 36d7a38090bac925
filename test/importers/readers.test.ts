// The readers: bytes in, {line, record} out, streamed; and format detection.
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/importers/csv.js';
import { formatFromPath, sniffFormat } from '../../src/importers/detect.js';
import { readJson } from '../../src/importers/json.js';
import { readNdjson } from '../../src/importers/ndjson.js';
import { LineIndex, peek } from '../../src/importers/source.js';
import { InputError, type ReadItem, type Reader } from '../../src/importers/types.js';

/** The input cut into chunks of `size` bytes, so records straddle chunk boundaries. */
async function* chunked(input: string | Buffer, size = 7): AsyncGenerator<Buffer> {
  const b = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

async function readAll(reader: Reader, input: string | Buffer, size?: number): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of reader(chunked(input, size))) items.push(item);
  return items;
}

async function fatal(reader: Reader, input: string | Buffer): Promise<InputError> {
  try {
    await readAll(reader, input);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

const lines = (items: ReadItem[]): number[] => items.map((i) => i.line);
const records = (items: ReadItem[]): unknown[] => items.map((i) => ('record' in i ? i.record : { errors: i.errors }));

describe('detect', () => {
  it.each([
    ['a.json', 'json'],
    ['A.JSON', 'json'],
    ['x/b.ndjson', 'ndjson'],
    ['b.jsonl', 'ndjson'],
    ['c.csv', 'csv'],
    ['d.txt', undefined],
    ['-', undefined],
  ])('%s → %s', (path, format) => {
    expect(formatFromPath(path)).toBe(format);
  });

  it.each([
    ['[{"title":"a"}]', 'json'],
    ['  \n[\n', 'json'],
    ['{"format":"newsdesk","version":1}', 'json'],
    ['{\n  "format": "newsdesk"', 'json'],
    ['{\n  "site": {}', 'json'],
    ['\uFEFF{"format": "newsdesk"}', 'json'],
    ['{"title":"a"}\n{"title":"b"}\n', 'ndjson'],
    ['{"type":"site","title":"x"}\n', 'ndjson'],
    ['title,section\na,b\n', 'csv'],
    ['\uFEFFtitle,section\n', 'csv'],
    ['   \n\t', undefined],
    ['', undefined],
  ])('sniffs %j → %s', (head, format) => {
    expect(sniffFormat(Buffer.from(head, 'utf8'))).toBe(format);
  });

  it('peek gives back every byte it read', async () => {
    const { head, chunks } = await peek(chunked('0123456789abcdef', 3), 5);
    expect(head.toString()).toBe('01234');
    const all: Buffer[] = [];
    for await (const c of chunks) all.push(c);
    expect(Buffer.concat(all).toString()).toBe('0123456789abcdef');
  });

  it('LineIndex maps byte offsets to lines across chunks', () => {
    const idx = new LineIndex();
    idx.add(Buffer.from('ab\ncd'));
    idx.add(Buffer.from('\n\nef\n'));
    expect([idx.lineAt(0), idx.lineAt(2), idx.lineAt(3), idx.lineAt(6), idx.lineAt(7), idx.lineAt(10)]).toEqual([1, 1, 2, 3, 4, 5]);
  });
});

describe('ndjson', () => {
  it('reads one object a line with its line number, skipping blank lines and a BOM', async () => {
    const items = await readAll(readNdjson, '\uFEFF{"title":"Một"}\n\n   \n{"title":"Hai"}\r\n{"title":"Ba"}');
    expect(records(items)).toEqual([{ title: 'Một' }, { title: 'Hai' }, { title: 'Ba' }]);
    expect(lines(items)).toEqual([1, 4, 5]);
  });

  it('counts lines the same whatever the chunk boundaries', async () => {
    const input = Buffer.concat([
      Buffer.from('\uFEFF{"a":1}\n\n\r\n{"a":"Việt"}\r\n  \n{"a":3}\n{"a":"'),
      Buffer.from([0xff]),
      Buffer.from('"}\n\n{"a":5}'),
    ]);
    for (let size = 1; size <= 40; size++) {
      const items = await readAll(readNdjson, input, size);
      expect(lines(items), `chunks of ${size}`).toEqual([1, 4, 6, 7, 9]);
      expect(records(items)[1]).toEqual({ a: 'Việt' });
    }
  });

  it('reports bad JSON with its line and column, and goes on', async () => {
    const items = await readAll(readNdjson, '{"title":"a"}\n{"title": "b",}\n{"title":"c"}\n');
    expect(lines(items)).toEqual([1, 2, 3]);
    const bad = items[1]!;
    expect('errors' in bad && bad.errors[0]!.message).toMatch(/^invalid JSON: .*\(column 15\)$/);
    expect('errors' in bad && bad.raw).toBe('{"title": "b",}');
  });

  it('rejects lines that are not objects, and invalid UTF-8, one line at a time', async () => {
    const input = Buffer.concat([Buffer.from('[1,2]\n"x"\n{"title":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n{"title":"ok"}\n')]);
    const items = await readAll(readNdjson, input);
    expect(records(items)).toEqual([
      { errors: [{ field: '', message: 'must be a JSON object ({…})' }] },
      { errors: [{ field: '', message: 'must be a JSON object ({…})' }] },
      { errors: [{ field: '', message: 'is not valid UTF-8 text' }] },
      { title: 'ok' },
    ]);
  });

  it('keeps multi-byte characters split across chunks whole', async () => {
    const items = await readAll(readNdjson, '{"title":"Quế Phong: Nâng cao chất lượng đảng viên"}\n', 1);
    expect(records(items)).toEqual([{ title: 'Quế Phong: Nâng cao chất lượng đảng viên' }]);
  });
});

describe('json', () => {
  it('reads an array of records, each with the line where it starts', async () => {
    const input = '[\n  {"title": "a"},\n  {\n    "title": "b, [c]",\n    "tags": ["x", "y"]\n  },\n\n  {"title": "\\"q\\" }"}\n]\n';
    const items = await readAll(readJson, input);
    expect(records(items)).toEqual([{ title: 'a' }, { title: 'b, [c]', tags: ['x', 'y'] }, { title: '"q" }' }]);
    expect(lines(items)).toEqual([2, 3, 8]);
  });

  it('reads a full export document, giving each record its kind', async () => {
    const doc = [
      '{',
      '  "format": "newsdesk",',
      '  "version": 1,',
      '  "exported_at": "2024-05-01T08:00:00+07:00",',
      '  "site": {"title": "T", "timezone": "UTC"},',
      '  "sections": [',
      '    {"slug": "a", "title": "A"}',
      '  ],',
      '  "links": [],',
      '  "media": [],',
      '  "articles": [',
      '    {"title": "x", "section": "a"},',
      '    {"title": "y", "section": "a"}',
      '  ]',
      '}',
    ].join('\n');
    for (const size of [1, 5, 1000]) {
      const items = await readAll(readJson, doc, size);
      expect(items.map((i) => ('record' in i ? [i.line, i.kind] : [i.line, 'error']))).toEqual([
        [5, 'site'],
        [7, 'section'],
        [12, 'article'],
        [13, 'article'],
      ]);
    }
  });

  it('refuses a JSON object that is not a newsdesk export, and newer versions', async () => {
    expect((await fatal(readJson, '{"format": "wordpress"}')).message).toMatch(/not a newsdesk export/);
    expect((await fatal(readJson, '{"format": "newsdesk", "version": 2}')).message).toMatch(/version 2/);
    expect((await fatal(readJson, '{"title": "x"}')).message).toMatch(/must be a newsdesk export/);
  });

  it('reports a broken record with its line and goes on; a truncated document is fatal', async () => {
    const items = await readAll(readJson, '[\n{"title": "a"},\n{"title" "b"},\n{"title": "c"}\n]');
    expect(lines(items)).toEqual([2, 3, 4]);
    expect(records(items)[1]).toEqual({ errors: [{ field: '', message: expect.stringMatching(/^invalid JSON: Expected ':' after property name/) }] });

    const err = await fatal(readJson, '[\n{"title": "a"},\n{"title": "b\n');
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/ends too early/);
  });

  it('refuses text after the document, and a document that is not an array or object', async () => {
    expect((await fatal(readJson, '[]\n[]')).line).toBe(2);
    expect((await fatal(readJson, '"records"')).message).toMatch(/expected a JSON array/);
  });

  it('reads an empty array as no records', async () => {
    expect(await readAll(readJson, '[ ]')).toEqual([]);
  });
});

describe('csv', () => {
  it('reads quoted fields with commas, quotes and newlines, with the physical line where each record starts', async () => {
    const input =
      '\uFEFFtitle,section,summary,tags\n' +
      'Một,tin-tuc,"a, b",x;y\n' +
      '"Hai ""2""",tin-tuc,"dòng 1\r\ndòng 2\r\ndòng 3",\n' +
      '\n' +
      'Ba,tin-tuc,,  ; z ;\n';
    for (const size of [1, 3, 4096]) {
      const items = await readAll(readCsv, input, size);
      expect(records(items)).toEqual([
        { title: 'Một', section: 'tin-tuc', summary: 'a, b', tags: ['x', 'y'] },
        { title: 'Hai "2"', section: 'tin-tuc', summary: 'dòng 1\r\ndòng 2\r\ndòng 3' },
        { title: 'Ba', section: 'tin-tuc', tags: ['z'] },
      ]);
      expect(lines(items)).toEqual([2, 3, 7]);
    }
  });

  it('CRLF files count lines once', async () => {
    const items = await readAll(readCsv, 'title,section\r\na,s\r\n"b\r\nb",s\r\nc,s\r\n');
    expect(lines(items)).toEqual([2, 3, 5]);
  });

  it('turns digits into numbers for id and position, and images from JSON or columns', async () => {
    const items = await readAll(
      readCsv,
      'id,title,position,section,images\n7,a,2,s,"[{""src"": ""https://x.vn/a.jpg""}]"\n' + 'x,b,,s,\n',
    );
    expect(records(items)).toEqual([
      { id: 7, title: 'a', position: 2, section: 's', images: [{ src: 'https://x.vn/a.jpg' }] },
      { id: 'x', title: 'b', section: 's' },
    ]);
    const cols = await readAll(readCsv, 'title,section,image,caption,alt\na,s,images/a.png,Ảnh,\nb,s,,,\nc,s,,chú thích,\n');
    expect(records(cols)).toEqual([
      { title: 'a', section: 's', images: [{ src: 'images/a.png', caption: 'Ảnh' }] },
      { title: 'b', section: 's' },
      { errors: [{ field: 'image', message: 'is required when caption or alt is given' }] },
    ]);
  });

  it('rejects a row with the wrong number of fields, bad JSON in images, and invalid UTF-8, and goes on', async () => {
    const input = Buffer.concat([
      Buffer.from('title,section,images\na,s\nb,s,[oops\nc,'),
      Buffer.from([0xff]),
      Buffer.from(',\nd,s,\n'),
    ]);
    const items = await readAll(readCsv, input);
    expect(lines(items)).toEqual([2, 3, 4, 5]);
    expect(records(items)).toEqual([
      { errors: [{ field: '', message: 'has 2 fields, the header has 3' }] },
      { errors: [{ field: 'images', message: expect.stringMatching(/JSON list/) }] },
      { errors: [{ field: '', message: 'is not valid UTF-8 text' }] },
      { title: 'd', section: 's' },
    ]);
  });

  it('an unclosed quote is fatal, at the line where its record starts', async () => {
    const err = await fatal(readCsv, 'title,section\na,s\n"b,s\nc,s\nd,s\n');
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/quoted field is never closed/);
  });

  it('a header row alone is an error; so are duplicate or empty column names', async () => {
    expect((await fatal(readCsv, 'title,section\n\n')).message).toMatch(/header row but no records/);
    expect((await fatal(readCsv, 'title,Title\na,b\n')).message).toMatch(/"title" twice/);
    expect((await fatal(readCsv, 'title,,x\na,b,c\n')).message).toMatch(/empty column name/);
  });

  it('reads header names case-insensitively', async () => {
    expect(records(await readAll(readCsv, 'Title,SECTION\na,b\n'))).toEqual([{ title: 'a', section: 'b' }]);
  });
});

describe('a record without end', () => {
  // 65 MB of one record, as one buffer repeated: the reader must give up past MAX_RECORD_BYTES.
  async function* endless(head: string, tail = ''): AsyncGenerator<Buffer> {
    yield Buffer.from(head, 'utf8');
    const mb = Buffer.alloc(1024 * 1024, 'a');
    for (let i = 0; i < 65; i++) yield mb;
    yield Buffer.from(tail, 'utf8');
  }

  async function refusal(reader: Reader, head: string, tail?: string): Promise<InputError> {
    try {
      for await (const _ of reader(endless(head, tail))) void _;
    } catch (err) {
      if (err instanceof InputError) return err;
      throw err;
    }
    throw new Error('expected an InputError');
  }

  it.each([
    ['ndjson', readNdjson as Reader, '{"title": "một"}\n{"title": "', 2],
    ['json', readJson as Reader, '[\n{"title": "một"},\n{"title": "', 3],
    ['csv', readCsv as Reader, 'title,body\nmột,hai\n"ba","', 3],
  ] as const)('%s: refused at the line where it starts, with the limit named', async (_name, reader, head, line) => {
    const err = await refusal(reader, head, '"}\n');
    expect(err.line).toBe(line);
    expect(err.message).toMatch(/larger than 64 MB/);
  });
});
