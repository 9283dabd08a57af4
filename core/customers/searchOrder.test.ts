// The counter's search: hits in name order (a limit keeps the first by name, not the oldest), and a short local number
// typed with its country code.
import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/support/tempApp';
import { scenario } from '../passes/scenario';

describe('customer search', () => {
  it('counter search lists hits by name', () => {
    const app = tempApp(); const s = scenario(app, app.owner);
    s.customer('Zed Abbott'); s.customer('Amy Abbott');
    expect(app.call('customers.search', { query: 'abbott', limit: 20 }).customers.map((c) => c.name)).toEqual(['Amy Abbott', 'Zed Abbott']);
  });

  it('a 7-digit local number is found when typed with a country code', () => {
    const app = tempApp(); const s = scenario(app, app.owner);
    const c = s.customer('Local Lou', '555-0101');
    expect(app.call('customers.search', { query: '+1 555 0101', limit: 20 }).customers.map((x) => x.id)).toEqual([c]);
  });
});
