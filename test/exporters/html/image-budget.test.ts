// The image work's memory bound: decoded pixels in flight stay within a budget (a job waits for
// its share; one alone may take more, so every image is still made), and images are made in
// the same files whatever the budget.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PixelBudget, prepareImages, type ImageIO } from '../../../src/exporters/html/images.js';

describe('PixelBudget', () => {
  it('lets jobs in while their shares fit, in turn, and one alone whatever its share', async () => {
    const budget = new PixelBudget(100);
    const order: string[] = [];
    let inFlight = 0;
    let most = 0;
    const job = async (name: string, n: number, hold: Promise<void>): Promise<void> => {
      await budget.take(n);
      inFlight += n;
      most = Math.max(most, inFlight);
      order.push(name);
      await hold;
      inFlight -= n;
      budget.give(n);
    };
    let releaseA!: () => void;
    let releaseB!: () => void;
    const a = job('a', 60, new Promise((r) => (releaseA = r)));
    const b = job('b', 30, new Promise((r) => (releaseB = r)));
    // c does not fit beside a and b; d would, but waits its turn behind c.
    const c = job('c', 500, Promise.resolve());
    const d = job('d', 5, Promise.resolve());
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual(['a', 'b']);
    releaseA();
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual(['a', 'b']);
    releaseB();
    await Promise.all([a, b, c, d]);
    // c ran alone (over the budget, with nothing else held), then d.
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(most).toBe(500);
  });
});

/** An output folder in memory, and stored images by hash. */
function memoryIo(stored: Map<string, Uint8Array>): ImageIO & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  const io = {
    files,
    async read(hash: string) {
      return stored.get(hash);
    },
    previousKey: () => undefined,
    keepIfFresh: () => false,
    claim: () => undefined,
    put(path: string, content: Uint8Array) {
      files.set(path, content);
    },
  };
  return io;
}

describe('prepareImages under a pixel budget', () => {
  it('makes the same files with a budget smaller than any image as with the default one', async () => {
    const stored = new Map<string, Uint8Array>();
    for (let i = 0; i < 5; i++) {
      const jpeg = await sharp({ create: { width: 1200 + i * 10, height: 900, channels: 3, background: { r: 40 * i, g: 90, b: 160 } } })
        .withExif({ IFD0: { Make: 'phone' } })
        .jpeg()
        .toBuffer();
      stored.set(`${i}`.repeat(64).slice(0, 64), jpeg);
    }
    const media = new Map([...stored.keys()].map((h) => [h, 'jpg']));
    const tight = memoryIo(stored);
    const loose = memoryIo(stored);
    const a = await prepareImages(media, tight, { concurrency: 4, pixelBudget: 1 });
    const b = await prepareImages(media, loose, { concurrency: 4 });
    expect(a.failed.size).toBe(0);
    expect(a.images.size).toBe(5);
    expect(a.made).toBe(b.made);
    expect([...tight.files.keys()].sort()).toEqual([...loose.files.keys()].sort());
    expect(a.made).toBeGreaterThan(5 * 5);
  });
});
