#!/usr/bin/env node
// A deterministic corpus of Vietnamese news articles for the benchmark, as NDJSON in the import
// record form of the spec: first the 12 section records ("type": "section", parents first),
// then N article records. Same seed and size → the same bytes, on any machine.
//
//   node bench/corpus.js --size 10000 [--seed 1] [--out bench/work/corpus-10000.ndjson]
//
// Text is built from real Vietnamese: a list of common words and compounds of the news
// (drawn with Zipf-like frequencies), place and person names, and a tail of syllables made
// from onsets, rhymes and the six tones (spelling rules c/k, g/gh, ng/ngh, qu, gi; stops take
// only sắc and nặng), so that the index sees a long tail of rare words as real text has.
// Memory stays flat: each record is written as soon as it is made.
import { closeSync, openSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// ---- PRNG ---------------------------------------------------------------------------------

/** mulberry32: a small, fast, seeded 32-bit generator (floats in [0, 1)). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- vocabulary -----------------------------------------------------------------------------

const nfc = (s) => s.normalize('NFC');

// Words and compounds (comma-separated), roughly most frequent first. Function words run
// through every article; general words of official news through most; each article then
// draws most of its content words from one topic (chosen by its section) and a few from a
// second one, so that a topic's words are found in a fraction of the articles, as in real
// news, and not in all of them.
const FUNCTION = `
của, và, các, là, có, được, trong, cho, với, những, người, đã, không, một, này, đến, khi, tại, về,
để, từ, theo, cũng, như, năm, trên, đó, nhiều, ngày, đồng thời, bên cạnh đó, ngoài ra, qua đó,
tuy nhiên, vì vậy, do đó, cùng với, hiện nay, đến nay, thời gian qua, thời gian tới, tháng, vừa qua,
sắp tới, trước đó, sau đó, toàn huyện, bà con, người dân, địa phương, huyện, xã, tỉnh, thôn, bản
`;

const GENERAL = `
công tác, thực hiện, phát triển, triển khai, tổ chức, chỉ đạo, nâng cao, chất lượng, hiệu quả,
tăng cường, đẩy mạnh, tiếp tục, góp phần, bảo đảm, kế hoạch, nhiệm vụ, chương trình, hoạt động,
kết quả, đánh giá, mục tiêu, chỉ tiêu, giải pháp, khó khăn, hạn chế, nguyên nhân, tích cực, kịp thời,
đồng bộ, thiết thực, cụ thể, rõ ràng, nghiêm túc, quan trọng, cần thiết, mới, lớn, nhỏ, cao, thấp,
nhanh chóng, ổn định, đại biểu, hội nghị, phát biểu, nhấn mạnh, đề nghị, yêu cầu, ghi nhận,
cán bộ, lãnh đạo, đồng chí, khen thưởng, tập thể, cá nhân, xuất sắc, thành tích, tiêu biểu
`;

const TOPICS = {
  dang: {
    words: `đảng viên, chi bộ, đảng bộ, Huyện ủy, Bí thư, Phó Bí thư, Nghị quyết, Đại hội, kết nạp, sinh hoạt,
      kiểm tra, giám sát, kỷ luật, tư tưởng, đạo đức, phong cách, học tập, làm theo, Hồ Chí Minh, chỉnh đốn,
      cấp ủy, nhiệm kỳ, ban chấp hành, chuyên đề, quán triệt, tuyên giáo, dân vận, quần chúng, chính trị,
      trong sạch, vững mạnh, cơ sở đảng, lý luận, bồi dưỡng, quy định, điều lệ`,
    phrases: ['phát triển đảng viên', 'xây dựng Đảng', 'hệ thống chính trị', 'Ban Thường vụ Huyện ủy', 'học tập và làm theo tư tưởng đạo đức phong cách Hồ Chí Minh', 'trong sạch vững mạnh', 'sinh hoạt chi bộ'],
  },
  chinhquyen: {
    words: `Ủy ban nhân dân, Hội đồng nhân dân, kỳ họp, cử tri, tiếp xúc, chất vấn, trả lời, kiến nghị, ngân sách,
      thu chi, tài chính, thuế, kho bạc, cải cách, hành chính, thủ tục, hồ sơ, một cửa, dịch vụ công, trực tuyến,
      giải quyết, khiếu nại, tố cáo, tiếp công dân, đất đai, quy hoạch, sử dụng đất, bồi thường, tái định cư,
      công chức, viên chức, bầu cử, Quốc hội, văn bản, chữ ký số, dữ liệu`,
    phrases: ['cải cách hành chính', 'dịch vụ công trực tuyến', 'chuyển đổi số', 'giải phóng mặt bằng', 'Ủy ban nhân dân huyện', 'Hội đồng nhân dân huyện', 'tiếp xúc cử tri'],
  },
  kinhte: {
    words: `kinh tế, nông nghiệp, nông thôn, sản xuất, hộ gia đình, thu nhập, bình quân, giảm nghèo, hỗ trợ, vốn vay,
      chính sách, ưu đãi, doanh nghiệp, đầu tư, dự án, công trình, lúa, ngô, sắn, chè, cà phê, cao su, keo, mía,
      cây ăn quả, chăn nuôi, gia súc, gia cầm, trâu, bò, lợn, thủy sản, nuôi trồng, hợp tác xã, sản phẩm,
      thương hiệu, thị trường, tiêu thụ, giá cả, công nghiệp, làng nghề, sản lượng, năng suất, diện tích,
      héc ta, tấn, triệu đồng, tỷ đồng, phần trăm, giao thông, tuyến đường, cầu, điện lưới, hạ tầng`,
    phrases: ['phát triển kinh tế', 'nông thôn mới', 'sản phẩm OCOP', 'giảm nghèo bền vững', 'kinh tế xã hội', 'chuyển đổi cơ cấu cây trồng'],
  },
  vanhoa: {
    words: `văn hóa, thể thao, du lịch, lễ hội, truyền thống, di tích, lịch sử, đồng bào, dân tộc, thiểu số, làng,
      nghệ nhân, dân ca, văn nghệ, giải bóng đá, vận động viên, nhà văn hóa, gia đình văn hóa, thương binh,
      liệt sĩ, người có công, tri ân, nhà tình nghĩa, người cao tuổi, thiếu nhi, trẻ em, bảo trợ, từ thiện,
      tặng quà, thăm hỏi, động viên, việc làm, lao động, dạy nghề, xuất khẩu lao động, kỷ niệm, thành lập`,
    phrases: ['đồng bào dân tộc thiểu số', 'đền ơn đáp nghĩa', 'xây dựng đời sống văn hóa', 'kỷ niệm ngày thành lập'],
  },
  giaoduc: {
    words: `giáo dục, đào tạo, trường học, học sinh, giáo viên, năm học, mầm non, tiểu học, trung học cơ sở,
      phổ thông, kỳ thi, tốt nghiệp, tuyển sinh, học bổng, khai giảng, tổng kết, chuẩn quốc gia, phòng học,
      bán trú, dạy học, sách giáo khoa, khuyến học, thi đua, cơ sở vật chất, hiệu trưởng, phụ huynh`,
    phrases: ['tổng kết năm học', 'trường đạt chuẩn quốc gia', 'khai giảng năm học mới', 'học sinh giỏi'],
  },
  yte: {
    words: `y tế, bệnh viện, trạm y tế, khám bệnh, chữa bệnh, tiêm chủng, vắc xin, phòng chống, dịch bệnh,
      sức khỏe, bác sĩ, điều dưỡng, bệnh nhân, cấp cứu, phẫu thuật, thuốc, dinh dưỡng, sốt xuất huyết,
      vệ sinh, dân số, kế hoạch hóa gia đình, khám sàng lọc, người bệnh`,
    phrases: ['phòng chống dịch bệnh', 'khám chữa bệnh', 'bảo hiểm y tế', 'an toàn vệ sinh thực phẩm'],
  },
  anninh: {
    words: `quốc phòng, an ninh, trật tự, bộ đội, biên phòng, biên giới, công an, quân sự, dân quân, tự vệ,
      tuyển quân, giao quân, nghĩa vụ quân sự, diễn tập, tội phạm, ma túy, điều tra, bắt giữ, đối tượng, vụ việc,
      vi phạm, xử lý, tai nạn, cứu nạn, cứu hộ, pháp luật, tuyên truyền, phổ biến, mốc quốc giới, tuần tra`,
    phrases: ['an ninh trật tự', 'quốc phòng an ninh', 'an toàn giao thông', 'phòng cháy chữa cháy', 'tuyên truyền phổ biến pháp luật', 'bảo vệ chủ quyền biên giới'],
  },
  moitruong: {
    words: `môi trường, rừng, trồng rừng, nước sạch, thủy lợi, đê điều, thiên tai, mưa lũ, hạn hán, sạt lở,
      ngập úng, khí hậu, ô nhiễm, rác thải, chất thải, đa dạng sinh học, cháy rừng, kiểm lâm, thu gom`,
    phrases: ['bảo vệ môi trường', 'phòng chống thiên tai', 'biến đổi khí hậu', 'bảo vệ và phát triển rừng'],
  },
  doanthe: {
    words: `Mặt trận Tổ quốc, thanh niên, phụ nữ, nông dân, cựu chiến binh, hội viên, đoàn viên, Huyện đoàn,
      tình nguyện, mùa hè xanh, Hội Liên hiệp Phụ nữ, Hội Nông dân, Hội Cựu chiến binh, đại đoàn kết, vận động,
      quỹ, ủng hộ, an sinh xã hội, khu dân cư, giám sát, phản biện`,
    phrases: ['khối đại đoàn kết toàn dân tộc', 'ngày hội đại đoàn kết', 'thanh niên tình nguyện', 'nhà đại đoàn kết'],
  },
};

// The topics of each section (weights).
const SECTION_TOPICS = {
  'tin-tuc': { kinhte: 1, chinhquyen: 1, vanhoa: 1, anninh: 1, moitruong: 1, yte: 1, giaoduc: 1, dang: 1, doanthe: 1 },
  'thoi-su': { chinhquyen: 2, dang: 1, moitruong: 1, anninh: 1, kinhte: 1 },
  'kinh-te': { kinhte: 4, moitruong: 1 },
  'van-hoa-xa-hoi': { vanhoa: 4, doanthe: 1 },
  'he-thong-chinh-tri': { dang: 2, chinhquyen: 1, doanthe: 1 },
  'huyen-uy': { dang: 1 },
  'hdnd-ubnd': { chinhquyen: 1 },
  'mat-tran-doan-the': { doanthe: 1 },
  'quoc-phong-an-ninh': { anninh: 1 },
  'giao-duc-y-te': { giaoduc: 1, yte: 1 },
  'giao-duc': { giaoduc: 1 },
  'y-te': { yte: 1 },
};

// Communes of a fictional district first (most articles are about one of them), then the
// province, neighbours and the rest of the country.
const PLACES = [
  'Sơn Lâm', 'Châu Kim', 'Tiền Phong', 'Mường Nọc', 'Hạnh Dịch', 'Nậm Giải', 'Tri Lễ', 'Quế Phong', 'Cắm Muộn',
  'Quang Phong', 'Thông Thụ', 'Đồng Văn', 'Châu Thôn', 'Nậm Nhoóng', 'Mường Lống', 'Nghệ An', 'Thanh Hóa', 'Hà Tĩnh',
  'Hà Nội', 'Quỳ Châu', 'Tương Dương', 'Kỳ Sơn', 'Con Cuông', 'Anh Sơn', 'Quảng Bình', 'Đà Nẵng',
  'Thành phố Hồ Chí Minh', 'Cần Thơ', 'Lào Cai', 'Điện Biên', 'Sơn La', 'Tây Nguyên', 'Đắk Lắk', 'Năm Căn',
  'Bến Tre', 'Vĩnh Long', 'Phú Yên', 'Gia Lai', 'Lào', 'Xiêng Khoảng',
];

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Lương', 'Vi', 'Lô', 'Hà'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Thanh', 'Hữu', 'Ngọc', 'Quốc', 'Xuân', 'Thu', 'Hồng', 'Công', 'Đình', 'Kim'];
const GIVEN = [
  'An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hòa', 'Hùng', 'Hương', 'Khánh', 'Lan', 'Linh',
  'Long', 'Mai', 'Nam', 'Nga', 'Phong', 'Phương', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Thắng', 'Thủy', 'Trang',
  'Trung', 'Tuấn', 'Vân', 'Việt', 'Yến', 'Đạt', 'Đông', 'Hiếu', 'Huệ', 'Lộc', 'Nhung', 'Quyết', 'Thi',
];

const SOURCES = [
  'Ban Tuyên giáo Huyện ủy', 'Trung tâm Văn hóa - Thông tin và Truyền thông', 'Phòng Nông nghiệp và PTNT',
  'Báo Nghệ An', 'TTXVN', 'Đài Truyền thanh huyện', 'Văn phòng HĐND - UBND huyện', 'Phòng Giáo dục và Đào tạo',
  'Trung tâm Y tế huyện', 'Công an huyện', 'Hội Nông dân huyện', 'Huyện đoàn', 'Hội Liên hiệp Phụ nữ huyện',
  'Ban Chỉ huy Quân sự huyện', 'Báo Nhân Dân', 'Cổng thông tin điện tử tỉnh', '',
];

const TAGS = [
  'xây dựng Đảng', 'nông thôn mới', 'chuyển đổi số', 'giáo dục', 'y tế', 'an ninh trật tự', 'giao thông',
  'môi trường', 'văn hóa', 'thể thao', 'du lịch', 'nông nghiệp', 'OCOP', 'cải cách hành chính', 'biên giới',
  'dân tộc thiểu số', 'giảm nghèo', 'thanh niên', 'phụ nữ', 'cựu chiến binh', 'phòng chống thiên tai',
  'bầu cử', 'kỷ niệm', 'khen thưởng', 'đầu tư', 'hạ tầng', 'dịch bệnh', 'pháp luật', 'lễ hội', 'khởi nghiệp',
];

// The menu: 12 sections, a tree two levels deep, parents first.
export const SECTIONS = [
  { slug: 'tin-tuc', title: 'Tin tức', parent: null, description: 'Tin tức, sự kiện trong huyện và trong tỉnh' },
  { slug: 'thoi-su', title: 'Thời sự', parent: 'tin-tuc' },
  { slug: 'kinh-te', title: 'Kinh tế', parent: 'tin-tuc' },
  { slug: 'van-hoa-xa-hoi', title: 'Văn hóa - Xã hội', parent: 'tin-tuc' },
  { slug: 'he-thong-chinh-tri', title: 'Hệ thống chính trị', parent: null },
  { slug: 'huyen-uy', title: 'Huyện ủy', parent: 'he-thong-chinh-tri' },
  { slug: 'hdnd-ubnd', title: 'HĐND - UBND', parent: 'he-thong-chinh-tri' },
  { slug: 'mat-tran-doan-the', title: 'Mặt trận và các đoàn thể', parent: 'he-thong-chinh-tri' },
  { slug: 'quoc-phong-an-ninh', title: 'Quốc phòng - An ninh', parent: null },
  { slug: 'giao-duc-y-te', title: 'Giáo dục - Y tế', parent: null },
  { slug: 'giao-duc', title: 'Giáo dục', parent: 'giao-duc-y-te' },
  { slug: 'y-te', title: 'Y tế', parent: 'giao-duc-y-te' },
];
// Articles per section: news and politics carry most of them.
const SECTION_WEIGHTS = [4, 14, 12, 12, 3, 12, 12, 8, 9, 2, 7, 5];

// ---- syllables from their parts ------------------------------------------------------------

const ONSETS = ['', 'b', 'c', 'ch', 'd', 'đ', 'g', 'gi', 'h', 'kh', 'l', 'm', 'n', 'ng', 'nh', 'ph', 'qu', 'r', 's', 't', 'th', 'tr', 'v', 'x'];
// The capital marks the vowel that carries the tone.
const RHYMES = (
  'A Ai Ao An Ang Anh Am At Ac Ach Ay Au Ăn Ăng Ăm Ăt Ăc Ân Âng Âm Ât Âc Âu Ây E Eo En Em Et Ec Ê Êu Ên Ênh Êm Êt Êch ' +
  'I Ia Iu In Inh Im It Ich iÊn iÊng iÊm iÊt iÊu O Oi On Ong Om Ot Oc oA oAi oAn oAng oAnh oAt oAc oE ' +
  'Ô Ôi Ôn Ông Ôm Ôt Ôc Ơ Ơi Ơn Ơm Ơt U Ua Ui Un Ung Um Ut Uc uÂn uÂt uÂy uÔi uÔn uÔng uÔt uÔc Uy uyÊn uyÊt ' +
  'Ư Ưa Ưi Ưng Ưt Ưc ưƠi ưƠn ưƠng ưƠt ưƠc ưƠu'
).split(' ');
// ngang, huyền, sắc, hỏi, ngã, nặng as combining marks.
const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];

function makeSyllable(rand) {
  for (;;) {
    let onset = ONSETS[Math.floor(rand() * ONSETS.length)];
    const rhyme = RHYMES[Math.floor(rand() * RHYMES.length)];
    const first = rhyme[0].toLowerCase();
    const front = 'eêiy'.includes(first);
    if (onset === 'qu' && 'ouô'.includes(first)) continue;
    if (onset === 'gi' && first === 'i') onset = 'g';
    if (onset === 'c' && front) onset = 'k';
    if (onset === 'g' && front) onset = 'gh';
    if (onset === 'ng' && front) onset = 'ngh';
    const stop = /(p|t|c|ch)$/i.test(rhyme);
    const tone = stop ? (rand() < 0.5 ? TONES[2] : TONES[5]) : TONES[Math.floor(rand() * 6)];
    let out = onset;
    for (const ch of rhyme) {
      const lower = ch.toLowerCase();
      out += lower;
      if (ch !== lower) out += tone;
    }
    return nfc(out);
  }
}

// ---- text -----------------------------------------------------------------------------------

/** A sampler over items with weights ~ 1/(rank+offset)^s. */
function zipf(items, s = 1.0, offset = 2.7) {
  const cum = new Float64Array(items.length);
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    total += 1 / Math.pow(i + offset, s);
    cum[i] = total;
  }
  return (rand) => {
    const x = rand() * total;
    let lo = 0;
    let hi = items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo];
  };
}

function weighted(items, weights) {
  const cum = [];
  let t = 0;
  for (const w of weights) cum.push((t += w));
  return (rand) => {
    const x = rand() * t;
    for (let i = 0; i < cum.length; i++) if (x < cum[i]) return items[i];
    return items[items.length - 1];
  };
}

const utf8 = (s) => Buffer.byteLength(s, 'utf8');
const capitalise = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/** Slugs as newsdesk derives them: no marks, đ → d, lower case, hyphens. */
export function slugify(s) {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const list = (text) => nfc(text).split(',').map((w) => w.trim().replace(/\s+/g, ' ')).filter(Boolean);

class Writer {
  constructor(seed) {
    this.rand = mulberry32(seed);
    this.function = zipf(list(FUNCTION), 1.0);
    this.general = zipf(list(GENERAL), 0.8);
    this.topicNames = Object.keys(TOPICS);
    this.topics = Object.fromEntries(
      Object.entries(TOPICS).map(([name, t]) => [name, { word: zipf(list(t.words), 0.8), phrase: zipf(t.phrases.map(nfc), 0.7) }]),
    );
    this.sectionTopic = Object.fromEntries(Object.entries(SECTION_TOPICS).map(([slug, w]) => [slug, weighted(Object.keys(w), Object.values(w))]));
    // A fixed tail of made syllables (rare words), the same for every size of one seed.
    const tailRand = mulberry32(seed ^ 0x5eed);
    const tail = [];
    for (let i = 0; i < 3000; i++) tail.push(makeSyllable(tailRand));
    this.rare = zipf(tail, 1.1, 10);
    this.place = zipf(PLACES.map(nfc), 1.0, 2);
    this.tag = zipf(TAGS.map(nfc), 0.8);
    this.source = zipf(SOURCES.map(nfc), 0.7);
    this.section = weighted(SECTIONS.map((s) => s.slug), SECTION_WEIGHTS);
    const authorRand = mulberry32(seed ^ 0xa17);
    const pick = (items, r) => items[Math.floor(r() * items.length)];
    this.authors = [];
    for (let i = 0; i < 240; i++) this.authors.push(nfc(`${pick(SURNAMES, authorRand)} ${pick(MIDDLE, authorRand)} ${pick(GIVEN, authorRand)}`));
    this.author = zipf(this.authors, 0.8);
    this.subject({ section: 'tin-tuc' });
  }

  /** What the next article is about: its main topic (from its section), a second one, its places. */
  subject({ section }) {
    this.main = this.topics[this.sectionTopic[section](this.rand)];
    this.second = this.rand() < 0.5 ? this.topics[this.topicNames[Math.floor(this.rand() * this.topicNames.length)]] : this.main;
    this.places = [this.place(this.rand), this.place(this.rand)];
  }

  int(lo, hi) {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }

  /** One token of running text: a function word, a general or topic word, a phrase, a place… */
  token() {
    const r = this.rand();
    if (r < 0.34) return this.function(this.rand);
    if (r < 0.46) return this.general(this.rand);
    if (r < 0.78) return this.main.word(this.rand);
    if (r < 0.86) return this.second.word(this.rand);
    if (r < 0.9) return (this.rand() < 0.8 ? this.main : this.second).phrase(this.rand);
    if (r < 0.93) return this.rand() < 0.75 ? this.places[0] : this.places[1];
    if (r < 0.96) return this.rare(this.rand);
    if (r < 0.965) return this.place(this.rand);
    if (r < 0.975) return String(this.int(2, 2025));
    return this.function(this.rand);
  }

  /** A token of a title: content words, no run of function words. */
  titleToken() {
    const r = this.rand();
    if (r < 0.12) return this.function(this.rand);
    if (r < 0.3) return this.general(this.rand);
    if (r < 0.72) return this.main.word(this.rand);
    if (r < 0.92) return this.main.phrase(this.rand);
    return this.second.word(this.rand);
  }

  /** Tokens worth `n` syllables, give or take a phrase. */
  tokens(n) {
    const out = [];
    let count = 0;
    while (count < n) {
      const t = this.token();
      out.push(t);
      count += t.split(' ').length;
    }
    return out;
  }

  words(n) {
    return this.tokens(n).join(' ');
  }

  sentence() {
    const toks = this.tokens(this.int(8, 24));
    if (toks.length > 3 && this.rand() < 0.35) {
      const at = this.int(1, toks.length - 2);
      toks[at] += ',';
    }
    return `${capitalise(toks.join(' '))}${this.rand() < 0.08 ? '!' : '.'}`;
  }

  paragraph() {
    const n = this.int(2, 6);
    const out = [];
    for (let i = 0; i < n; i++) out.push(this.sentence());
    return out.join(' ');
  }

  /** 2–5 KB of Markdown paragraphs (UTF-8 bytes). */
  body() {
    const target = this.int(2048, 5120);
    const paras = [];
    let bytes = 0;
    for (;;) {
      let p = this.paragraph();
      if (paras.length && this.rand() < 0.06) p = `**${capitalise(this.words(this.int(4, 10)))}**`;
      const b = utf8(p) + 2;
      if (bytes + b > target && paras.length >= 3) {
        // Cut the last paragraph at a word so the body ends inside the range.
        const room = target - bytes - 2;
        if (room > 200) {
          let cut = p;
          while (utf8(cut) > room) cut = cut.slice(0, cut.lastIndexOf(' ', cut.length - 2));
          paras.push(`${cut.replace(/[,.!]?$/, '')}.`);
        }
        break;
      }
      paras.push(p);
      bytes += b;
    }
    return paras.join('\n\n');
  }

  /** 8–20 syllables, often led by the place the article is about ("Quế Phong: …"). */
  title() {
    const n = this.int(8, 20);
    const syl = this.rand() < 0.4 ? `${this.places[0]}:`.split(' ') : [];
    while (syl.length < n) syl.push(...this.titleToken().split(' '));
    return capitalise(syl.slice(0, n).join(' '));
  }
}

const MIN_DATE = Date.UTC(2011, 0, 1) - 7 * 3600_000;
const SPAN = Date.UTC(2026, 0, 1) - Date.UTC(2011, 0, 1);

/** epoch ms → "2020-10-23T20:37:00+07:00". */
function isoVn(ms) {
  const d = new Date(ms + 7 * 3600_000);
  return `${d.toISOString().slice(0, 19)}+07:00`;
}

/**
 * Writes the corpus; returns what the benchmark needs to know about it.
 * @returns {{articles: number, sections: number, fileBytes: number, textBytes: number, ms: number}}
 */
export function writeCorpus({ size, seed = 1, out }) {
  const started = performance.now();
  const w = new Writer(seed);
  const fd = openSync(out, 'w');
  let chunk = '';
  let fileBytes = 0;
  let textBytes = 0;
  const flush = () => {
    const buf = Buffer.from(chunk, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fileBytes += buf.length;
    chunk = '';
  };
  SECTIONS.forEach((s, i) => {
    const rec = { type: 'section', slug: s.slug, title: nfc(s.title), kind: 'articles', parent: s.parent, position: i + 1 };
    if (s.description) rec.description = nfc(s.description);
    chunk += `${JSON.stringify(rec)}\n`;
  });
  for (let i = 0; i < size; i++) {
    const section = w.section(w.rand);
    w.subject({ section });
    const title = w.title();
    const summary = w.words(w.int(30, 80)) + '.';
    const body = w.body();
    const author = w.author(w.rand);
    const source = w.source(w.rand);
    const published = MIN_DATE + Math.floor(w.rand() * (SPAN / 60_000)) * 60_000;
    const rec = {
      slug: `${slugify(title).slice(0, 80).replace(/-[^-]*$/, '')}-${i + 1}`,
      title,
      summary: capitalise(summary),
      body,
      author,
      source,
      section,
      status: w.rand() < 0.95 ? 'published' : 'draft',
      published_at: isoVn(published),
      images: [],
      tags: [],
    };
    if (w.rand() < 0.1) {
      const n = w.int(1, 3);
      const y = new Date(published).getUTCFullYear();
      for (let k = 0; k < n; k++) {
        const caption = capitalise(w.words(w.int(5, 14)));
        rec.images.push({ src: `https://media.sonlam.example.vn/${y}/${String(w.int(1, 12)).padStart(2, '0')}/anh-${i + 1}-${k + 1}.jpg`, caption, alt: caption });
      }
    }
    const nt = w.int(0, 4);
    const tags = new Set();
    for (let k = 0; k < nt; k++) tags.add(w.tag(w.rand));
    rec.tags = [...tags];
    textBytes += utf8(title) + utf8(rec.summary) + utf8(body) + utf8(author) + utf8(source);
    chunk += `${JSON.stringify(rec)}\n`;
    if (chunk.length > 1 << 20) flush();
  }
  flush();
  closeSync(fd);
  return { articles: size, sections: SECTIONS.length, fileBytes, textBytes, ms: performance.now() - started };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const size = Number(opt('size', '10000'));
  const seed = Number(opt('seed', '1'));
  const out = opt('out', `bench/work/corpus-${size}-s${seed}.ndjson`);
  if (!Number.isInteger(size) || size < 1) {
    console.error('corpus: --size must be a positive whole number');
    process.exit(2);
  }
  const { mkdirSync } = await import('node:fs');
  const { dirname } = await import('node:path');
  mkdirSync(dirname(out), { recursive: true });
  const r = writeCorpus({ size, seed, out });
  console.error(`corpus: ${r.articles} articles, ${(r.fileBytes / 1e6).toFixed(1)} MB (${(r.textBytes / 1e6).toFixed(1)} MB of text) in ${(r.ms / 1000).toFixed(1)} s → ${out}`);
}
