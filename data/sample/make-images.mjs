// Generates the illustrative PNG pictures of the newsdesk sample portal.
// Node built-ins only: zlib for deflate, CRC-32 computed by hand.
// Deterministic: the same script always writes byte-identical files.
//
//   node data/sample/make-images.mjs [outDir]
//
// Every picture is an indexed-colour PNG (limited palette, large flat areas),
// so each file stays well under 40 KB.

import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const W = 480;
const H = 320;

// ---------------------------------------------------------------- PNG ---

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function encodePng(img) {
  const { w, h, px, palette } = img;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 3; // indexed colour
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const plte = Buffer.alloc(palette.length * 3);
  palette.forEach((c, i) => {
    plte[i * 3] = c[0];
    plte[i * 3 + 1] = c[1];
    plte[i * 3 + 2] = c[2];
  });
  const raw = Buffer.alloc((w + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w + 1)] = 0; // filter: none (flat areas compress well as is)
    for (let x = 0; x < w; x++) raw[y * (w + 1) + 1 + x] = px[y * w + x];
  }
  const idat = deflateSync(raw, { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('PLTE', plte),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ------------------------------------------------------------- canvas ---

function rng(seedText) {
  let s = 2166136261;
  for (const ch of seedText) s = Math.imul(s ^ ch.codePointAt(0), 16777619) >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(h) {
  const n = parseInt(h.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mix(a, b, t) {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t));
}

function canvas(w = W, h = H) {
  const px = new Uint8Array(w * h);
  const palette = [];
  const index = new Map();
  function col(c) {
    const rgb = typeof c === 'string' ? hex(c) : c;
    const key = rgb.join(',');
    let i = index.get(key);
    if (i === undefined) {
      if (palette.length >= 256) throw new Error('palette full');
      i = palette.length;
      palette.push(rgb);
      index.set(key, i);
    }
    return i;
  }
  const img = { w, h, px, palette };
  const set = (x, y, i) => {
    if (x >= 0 && y >= 0 && x < w && y < h) px[y * w + x] = i;
  };
  img.rect = (x0, y0, rw, rh, c) => {
    const i = col(c);
    for (let y = Math.max(0, Math.round(y0)); y < Math.min(h, Math.round(y0 + rh)); y++)
      for (let x = Math.max(0, Math.round(x0)); x < Math.min(w, Math.round(x0 + rw)); x++) px[y * w + x] = i;
  };
  img.circle = (cx, cy, r, c) => {
    const i = col(c);
    for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++)
      for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++)
        if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) set(x, y, i);
  };
  img.ellipse = (cx, cy, rx, ry, c) => {
    const i = col(c);
    for (let y = Math.floor(cy - ry); y <= Math.ceil(cy + ry); y++)
      for (let x = Math.floor(cx - rx); x <= Math.ceil(cx + rx); x++)
        if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) set(x, y, i);
  };
  // Scanline polygon fill (even-odd rule).
  img.poly = (pts, c) => {
    const i = col(c);
    const ys = pts.map((p) => p[1]);
    const yMin = Math.max(0, Math.floor(Math.min(...ys)));
    const yMax = Math.min(h - 1, Math.ceil(Math.max(...ys)));
    for (let y = yMin; y <= yMax; y++) {
      const yc = y + 0.5;
      const xs = [];
      for (let k = 0; k < pts.length; k++) {
        const [x1, y1] = pts[k];
        const [x2, y2] = pts[(k + 1) % pts.length];
        if ((y1 <= yc && y2 > yc) || (y2 <= yc && y1 > yc)) xs.push(x1 + ((yc - y1) / (y2 - y1)) * (x2 - x1));
      }
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2)
        for (let x = Math.max(0, Math.round(xs[k])); x < Math.min(w, Math.round(xs[k + 1])); x++) px[y * w + x] = i;
    }
  };
  img.line = (x1, y1, x2, y2, t, c) => {
    const n = Math.ceil(Math.hypot(x2 - x1, y2 - y1));
    const i = col(c);
    for (let s = 0; s <= n; s++) {
      const x = x1 + ((x2 - x1) * s) / Math.max(1, n);
      const y = y1 + ((y2 - y1) * s) / Math.max(1, n);
      for (let dy = -t / 2; dy <= t / 2; dy++) for (let dx = -t / 2; dx <= t / 2; dx++) set(Math.round(x + dx), Math.round(y + dy), i);
    }
  };
  // Vertical gradient in a few flat bands (compresses well, looks smooth enough).
  img.sky = (top, bottom, bands = 12, y0 = 0, y1 = h) => {
    const a = hex(top);
    const b = hex(bottom);
    for (let k = 0; k < bands; k++) {
      const ya = y0 + ((y1 - y0) * k) / bands;
      const yb = y0 + ((y1 - y0) * (k + 1)) / bands;
      img.rect(0, ya, w, Math.ceil(yb - ya) + 1, mix(a, b, k / (bands - 1)));
    }
  };
  // Fill everything below the curve y = f(x), from the curve to yBottom.
  img.hill = (f, c, yBottom = h) => {
    const i = col(c);
    for (let x = 0; x < w; x++) {
      const top = Math.max(0, Math.round(f(x)));
      for (let y = top; y < Math.min(h, yBottom); y++) px[y * w + x] = i;
    }
  };
  img.star = (cx, cy, r, c) => {
    const pts = [];
    for (let k = 0; k < 10; k++) {
      const a = -Math.PI / 2 + (k * Math.PI) / 5;
      const rr = k % 2 === 0 ? r : r * 0.382;
      pts.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
    }
    img.poly(pts, c);
  };
  return img;
}

// ------------------------------------------------------------ shapes ---

function sun(img, x, y, r, c, glow) {
  if (glow) img.circle(x, y, r * 1.5, glow);
  img.circle(x, y, r, c);
}

function cloud(img, x, y, s, c) {
  img.ellipse(x, y, 28 * s, 10 * s, c);
  img.ellipse(x - 14 * s, y - 5 * s, 14 * s, 10 * s, c);
  img.ellipse(x + 10 * s, y - 8 * s, 16 * s, 12 * s, c);
}

function tree(img, x, base, s, leaf, trunk) {
  img.rect(x - 2 * s, base - 10 * s, 4 * s, 10 * s, trunk);
  img.poly([[x, base - 42 * s], [x - 13 * s, base - 10 * s], [x + 13 * s, base - 10 * s]], leaf);
}

function roundTree(img, x, base, s, leaf, trunk) {
  img.rect(x - 2 * s, base - 14 * s, 4 * s, 14 * s, trunk);
  img.circle(x, base - 22 * s, 12 * s, leaf);
}

function person(img, x, base, s, shirt, skin = '#e0b48a', hair = '#2b2118', trousers = '#2f3a4a') {
  img.rect(x - 4 * s, base - 14 * s, 3 * s, 14 * s, trousers);
  img.rect(x + 1 * s, base - 14 * s, 3 * s, 14 * s, trousers);
  img.poly([[x - 6 * s, base - 14 * s], [x + 6 * s, base - 14 * s], [x + 5 * s, base - 30 * s], [x - 5 * s, base - 30 * s]], shirt);
  img.circle(x, base - 35 * s, 5 * s, skin);
  img.rect(x - 5 * s, base - 41 * s, 10 * s, 4 * s, hair);
}

function house(img, x, base, bw, bh, wall, roof, win = '#3d4f66') {
  img.rect(x, base - bh, bw, bh, wall);
  img.poly([[x - 6, base - bh], [x + bw / 2, base - bh - bw * 0.45], [x + bw + 6, base - bh]], roof);
  img.rect(x + bw * 0.4, base - bh * 0.55, bw * 0.2, bh * 0.55, win);
  img.rect(x + bw * 0.12, base - bh * 0.8, bw * 0.18, bh * 0.22, win);
  img.rect(x + bw * 0.7, base - bh * 0.8, bw * 0.18, bh * 0.22, win);
}

function stiltHouse(img, x, base, bw, wall, roof, post) {
  const floor = base - 34;
  for (let k = 0; k <= 5; k++) img.rect(x + (k * (bw - 6)) / 5, floor, 6, 34, post);
  img.rect(x - 4, floor - 6, bw + 8, 6, post);
  img.rect(x, floor - 42, bw, 36, wall);
  for (let k = 1; k < 4; k++) img.rect(x + (k * bw) / 4 - 8, floor - 32, 16, 16, '#3b2a1e');
  img.poly([[x - 22, floor - 40], [x + 18, floor - 86], [x + bw - 18, floor - 86], [x + bw + 22, floor - 40]], roof);
  img.line(x + bw * 0.15, base, x + bw * 0.05 - 10, floor - 4, 3, post); // ladder rail
}

function flag(img, x, y, fw, fh, pole = '#9a9a9a') {
  if (pole) img.rect(x - 3, y, 3, fh * 3.2, pole);
  img.rect(x, y, fw, fh, '#da251d');
  img.star(x + fw / 2, y + fh / 2, fh * 0.32, '#ffde00');
}

function partyFlag(img, x, y, fw, fh, pole = '#9a9a9a') {
  if (pole) img.rect(x - 3, y, 3, fh * 3.2, pole);
  img.rect(x, y, fw, fh, '#da251d');
  // stylised hammer and sickle: a crescent and a bar
  const cx = x + fw / 2;
  const cy = y + fh / 2;
  img.circle(cx, cy, fh * 0.3, '#ffde00');
  img.circle(cx + fh * 0.08, cy - fh * 0.06, fh * 0.24, '#da251d');
  img.line(cx - fh * 0.25, cy + fh * 0.25, cx + fh * 0.2, cy - fh * 0.2, Math.max(2, fh * 0.08), '#ffde00');
}

function terraces(img, y0, y1, colours, rows, wave, phase) {
  for (let k = 0; k < rows; k++) {
    const ya = y0 + ((y1 - y0) * k) / rows;
    img.hill((x) => ya + wave * Math.sin(x / 70 + phase + k * 0.7), colours[k % colours.length]);
    img.hill((x) => ya + wave * Math.sin(x / 70 + phase + k * 0.7) + 3, colours[(k + 1) % colours.length]);
  }
}

// ------------------------------------------------------------ scenes ---

const scenes = {
  'le-ket-nap-dang-vien'(img) {
    img.sky('#7a1a14', '#b3261e', 6);
    img.rect(0, 250, W, 70, '#6b4a2f');
    img.rect(0, 250, W, 4, '#4e3522');
    img.rect(90, 30, 300, 150, '#c62b22');
    img.rect(90, 30, 300, 8, '#e7b53a');
    partyFlag(img, 130, 60, 90, 60, null);
    flag(img, 260, 60, 90, 60, null);
    img.circle(240, 150, 22, '#f0c040');
    img.circle(240, 150, 16, '#c62b22');
    img.rect(170, 200, 140, 50, '#8c2a1f');
    img.rect(170, 200, 140, 6, '#e7b53a');
    [60, 100, 380, 420].forEach((x, k) => person(img, x, 300, 1.5, k % 2 ? '#f3f3f3' : '#e9e4d4'));
    [200, 240, 280].forEach((x) => person(img, x, 300, 1.6, '#ffffff'));
  },
  'hoi-nghi-huyen-uy'(img) {
    img.sky('#f1e6d0', '#e4d4b4', 4);
    img.rect(0, 40, W, 120, '#b22a20');
    img.rect(0, 40, W, 6, '#e0b13a');
    img.star(240, 95, 30, '#ffde00');
    img.rect(60, 150, 360, 26, '#2e5d8c');
    img.rect(60, 150, 360, 4, '#e9eef3');
    for (let r = 0; r < 3; r++) {
      img.rect(0, 214 + r * 36, W, 10, '#7a5533');
      for (let k = 0; k < 11; k++) img.circle(22 + k * 44 + (r % 2) * 18, 206 + r * 36, 9, '#2b2118');
    }
    img.rect(210, 176, 60, 30, '#8c2a1f');
  },
  'ruong-bac-thang'(img, r) {
    img.sky('#8ec5ea', '#e6f3fb', 10, 0, 130);
    sun(img, 380, 55, 22, '#fff6c8', '#f5e9b0');
    cloud(img, 120, 50, 1.2, '#ffffff');
    img.hill((x) => 110 + 25 * Math.sin(x / 60), '#5b8a6a');
    terraces(img, 130, 300, ['#8cbf3f', '#a6cf4f', '#c7d96a', '#76aa38'], 10, 10, r() * 6);
    img.rect(0, 300, W, 20, '#6a9a35');
  },
  'doi-che'(img, r) {
    img.sky('#bfe3f5', '#f4fbff', 8, 0, 140);
    img.hill((x) => 120 + 30 * Math.sin(x / 90 + 1), '#7fa88a');
    img.hill((x) => 160 + 25 * Math.sin(x / 70 + 2.4), '#3f8a3a');
    for (let k = 0; k < 9; k++) {
      const yb = 178 + k * 16;
      img.hill((x) => yb + 8 * Math.sin(x / 50 + k), k % 2 ? '#2f7a30' : '#4c9a3e', yb + 16 + 8);
    }
    [150, 300].forEach((x, k) => person(img, x, 250 + k * 30, 1.3, k ? '#d94f70' : '#3c72b0'));
    img.poly([[140, 214], [160, 214], [150, 204]], '#e8d28a');
    img.poly([[290, 244], [310, 244], [300, 234]], '#e8d28a');
    void r;
  },
  'rung-que'(img, r) {
    img.sky('#a7d3ee', '#eaf6fc', 8, 0, 150);
    img.hill((x) => 130 + 20 * Math.sin(x / 80), '#6f9d7a');
    img.hill((x) => 175 + 15 * Math.sin(x / 55 + 1), '#2f6b36');
    img.rect(0, 260, W, 60, '#7a5a36');
    for (let k = 0; k < 14; k++) tree(img, 20 + k * 34 + r() * 10, 262 + r() * 8, 1.6 + r() * 0.5, k % 2 ? '#2e7d32' : '#388e3c', '#6d4c2f');
    for (let k = 0; k < 6; k++) img.rect(40 + k * 70, 290, 46, 8, '#a0522d');
    person(img, 420, 312, 1.4, '#4a7db3');
  },
  'duong-giao-thong'(img) {
    img.sky('#93c9ef', '#e9f5fd', 10, 0, 150);
    cloud(img, 360, 45, 1, '#ffffff');
    img.hill((x) => 120 + 35 * Math.sin(x / 100 + 0.5), '#6e9f78');
    img.hill((x) => 170 + 10 * Math.sin(x / 60), '#8bbf55');
    img.poly([[200, 170], [280, 170], [440, 320], [40, 320]], '#5d5f63');
    img.poly([[236, 180], [244, 180], [250, 210], [230, 210]], '#ffffff');
    img.poly([[226, 230], [254, 230], [262, 270], [218, 270]], '#ffffff');
    img.poly([[212, 290], [268, 290], [276, 320], [204, 320]], '#ffffff');
    img.line(200, 170, 40, 320, 3, '#e9e9e9');
    img.line(280, 170, 440, 320, 3, '#e9e9e9');
    roundTree(img, 80, 200, 1.6, '#3f8e3f', '#6d4c2f');
    roundTree(img, 420, 205, 1.8, '#3f8e3f', '#6d4c2f');
    img.rect(300, 200, 40, 16, '#e57b25');
    img.circle(308, 218, 4, '#222222');
    img.circle(332, 218, 4, '#222222');
  },
  'truong-hoc'(img) {
    img.sky('#9fd2f4', '#eef8ff', 8, 0, 200);
    sun(img, 70, 60, 20, '#fff2a8', '#fbf1c6');
    img.rect(0, 250, W, 70, '#c9b48a');
    img.rect(70, 110, 340, 140, '#f3e2a5');
    img.rect(70, 100, 340, 12, '#b84a3a');
    img.rect(70, 175, 340, 6, '#d8c78b');
    for (let f = 0; f < 2; f++) for (let k = 0; k < 7; k++) img.rect(88 + k * 46, 124 + f * 66, 28, 36, '#5a86b8');
    img.rect(220, 200, 40, 50, '#7b4a2a');
    flag(img, 440, 120, 36, 24);
    [120, 160, 300, 350].forEach((x, k) => person(img, x, 300, 1.2, '#ffffff', '#e0b48a', '#2b2118', k % 2 ? '#1f3b73' : '#2f3a4a'));
  },
  'tram-y-te'(img) {
    img.sky('#cfe8f7', '#f7fcff', 6, 0, 220);
    img.rect(0, 250, W, 70, '#b8c4a0');
    img.rect(100, 120, 280, 130, '#ffffff');
    img.rect(100, 110, 280, 12, '#2e7d9a');
    img.rect(215, 50, 50, 50, '#ffffff');
    img.rect(233, 56, 14, 38, '#d32f2f');
    img.rect(221, 68, 38, 14, '#d32f2f');
    for (let k = 0; k < 5; k++) img.rect(118 + k * 52, 140, 32, 34, '#8fc1dc');
    img.rect(214, 190, 52, 60, '#2e7d9a');
    roundTree(img, 60, 250, 2, '#4f9a4a', '#6d4c2f');
    roundTree(img, 420, 250, 2, '#4f9a4a', '#6d4c2f');
    person(img, 180, 300, 1.4, '#ffffff', '#e0b48a', '#2b2118', '#dcdcdc');
    person(img, 300, 300, 1.3, '#c2185b');
  },
  'le-hoi-den'(img, r) {
    img.sky('#f6c66b', '#fbe9c4', 8, 0, 180);
    img.hill((x) => 120 + 30 * Math.sin(x / 90), '#6a8f5c');
    img.rect(0, 230, W, 90, '#c2a878');
    img.rect(150, 140, 180, 90, '#a3342a');
    img.poly([[120, 145], [240, 90], [360, 145]], '#5b3a29');
    img.poly([[140, 110], [240, 70], [340, 110], [240, 98]], '#6b4631');
    img.rect(215, 180, 50, 50, '#3b241a');
    for (let k = 0; k < 12; k++) {
      const x = 30 + k * 38;
      img.line(x, 20, x + 19, 30, 1, '#8a5a2b');
      img.rect(x + 12, 28, 8, 10, ['#e53935', '#fdd835', '#43a047', '#1e88e5'][k % 4]);
    }
    for (let k = 0; k < 14; k++) person(img, 20 + k * 34 + r() * 8, 300 + r() * 14, 1.1 + r() * 0.3, ['#d84315', '#283593', '#f9a825', '#6a1b9a', '#00897b'][k % 5]);
  },
  'nha-san'(img) {
    img.sky('#a9d8f0', '#f0faff', 8, 0, 170);
    img.hill((x) => 110 + 40 * Math.sin(x / 110 + 2), '#5d8f6b');
    img.rect(0, 250, W, 70, '#7fae4e');
    stiltHouse(img, 150, 262, 200, '#b88a5a', '#6d5a3a', '#6b4a2f');
    roundTree(img, 60, 262, 2.2, '#3d8b40', '#5d4037');
    tree(img, 420, 264, 2, '#2e7d32', '#5d4037');
    person(img, 390, 305, 1.3, '#1b1b1b', '#e0b48a', '#2b2118', '#1b1b1b');
  },
  'det-tho-cam'(img) {
    img.rect(0, 0, W, H, '#2b1b2e');
    const cols = ['#d81b60', '#fdd835', '#1e88e5', '#43a047', '#fb8c00', '#f5f5f5'];
    for (let b = 0; b < 8; b++) {
      const y = b * 40;
      img.rect(0, y, W, 6, cols[b % cols.length]);
      for (let k = 0; k < 12; k++) {
        const cx = 20 + k * 40;
        const cy = y + 23;
        const c = cols[(b + k) % cols.length];
        img.poly([[cx, cy - 12], [cx + 12, cy], [cx, cy + 12], [cx - 12, cy]], c);
        img.poly([[cx, cy - 5], [cx + 5, cy], [cx, cy + 5], [cx - 5, cy]], '#2b1b2e');
      }
    }
  },
  'song-nam-lam'(img) {
    img.sky('#7fbde6', '#e3f2fb', 10, 0, 150);
    cloud(img, 100, 40, 1.1, '#ffffff');
    cloud(img, 330, 60, 0.8, '#ffffff');
    img.hill((x) => 95 + 45 * Math.sin(x / 85), '#4f7f66');
    img.hill((x) => 140 + 30 * Math.sin(x / 60 + 2), '#3f7a45');
    img.poly([[0, 200], [480, 170], [480, 260], [0, 300]], '#4aa3c9');
    img.poly([[0, 230], [480, 200], [480, 212], [0, 244]], '#7cc3e0');
    img.hill((x) => (x < 240 ? 300 - x * 0.05 : 290), '#8a9a5b');
    img.poly([[180, 250], [250, 250], [236, 262], [192, 262]], '#6b4a2f');
    person(img, 216, 252, 0.9, '#444444');
  },
  'mua-lu'(img, r) {
    img.sky('#4a5561', '#8a96a3', 8, 0, 170);
    img.hill((x) => 120 + 25 * Math.sin(x / 80), '#3c5246');
    img.rect(0, 190, W, 130, '#8b6b44');
    img.rect(0, 200, W, 4, '#a5855b');
    house(img, 60, 240, 90, 60, '#d9cdb5', '#7a3b2e');
    house(img, 320, 236, 100, 64, '#e0d7c0', '#5e4a3a');
    img.rect(0, 228, W, 92, '#8f7450');
    for (let k = 0; k < 140; k++) {
      const x = r() * W;
      const y = r() * 220;
      img.line(x, y, x - 6, y + 18, 1, '#c9d3dd');
    }
    img.rect(200, 250, 80, 14, '#e65100');
    person(img, 225, 252, 1, '#ff7043');
    person(img, 255, 252, 1, '#2e7d32');
  },
  'thi-tran'(img) {
    img.sky('#f7b267', '#fde2c0', 10, 0, 220);
    sun(img, 240, 170, 40, '#fff3d6', '#fbe2b4');
    img.hill((x) => 150 + 30 * Math.sin(x / 120 + 1), '#8d7b8f');
    const b = [[20, 60, 90], [90, 50, 130], [150, 70, 100], [230, 46, 150], [286, 80, 110], [376, 60, 140], [440, 40, 95]];
    b.forEach(([x, bw, bh], k) => {
      img.rect(x, 260 - bh, bw, bh, ['#5d4e6d', '#4a3f5c', '#6a5a7a'][k % 3]);
      for (let yy = 260 - bh + 12; yy < 248; yy += 18)
        for (let xx = x + 8; xx < x + bw - 10; xx += 16) img.rect(xx, yy, 8, 9, '#ffd27f');
    });
    img.rect(0, 260, W, 60, '#3b3347');
    img.rect(0, 286, W, 4, '#e9d8a6');
  },
  'giao-quan'(img) {
    img.sky('#cde7f7', '#f3fbff', 6, 0, 200);
    img.rect(0, 220, W, 100, '#a8b88a');
    img.rect(40, 40, 400, 70, '#c62828');
    img.rect(40, 40, 400, 5, '#ffd54f');
    img.star(240, 76, 22, '#ffde00');
    flag(img, 20, 60, 40, 26);
    for (let k = 0; k < 9; k++) person(img, 45 + k * 49, 270, 1.7, '#4e6b2f', '#e0b48a', '#3e5a25', '#4e6b2f');
    for (let k = 0; k < 9; k++) img.circle(45 + k * 49, 270 - 30 * 1.7, 5, '#d84315');
  },
  'nong-thon-moi'(img, r) {
    img.sky('#9ad0f0', '#eef9ff', 10, 0, 160);
    sun(img, 420, 50, 18, '#fff6c2', '#fbf0c4');
    img.hill((x) => 120 + 20 * Math.sin(x / 90), '#7aa77f');
    img.rect(0, 150, W, 170, '#9ccc65');
    for (let k = 0; k < 6; k++) img.rect(0, 260 + k * 10, W, 5, k % 2 ? '#8bc34a' : '#aed581');
    img.poly([[0, 240], [480, 220], [480, 236], [0, 256]], '#b0b3b8');
    house(img, 40, 220, 80, 50, '#f4e3c1', '#c0392b');
    house(img, 170, 214, 70, 46, '#e8f0f7', '#2e6da4');
    house(img, 300, 210, 90, 54, '#f9e79f', '#a04000');
    roundTree(img, 140, 222, 1.4, '#388e3c', '#6d4c2f');
    roundTree(img, 420, 212, 1.6, '#388e3c', '#6d4c2f');
    img.rect(260, 120, 3, 90, '#9a9a9a');
    void r;
  },
  'dan-bo'(img, r) {
    img.sky('#b3dcf3', '#f2fbff', 8, 0, 140);
    img.hill((x) => 110 + 30 * Math.sin(x / 70 + 1), '#7fa86c');
    img.hill((x) => 160 + 20 * Math.sin(x / 110), '#94c25a');
    for (let k = 0; k < 6; k++) {
      const x = 50 + k * 72 + r() * 10;
      const y = 230 + (k % 2) * 40;
      const c = k % 3 === 0 ? '#f5f0e6' : '#b5651d';
      img.ellipse(x, y, 28, 15, c);
      img.ellipse(x + 28, y - 10, 10, 8, c);
      for (const dx of [-18, -8, 10, 20]) img.rect(x + dx, y + 8, 4, 18, c);
      img.line(x + 30, y - 18, x + 36, y - 24, 2, '#eeeeee');
    }
    person(img, 440, 300, 1.3, '#455a64');
  },
  'bo-phan-mot-cua'(img) {
    img.rect(0, 0, W, H, '#e8edf2');
    img.rect(0, 0, W, 60, '#1f5c99');
    img.rect(0, 56, W, 4, '#f2c230');
    img.rect(0, 200, W, 120, '#c8b8a0');
    img.rect(30, 170, 420, 50, '#f7f7f7');
    img.rect(30, 170, 420, 6, '#1f5c99');
    for (let k = 0; k < 4; k++) {
      img.rect(50 + k * 102, 120, 70, 46, '#2b2f36');
      img.rect(54 + k * 102, 124, 62, 38, '#7fb3e0');
      person(img, 85 + k * 102, 172, 1.1, '#ffffff');
      person(img, 85 + k * 102, 300, 1.5, ['#6d4c41', '#00796b', '#ad1457', '#3949ab'][k]);
    }
    for (let k = 0; k < 6; k++) img.rect(40 + k * 70, 20, 50, 18, '#e3ecf5');
  },
  'the-thao'(img) {
    img.sky('#9fd3f5', '#eaf7ff', 6, 0, 100);
    img.rect(0, 100, W, 220, '#4caf50');
    for (let k = 0; k < 8; k++) img.rect(0, 100 + k * 28, W, 14, '#43a047');
    img.line(0, 110, 480, 110, 3, '#ffffff');
    img.line(240, 110, 240, 320, 3, '#ffffff');
    img.ellipse(240, 220, 50, 36, '#ffffff');
    img.ellipse(240, 220, 46, 32, '#4caf50');
    img.rect(0, 60, W, 40, '#8d8d8d');
    for (let k = 0; k < 24; k++) img.circle(10 + k * 20, 75, 6, ['#e53935', '#1e88e5', '#fdd835'][k % 3]);
    [[120, 240, '#d32f2f'], [170, 190, '#d32f2f'], [320, 260, '#1565c0'], [360, 200, '#1565c0']].forEach(([x, y, c]) =>
      person(img, x, y, 1.4, c, '#e0b48a', '#2b2118', '#ffffff'),
    );
    img.circle(250, 250, 6, '#ffffff');
  },
};

// --------------------------------------------------------------- main ---

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2] ?? join(here, 'images');
mkdirSync(outDir, { recursive: true });

let total = 0;
for (const [name, draw] of Object.entries(scenes)) {
  const img = canvas();
  draw(img, rng(name));
  const png = encodePng(img);
  writeFileSync(join(outDir, `${name}.png`), png);
  total += png.length;
  console.log(`${name}.png  ${W}x${H}  ${img.palette.length} colours  ${png.length} bytes`);
}
console.log(`${Object.keys(scenes).length} images, ${total} bytes`);
