// Paper for printToPDF. Electron takes a named size or { width, height } in inches. Pure: no electron import.
import type { PageSize } from '../shell/channels';

export const MM_PER_INCH = 25.4;
export const CSS_PX_PER_INCH = 96;

/** Receipt roll: 80 mm paper; the printable area most 80 mm printers use is 72 mm. */
export const RECEIPT_WIDTH_MM = 80;

export type PdfPageSize = 'A4' | 'Letter' | { width: number; height: number };

/**
 * A4 and Letter are Electron's named sizes. 80 mm is a continuous roll: the page is as long as the content
 * (contentHeightPx from the print route), at least 50 mm, at most 2 m.
 */
export function pdfPageSize(size: PageSize, contentHeightPx?: number): PdfPageSize {
  if (size === 'A4' || size === 'Letter') return size;
  const width = RECEIPT_WIDTH_MM / MM_PER_INCH;
  const contentIn = contentHeightPx ? contentHeightPx / CSS_PX_PER_INCH : 200 / MM_PER_INCH;
  const height = Math.min(Math.max(contentIn + 0.2, 50 / MM_PER_INCH), 2000 / MM_PER_INCH);
  return { width: Math.round(width * 1000) / 1000, height: Math.round(height * 1000) / 1000 };
}

/** Width of the hidden print window, so the route lays out as it will print (CSS px). */
export function printViewportWidth(size: PageSize, landscape = false): number {
  const mm = size === 'A4' ? (landscape ? 297 : 210) : size === 'Letter' ? (landscape ? 279.4 : 215.9) : RECEIPT_WIDTH_MM;
  return Math.round((mm / MM_PER_INCH) * CSS_PX_PER_INCH);
}
