/**
 * The app's two icons, drawn from code: a speech bubble with a tick ("supervision, on record").
 * - color: 192×192, full-bleed accent background, white bubble, accent tick (Teams: colour icon).
 * - outline: 32×32, white on transparent only (Teams requires exactly that for the outline icon).
 * `npm run package` regenerates them; the committed PNGs are the same bytes.
 */
import type { RgbaImage } from './png';

export const ACCENT = { r: 0x2e, g: 0x6b, b: 0x5e }; // #2E6B5E

type Rgba = [number, number, number, number];

function image(size: number, fill: Rgba): RgbaImage {
  const data = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) data.set(fill, i * 4);
  return { width: size, height: size, data };
}

/** Is (x, y) inside the bubble: a rounded rectangle plus a tail, in unit coordinates 0..1. */
function inBubble(x: number, y: number): boolean {
  const [l, t, r, b, rad] = [0.16, 0.2, 0.84, 0.7, 0.12];
  const cx = Math.min(Math.max(x, l + rad), r - rad);
  const cy = Math.min(Math.max(y, t + rad), b - rad);
  const inRect = x >= l && x <= r && y >= t && y <= b && (x - cx) ** 2 + (y - cy) ** 2 <= rad * rad;
  // Tail: a triangle below the bottom-left.
  const inTail =
    y >= b - 0.01 && y <= 0.84 && x >= 0.28 && x <= 0.28 + (0.84 - y) * 1.4 && x <= 0.46;
  return inRect || inTail;
}

/** Distance from (x, y) to the segment a–b. */
function distToSegment(
  x: number,
  y: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

function onTick(x: number, y: number, width: number): boolean {
  return (
    distToSegment(x, y, 0.33, 0.45, 0.45, 0.57) <= width ||
    distToSegment(x, y, 0.45, 0.57, 0.68, 0.33) <= width
  );
}

export function colorIcon(size = 192): RgbaImage {
  const img = image(size, [ACCENT.r, ACCENT.g, ACCENT.b, 255]);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const y = (py + 0.5) / size;
      if (!inBubble(x, y)) continue;
      const c: Rgba = onTick(x, y, 0.04)
        ? [ACCENT.r, ACCENT.g, ACCENT.b, 255]
        : [255, 255, 255, 255];
      img.data.set(c, (py * size + px) * 4);
    }
  }
  return img;
}

export function outlineIcon(size = 32): RgbaImage {
  const img = image(size, [0, 0, 0, 0]);
  const stroke = 1.6 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const y = (py + 0.5) / size;
      // Outline of the bubble: inside it, but not inside a slightly shrunk copy.
      const edge =
        inBubble(x, y) &&
        (!inBubble(x - stroke, y) ||
          !inBubble(x + stroke, y) ||
          !inBubble(x, y - stroke) ||
          !inBubble(x, y + stroke));
      if (edge || (inBubble(x, y) && onTick(x, y, 0.05)))
        img.data.set([255, 255, 255, 255], (py * size + px) * 4);
    }
  }
  return img;
}
