#!/usr/bin/env node
// Draws Passbook's app icon (a white pass with ticket notches and a dashed tear line on a teal tile) and
// writes 512x512.png and 256x256.png next to this file. Plain Node: zlib + a hand-written PNG encoder.
// Run: node resources/icons/generate.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// shapes in a 0..1 square
const inRoundRect = (x, y, x0, y0, x1, y1, r) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const TEAL = [15, 118, 110];
const WHITE = [255, 255, 255];
const AMBER = [245, 158, 11];

function sample(x, y) {
  if (!inRoundRect(x, y, 0.03, 0.03, 0.97, 0.97, 0.2)) return null; // transparent outside the tile
  // the pass: a card with two semicircle notches at the tear line
  const card = inRoundRect(x, y, 0.16, 0.27, 0.84, 0.73, 0.06);
  const notch = (x - 0.62) ** 2 + (y - 0.27) ** 2 <= 0.045 ** 2 || (x - 0.62) ** 2 + (y - 0.73) ** 2 <= 0.045 ** 2;
  if (card && !notch) {
    if (Math.abs(x - 0.62) < 0.009 && Math.floor((y - 0.27) / 0.05) % 2 === 1) return TEAL; // dashed tear line
    if (inRoundRect(x, y, 0.23, 0.36, 0.53, 0.42, 0.02)) return TEAL; // name line
    if (inRoundRect(x, y, 0.23, 0.48, 0.45, 0.53, 0.02)) return [94, 164, 158]; // detail line
    if ((x - 0.335) ** 2 + (y - 0.61) ** 2 <= 0.045 ** 2) return AMBER; // a stamp: one drink taken
    return WHITE;
  }
  return TEAL;
}

function draw(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const S = 4; // 4x4 supersampling for smooth edges
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const c = sample((px + (sx + 0.5) / S) / size, (py + (sy + 0.5) / S) / size);
          if (c) { r += c[0]; g += c[1]; b += c[2]; a += 1; }
        }
      }
      const i = (py * size + px) * 4;
      if (a) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
      }
      rgba[i + 3] = Math.round((a / (S * S)) * 255);
    }
  }
  return png(size, rgba);
}

for (const size of [512, 256]) {
  const file = path.join(here, `${size}x${size}.png`);
  fs.writeFileSync(file, draw(size));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
