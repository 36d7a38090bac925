// Phone-sized photos for the image budget test and the bench: a 4000×3000 JPEG of about 4 MB
// with the structure of a photograph (smooth shapes at every scale, fine grain), made with
// sharp. Variants of one photo differ only by a JPEG comment segment: a new content hash
// (so a new image to the export, decoded and resized in full) for the cost of a copy.
import sharp from 'sharp';

/** A photo like a phone makes: `seed` varies its picture. */
export async function phonePhoto(seed, { width = 4000, height = 3000 } = {}) {
  const layer = (w, h, sigma) => sharp({ create: { width: w, height: h, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma } } }).png({ compressionLevel: 0 }).toBuffer();
  // Broad shapes (a landscape seen small) and detail at a quarter size, with a fine grain.
  const broad = await sharp(await layer(16 + (seed % 7), 12 + (seed % 5), 60)).resize(width, height, { kernel: 'cubic' }).png({ compressionLevel: 0 }).toBuffer();
  const detail = await sharp(await layer(Math.round(width / 12), Math.round(height / 12), 45)).resize(width, height, { kernel: 'cubic' }).png({ compressionLevel: 0 }).toBuffer();
  const grain = await layer(width, height, 10);
  return sharp(broad)
    .composite([{ input: detail, blend: 'soft-light' }, { input: grain, blend: 'overlay' }])
    .withExif({ IFD0: { Make: 'newsdesk', Model: 'bench' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 2/1 3/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 50/1 0/1' } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** The same photo as another file: a comment segment after the start marker. */
export function variant(jpeg, n) {
  const text = Buffer.from(`newsdesk variant ${n}`);
  const segment = Buffer.alloc(4 + text.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(2 + text.length, 2);
  text.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}
