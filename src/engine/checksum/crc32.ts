// CRC-32 (IEEE 802.3, the one of zlib, PNG and gzip), slice-by-8 so that checking every stored chunk on read
// costs little next to the disk. Pure: works on bytes only.

const TABLES = buildTables();

function buildTables(): Uint32Array {
  const tables = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = tables[n]!;
    for (let t = 1; t < 8; t++) {
      c = tables[c & 0xff]! ^ (c >>> 8);
      tables[t * 256 + n] = c >>> 0;
    }
  }
  return tables;
}

/**
 * CRC-32 of `bytes`, continuing from `previous` (the CRC of the bytes before them), so a long buffer can be
 * checked in pieces: crc32(b, crc32(a)) === crc32(a + b).
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  const t = TABLES;
  let crc = ~previous >>> 0;
  let i = 0;
  const length = bytes.length;
  const fast = length - (length % 8);
  while (i < fast) {
    const lo =
      (crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24))) >>> 0;
    const b4 = bytes[i + 4]!;
    const b5 = bytes[i + 5]!;
    const b6 = bytes[i + 6]!;
    const b7 = bytes[i + 7]!;
    crc =
      t[7 * 256 + (lo & 0xff)]! ^
      t[6 * 256 + ((lo >>> 8) & 0xff)]! ^
      t[5 * 256 + ((lo >>> 16) & 0xff)]! ^
      t[4 * 256 + (lo >>> 24)]! ^
      t[3 * 256 + b4]! ^
      t[2 * 256 + b5]! ^
      t[256 + b6]! ^
      t[b7]!;
    i += 8;
  }
  while (i < length) {
    crc = t[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
    i++;
  }
  return ~crc >>> 0;
}
