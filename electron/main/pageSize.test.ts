import { describe, expect, it } from 'vitest';
import { pdfPageSize, printViewportWidth } from './pageSize';

describe('PDF page sizes', () => {
  it('A4 and Letter are Electron named sizes', () => {
    expect(pdfPageSize('A4')).toBe('A4');
    expect(pdfPageSize('Letter')).toBe('Letter');
  });
  it('80 mm is a roll as long as the content, in inches, within limits', () => {
    expect(pdfPageSize('80mm', 960)).toEqual({ width: 3.15, height: 10.2 });
    expect(pdfPageSize('80mm', 10)).toEqual({ width: 3.15, height: 1.969 }); // at least 50 mm
    expect(pdfPageSize('80mm', 999_999)).toEqual({ width: 3.15, height: 78.74 }); // at most 2 m
  });
  it('the hidden window is as wide as the paper', () => {
    expect(printViewportWidth('A4')).toBe(794);
    expect(printViewportWidth('A4', true)).toBe(1123);
    expect(printViewportWidth('Letter')).toBe(816);
    expect(printViewportWidth('80mm')).toBe(302);
  });
});
