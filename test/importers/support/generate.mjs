// Writes a large NDJSON file of valid articles (for the kill test and the benchmark), streamed.
import { createWriteStream } from 'node:fs';

const WORDS = ('Quế Phong nâng cao chất lượng phát triển đảng viên huyện ủy chỉ đạo các chi bộ tập trung ' +
  'xây dựng nông thôn mới kinh tế xã hội giáo dục y tế an sinh văn hóa thể thao người dân địa phương ' +
  'đường giao thông thủy lợi sản xuất nông nghiệp lâm nghiệp trồng rừng đồng bào dân tộc thiểu số ' +
  'hội nghị triển khai nghị quyết kế hoạch năm mục tiêu nhiệm vụ giải pháp trọng tâm').split(' ');

/** A deterministic pseudo-random generator, so runs are comparable. */
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export function article(i, rand, bodyWords = 350) {
  const words = (n) => Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
  const paragraphs = Array.from({ length: 5 }, () => `${words(Math.floor(bodyWords / 5))}.`).join('\n\n');
  return {
    slug: `bai-viet-so-${i}`,
    title: `${words(8)} ${i}`,
    summary: words(30),
    body: paragraphs,
    author: 'Nguyễn Văn An',
    source: 'Trung tâm Văn hóa - Truyền thông',
    section: i % 3 === 0 ? 'kinh-te' : 'tin-tuc',
    status: 'published',
    published_at: new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString(),
    tags: [WORDS[i % WORDS.length], 'tin tức'],
  };
}

/** Writes `count` articles to `path`; resolves with the byte size. */
export async function generate(path, count, bodyWords = 350) {
  const rand = rng(42);
  const out = createWriteStream(path);
  let bytes = 0;
  for (let i = 1; i <= count; i++) {
    const line = `${JSON.stringify(article(i, rand, bodyWords))}\n`;
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
  return bytes;
}
