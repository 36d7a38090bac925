/** A 4000×3000 (or the given size) JPEG like a phone's, with EXIF and a GPS position. */
export function phonePhoto(seed: number, size?: { width?: number; height?: number }): Promise<Buffer>;
/** The same JPEG under another content hash (a comment segment added). */
export function variant(jpeg: Buffer, n: number): Buffer;
