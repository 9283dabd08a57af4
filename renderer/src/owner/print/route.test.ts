// The owner's print routes are what Electron's Save as PDF renders in its hidden window: they must pass the
// shell's own route check and carry the statement's period exactly.
import { describe, expect, it } from 'vitest';
import { Route } from '../../../../electron/shell/schemas';
import { isOwnerPrintRoute, statementRoute } from './route';

describe('owner print routes', () => {
  it('are app routes the shell accepts, with the period and paper', () => {
    const one = statementRoute({ customerId: 12, from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z', size: '80mm' });
    expect(Route.parse(one)).toBe(one);
    expect(isOwnerPrintRoute(one)).toBe(true);
    const q = new URL(one, 'http://x').searchParams;
    expect([q.get('customer'), q.get('from'), q.get('to'), q.get('size')]).toEqual(['12', '2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z', '80mm']);
    const all = statementRoute({ from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z', size: 'Letter' });
    expect(Route.parse(all)).toBe(all);
    expect(all.startsWith('/print/owner/statements?')).toBe(true);
  });
});
