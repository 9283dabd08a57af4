import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { renderApiDocs } from '../core/api/docs';
import { contract, methodNames } from '../core/contract';

describe('docs/API.md', () => {
  it('matches the contract (run `npm run docs:api` after changing core/contract/)', () => {
    const committed = fs.readFileSync(new URL('../docs/API.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderApiDocs());
  });

  it('every method has an example whose input passes its own schema', () => {
    for (const n of methodNames) {
      const r = contract[n].input.safeParse(contract[n].example.input);
      expect(r.success, `${n}: ${r.success ? '' : r.error.message}`).toBe(true);
      if (contract[n].example.output !== undefined) {
        const o = contract[n].output.safeParse(contract[n].example.output);
        expect(o.success, `${n} output: ${o.success ? '' : o.error.message}`).toBe(true);
      }
      if (contract[n].write) expect(Object.keys((contract[n].input as unknown as { shape?: object }).shape ?? {}), n).toContain('clientId');
    }
  });
});
