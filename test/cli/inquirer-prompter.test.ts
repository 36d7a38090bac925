// The real inquirer prompts behind our Prompter, driven through streams as a terminal would
// drive them: keystrokes in, the question out on stderr.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { IO } from '../../src/cli/io.js';
import { inquirerPrompter } from '../../src/cli/prompts.js';

function terminal(): { io: IO; type: (keys: string) => void; screen: () => string; stdout: () => string } {
  const input = new PassThrough();
  let screen = '';
  let stdout = '';
  const stderr = new Writable({
    write(chunk, _enc, done) {
      screen += String(chunk);
      done();
    },
  });
  const io: IO = {
    stdin: input,
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr,
    isStdinTTY: true,
    isStdoutTTY: true,
    isStderrTTY: true,
    columns: 80,
  };
  return { io, type: (keys) => input.write(keys), screen: () => screen, stdout: () => stdout };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

describe('inquirer prompter', () => {
  it('asks for text on stderr and returns what was typed', async () => {
    const t = terminal();
    const answer = inquirerPrompter(t.io).input('Title', { required: true });
    await tick();
    t.type('Lễ hội đền Chín Gian\r');
    await expect(answer).resolves.toBe('Lễ hội đền Chín Gian');
    expect(t.screen()).toContain('Title');
    expect(t.stdout()).toBe('');
  });

  it('offers a default that Enter accepts', async () => {
    const t = terminal();
    const answer = inquirerPrompter(t.io).input('Author', { default: 'Văn Thi' });
    await tick();
    t.type('\r');
    await expect(answer).resolves.toBe('Văn Thi');
  });

  it('re-asks while the validation fails', async () => {
    const t = terminal();
    const answer = inquirerPrompter(t.io).input('Date', { validate: (v) => (/^\d{2}\/\d{2}\/\d{4}$/.test(v) ? true : 'use dd/mm/yyyy') });
    await tick();
    t.type('hôm qua\r');
    await tick();
    expect(t.screen()).toContain('use dd/mm/yyyy');
    for (let i = 0; i < 'hôm qua'.length; i++) t.type('\u007f');
    t.type('23/10/2020\r');
    await expect(answer).resolves.toBe('23/10/2020');
  });

  it('selects from a list with the arrow keys', async () => {
    const t = terminal();
    const answer = inquirerPrompter(t.io).select('Section', [
      { name: 'Hệ thống chính trị', value: 'he-thong-chinh-tri' },
      { name: 'Văn hóa', value: 'van-hoa' },
    ]);
    await tick();
    t.type('\u001b[B');
    await tick();
    t.type('\r');
    await expect(answer).resolves.toBe('van-hoa');
  });

  it('confirms with y and refuses by default', async () => {
    const t = terminal();
    const p = inquirerPrompter(t.io);
    const yes = p.confirm('Remove?');
    await tick();
    t.type('y\r');
    await expect(yes).resolves.toBe(true);
    const t2 = terminal();
    const no = inquirerPrompter(t2.io).confirm('Remove?');
    await tick();
    t2.type('\r');
    await expect(no).resolves.toBe(false);
  });

  it('opens $EDITOR on the current text and returns what was saved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsdesk-editor-'));
    const editor = join(dir, 'editor.sh');
    // An "editor" that appends a line to the file it is given, as a person would.
    writeFileSync(editor, '#!/bin/sh\nprintf "\\nĐoạn thêm." >> "$1"\n');
    chmodSync(editor, 0o755);
    const saved = { VISUAL: process.env.VISUAL, EDITOR: process.env.EDITOR };
    delete process.env.VISUAL;
    process.env.EDITOR = editor;
    try {
      const t = terminal();
      const body = await inquirerPrompter(t.io).editor('Body', 'Đoạn đầu.');
      expect(body).toBe('Đoạn đầu.\nĐoạn thêm.');
    } finally {
      if (saved.EDITOR === undefined) delete process.env.EDITOR;
      else process.env.EDITOR = saved.EDITOR;
      if (saved.VISUAL !== undefined) process.env.VISUAL = saved.VISUAL;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
