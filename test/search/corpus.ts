// A small portal for the search tests: Vietnamese articles in both tone-mark styles, with đ,
// capitals, punctuation, numbers and a few English words; drafts and nested sections.
import { addArticle } from '../../src/ops/articles.js';
import { addSection } from '../../src/ops/sections.js';
import type { StoreData } from '../../src/store/store.js';
import { FIXED_NOW } from '../helpers/db.js';

export interface FixtureArticle {
  title: string;
  summary?: string;
  body?: string;
  author?: string;
  source?: string;
  section: string;
  status?: 'draft' | 'published';
  published_at?: string;
}

export const SECTIONS = [
  { title: 'Hệ thống chính trị', slug: 'he-thong-chinh-tri' },
  { title: 'Xây dựng Đảng', slug: 'xay-dung-dang', parent: 'he-thong-chinh-tri' },
  { title: 'Kinh tế', slug: 'kinh-te' },
  { title: 'Văn hóa - Xã hội', slug: 'van-hoa-xa-hoi' },
];

export const ARTICLES: FixtureArticle[] = [
  {
    title: 'Quế Phong: Nâng cao chất lượng phát triển đảng viên',
    summary: 'Huyện ủy Quế Phong chú trọng công tác phát triển đảng viên ở vùng đồng bào dân tộc thiểu số.',
    body: 'Năm 2020, Đảng bộ huyện đã kết nạp 312 đảng viên mới, đạt 104% kế hoạch.\n\nCông tác tạo nguồn được các chi bộ quan tâm.',
    author: 'Hoài Thu',
    source: 'Báo Nghệ An',
    section: 'xay-dung-dang',
    published_at: '2020-10-23T20:37:00+07:00',
  },
  {
    title: 'Lễ kết nạp Đảng viên tại chi bộ bản Na Sai',
    summary: 'Chi bộ bản Na Sai tổ chức lễ kết nạp 3 quần chúng ưu tú vào Đảng.',
    body: 'Các ĐẢNG VIÊN mới hứa phấn đấu, rèn luyện; quyết tâm xây dựng bản làng văn hoá.',
    author: 'Lan Hương',
    section: 'xay-dung-dang',
    published_at: '2021-03-02T09:00:00+07:00',
  },
  {
    title: 'Hòa Bình đón khách du lịch dịp lễ',
    summary: 'Tỉnh Hòa Bình đón hơn 50.000 lượt khách trong kỳ nghỉ lễ 30/4 - 1/5.',
    body: 'Khách tham quan hồ thủy điện và các bản làng người Mường.',
    section: 'van-hoa-xa-hoi',
    published_at: '2023-05-02T08:00:00+07:00',
  },
  {
    title: 'Mùa hoa hồng ở Sa Pa',
    summary: 'Thung lũng hoa hồng lớn nhất Việt Nam vào mùa đẹp nhất.',
    body: 'Du khách đến ngắm hoa và chụp ảnh.',
    section: 'van-hoa-xa-hoi',
    published_at: '2023-05-03T08:00:00+07:00',
  },
  {
    title: 'Hội nghị hiệp thương lần thứ hai',
    summary: 'Ủy ban MTTQ huyện tổ chức hội nghị hiệp thương, thỏa thuận cơ cấu đại biểu.',
    body: 'Hội nghị diễn ra trong không khí hoà hợp, dân chủ. Uỷ ban MTTQ các xã cùng tham dự.',
    section: 'he-thong-chinh-tri',
    published_at: '2021-02-10T14:00:00+07:00',
  },
  {
    title: 'Giữ gìn sức khỏe mùa mưa lũ',
    summary: 'Người dân cần chủ động phòng bệnh để giữ sức khoẻ trong mùa mưa lũ.',
    body: 'Ngành y tế khuyến cáo: ăn chín, uống sôi, ngủ màn. Bác sĩ Thuý Hằng cho biết số ca tiêu chảy tăng.',
    author: 'Thúy Hằng',
    section: 'van-hoa-xa-hoi',
    published_at: '2022-08-15T07:30:00+07:00',
  },
  {
    title: 'Kinh tế huyện tăng trưởng 7,5%',
    summary: 'Tổng sản phẩm trên địa bàn tăng 7,5% so với cùng kỳ; thu ngân sách đạt 120 tỷ đồng.',
    body: 'Kinh tế - xã hội tiếp tục phát triển. Sản xuất nông nghiệp, kinh-tế hộ gia đình chuyển biến tích cực.',
    section: 'kinh-te',
    published_at: '2023-12-28T16:00:00+07:00',
  },
  {
    title: 'Đường giao thông nông thôn về đích sớm',
    summary: 'Xã Đồng Văn hoàn thành 12 km đường bê tông trước kế hoạch.',
    body: 'Nhân dân hiến đất, góp ngày công làm đường. Đây là kết quả của phong trào "Nông thôn mới".',
    section: 'kinh-te',
    published_at: '2022-11-05T10:00:00+07:00',
  },
  {
    title: 'Dệt thổ cẩm: nghề truyền thống của đồng bào Thái',
    summary: 'Nghề dệt thổ cẩm được gìn giữ và phát triển thành sản phẩm du lịch.',
    body: "Chị Lô Thị Hoà chia sẻ: 'Mỗi tấm thổ cẩm là một câu chuyện'. Hợp tác xã có 40 thành viên.",
    author: 'Vi Văn Đức',
    section: 'van-hoa-xa-hoi',
    published_at: '2022-03-19T09:15:00+07:00',
  },
  {
    title: 'Đổi mới phương thức lãnh đạo của Đảng',
    summary: 'Hội thảo khoa học về đổi mới phương thức lãnh đạo, cầm quyền của Đảng trong giai đoạn mới.',
    body: 'Các đại biểu thảo luận về vai trò của đảng viên, của tổ chức cơ sở đảng.',
    section: 'he-thong-chinh-tri',
    published_at: '2024-01-09T08:00:00+07:00',
  },
  {
    title: 'Bản tin nội bộ chưa công bố',
    summary: 'Dự thảo kế hoạch phát triển đảng viên năm 2025.',
    body: 'Nội dung đang được hoàn thiện.',
    section: 'xay-dung-dang',
    status: 'draft',
  },
  {
    title: 'COVID-19: tiêm vắc-xin mũi 3',
    summary: 'Trung tâm y tế triển khai tiêm mũi 3 vắc-xin phòng COVID-19 cho người dân.',
    body: 'Tỷ lệ bao phủ đạt 95%. Người dân mang theo CCCD khi đi tiêm.',
    source: 'CDC tỉnh',
    section: 'van-hoa-xa-hoi',
    published_at: '2022-01-20T08:00:00+07:00',
  },
  {
    title: 'Khoẻ đẹp với trà xanh',
    summary: 'Trà xanh giúp cơ thể khỏe mạnh.',
    body: 'Uống trà xanh mỗi ngày là thói quen của người Thái Nguyên.',
    section: 'van-hoa-xa-hoi',
    published_at: '2021-07-07T07:07:00+07:00',
  },
  {
    title: 'Hoa hậu thân thiện',
    summary: 'Cuộc thi hoa hậu các dân tộc được tổ chức tại Hòa Bình.',
    body: 'Thí sinh đến từ 20 tỉnh thành.',
    section: 'van-hoa-xa-hoi',
    published_at: '2021-09-01T20:00:00+07:00',
  },
  {
    title: 'Thủy lợi phục vụ sản xuất',
    summary: 'Kênh mương được kiên cố hóa, đảm bảo nước tưới cho vụ đông xuân.',
    body: 'Công trình thuỷ lợi hồ Khe Đá hoàn thành.',
    section: 'kinh-te',
    published_at: '2020-12-01T08:00:00+07:00',
  },
  {
    title: 'Quý I: thu hút đầu tư tăng',
    summary: 'Trong quý I, tỉnh thu hút 5 dự án mới.',
    body: 'Các nhà đầu tư quan tâm đến khu công nghiệp. Tổng vốn đăng ký đạt 1.200 tỷ đồng.',
    section: 'kinh-te',
    published_at: '2024-04-02T08:00:00+07:00',
  },
];

/** Creates the sections and articles; returns the ids of the articles in ARTICLES order. */
export async function loadCorpus(store: StoreData, articles: FixtureArticle[] = ARTICLES): Promise<number[]> {
  for (const s of SECTIONS) await addSection(store, s);
  const ids: number[] = [];
  for (const a of articles) ids.push((await addArticle(store, { status: a.status ?? 'published', ...a }, { now: FIXED_NOW })).id);
  return ids;
}

/** A small deterministic generator (the corpus must be the same on every run). */
export function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x7fffffff;
  };
}

const NEW_TO_OLD: Array<[string, string]> = [
  ['òa', 'oà'], ['óa', 'oá'], ['ỏa', 'oả'], ['õa', 'oã'], ['ọa', 'oạ'],
  ['òe', 'oè'], ['óe', 'oé'], ['ỏe', 'oẻ'], ['õe', 'oẽ'], ['ọe', 'oẹ'],
  ['úy', 'uý'], ['ùy', 'uỳ'], ['ủy', 'uỷ'], ['ũy', 'uỹ'], ['ụy', 'uỵ'],
];

/** hòa ↔ hoà: the other tone-mark placement. */
export function otherToneStyle(w: string): string {
  for (const [a, b] of NEW_TO_OLD) {
    if (w.includes(a)) return w.replace(a, b);
    if (w.includes(b)) return w.replace(b, a);
  }
  return w;
}
