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
};

export function labelsFor(language: Language): Labels {
  return language === 'en' ? en : vi;
}
