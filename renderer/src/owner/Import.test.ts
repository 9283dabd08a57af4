import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { importErrorText, otherLinesText } from './Import';

describe('otherLinesText', () => {
  it('names the lines of a UTF-8 file read in a code page, ten at most, with the count of the rest', () => {
    expect(otherLinesText([3], 'Western European (Windows-1252)', 'de-DE')).toBe('This file is UTF-8 but for line 3, which was read as Western European (Windows-1252). Check its letters below; if they are wrong, correct it in the spreadsheet, save the file as “CSV UTF-8” and choose it again.');
    expect(otherLinesText([4, 1200], 'X', 'de-DE')).toMatch(/^This file is UTF-8 but for lines 4 and 1\.200, which were read as X\. Check their letters below; .* correct them /);
    const many = Array.from({ length: 13 }, (_, i) => i + 2);
    expect(otherLinesText(many, 'X', 'en-US')).toContain('lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, and 3 more, which were');
  });
});

describe('importErrorText', () => {
  it('a lost answer may have imported the file: it says so and to press the same button again, never "Nothing was imported"', () => {
    const lost = importErrorText(new ApiError('NETWORK', 'Cannot reach Passbook. Check that it is still running, then try again.'), 'Import 20000 customers');
    expect(lost).toBe('Passbook did not answer, so the file may or may not have been imported. Press “Import 20000 customers” again: the same import is never done twice.');
    const disk = importErrorText(new ApiError('DATABASE', 'disk I/O error', { sqlite: 'SQLITE_IOERR_FSYNC' }), 'Import 3 balances');
    expect(disk).toContain('may or may not have been imported');
  });
  it('a refusal imported nothing and says so once', () => {
    expect(importErrorText(new ApiError('VALIDATION', 'Nothing was imported: the file has 1 problem. Line 2: name: name must not be empty'), 'Import 1 customer'))
      .toBe('Nothing was imported: the file has 1 problem. Line 2: name: name must not be empty');
    expect(importErrorText(new ApiError('CONFLICT', 'The card code K7MX2QPA is taken.'), 'Import 1 customer')).toBe('The card code K7MX2QPA is taken. Nothing was imported.');
  });
});

describe('the column names the form gives as other languages\' examples', () => {
  it('are each read as a column of that kind (the items form named customer columns an items file cannot have)', async () => {
    const { KINDS } = await import('./Import');
    const { headerKey } = await import('../../../core/imports/table');
    const known = {
      customers: (await import('../../../core/imports/customers')).COLUMNS,
      items: (await import('../../../core/imports/items')).COLUMNS,
      balances: (await import('../../../core/imports/balances')).COLUMNS,
    };
    for (const kind of ['customers', 'items', 'balances'] as const) {
      const keys = new Set(Object.values(known[kind]).flat());
      expect(KINDS[kind].others.length, kind).toBeGreaterThan(0);
      for (const name of KINDS[kind].others) expect(keys.has(headerKey(name)), `${kind}: ${name}`).toBe(true);
    }
  });
});
