// Every word the site prints itself, in the site language.
import type { Language } from '../../../core/records.js';

export interface Labels {
  lang: Language;
  home: string;
  skip: string;
  menu: string;
  breadcrumb: string;
  first: string;
  previous: string;
  next: string;
  last: string;
  page(n: number): string;
  pageOf(n: number, of: number): string;
  pagination: string;
  backToTop: string;
  otherArticles: string;
  photoLibrary: string;
  newestPhotos: string;
  links: string;
  newTab: string;
  latestNews: string;
  emptySection: string;
  emptyHome: string;
  emptyPhotos: string;
  subsections: string;
  viewImage: string;
  /** The title of an embedded video that has none. */
  video: string;
  /** The link from an article's picture to its full-size copy, when it has no text of its own. */
  viewFullSize: string;
  readArticle: string;
  feed: string;
  poweredBy: string;
  search: SearchLabels;
}

/** The search form and page; {n}, {q}, {message} are filled in by the page's script. */
export interface SearchLabels {
  title: string;
  field: string;
  button: string;
  help: string;
  noScript: string;
  searching: string;
  found: string;
  none: string;
  bad: string;
  failed: string;
  page: string;
  results: string;
}

const vi: Labels = {
  lang: 'vi',
  home: 'Trang chủ',
  skip: 'Chuyển đến nội dung chính',
  menu: 'Danh mục',
  breadcrumb: 'Vị trí',
  first: 'Trang đầu',
  previous: 'Trang trước',
  next: 'Trang sau',
  last: 'Trang cuối',
  page: (n) => `Trang ${n}`,
  pageOf: (n, of) => `Trang ${n}/${of}`,
  pagination: 'Phân trang',
  backToTop: 'Đầu trang',
  otherArticles: 'Các tin khác',
  photoLibrary: 'Thư viện ảnh',
  newestPhotos: 'Ảnh mới',
  links: 'Liên kết Website',
  newTab: '(mở trong thẻ mới)',
  latestNews: 'Tin mới nhất',
  emptySection: 'Chuyên mục này chưa có bài viết.',
  emptyHome: 'Chưa có bài viết.',
  emptyPhotos: 'Chưa có ảnh.',
  subsections: 'Chuyên mục con',
  viewImage: 'Xem ảnh',
  video: 'Video',
  viewFullSize: 'Xem ảnh gốc',
  readArticle: 'Xem bài viết',
  feed: 'Tin mới (Atom)',
  poweredBy: 'Xuất bởi newsdesk',
  search: {
    title: 'Tìm kiếm',
    field: 'Từ khóa',
    button: 'Tìm',
    help: 'Gõ có dấu hoặc không dấu. "Cụm từ" trong ngoặc kép, -từ để loại trừ, tiền tố*, OR giữa hai từ.',
    noScript: 'Cần bật JavaScript để tìm kiếm.',
    searching: 'Đang tìm…',
    found: 'Tìm thấy {n} kết quả cho “{q}”.',
    none: 'Không tìm thấy kết quả nào cho “{q}”.',
    bad: 'Không hiểu từ khóa: {message}',
    failed: 'Không tải được dữ liệu tìm kiếm. Hãy thử lại sau.',
    page: 'Trang {n}',
    results: 'Kết quả tìm kiếm',
  },
};

const en: Labels = {
  lang: 'en',
  home: 'Home',
  skip: 'Skip to main content',
  menu: 'Menu',
  breadcrumb: 'Breadcrumb',
  first: 'First page',
  previous: 'Previous page',
  next: 'Next page',
  last: 'Last page',
  page: (n) => `Page ${n}`,
  pageOf: (n, of) => `Page ${n} of ${of}`,
  pagination: 'Pagination',
  backToTop: 'Back to top',
  otherArticles: 'Other articles',
  photoLibrary: 'Photo library',
  newestPhotos: 'Newest photos',
  links: 'Links',
  newTab: '(opens in a new tab)',
  latestNews: 'Latest news',
  emptySection: 'This section has no articles yet.',
  emptyHome: 'No articles yet.',
  emptyPhotos: 'No photos yet.',
  subsections: 'Subsections',
  viewImage: 'View image',
  video: 'Video',
  viewFullSize: 'View full size',
  readArticle: 'Read the article',
  feed: 'Latest news (Atom)',
  poweredBy: 'Exported by newsdesk',
  search: {
    title: 'Search',
    field: 'Search words',
    button: 'Search',
    help: 'With or without Vietnamese marks. "Phrases" in double quotes, -word to exclude, prefix*, OR between two words.',
    noScript: 'Searching needs JavaScript.',
    searching: 'Searching…',
    found: '{n} results for “{q}”.',
    none: 'Nothing found for “{q}”.',
    bad: 'The search words are not understood: {message}',
    failed: 'The search data could not be loaded. Try again later.',
    page: 'Page {n}',
    results: 'Search results',
  },
};

export function labelsFor(language: Language): Labels {
  return language === 'en' ? en : vi;
}
