// Every bench section, in the order bench/run.ts runs them. Add yours here (one line) and put it in
// bench/sections/<name>.ts: a Section returns named figures, each with an optional target.
import type { Section } from '../lib';
import { ledgerSection } from './ledger';
import { memorySection } from './memory';
import { periodsSection } from './periods';

export const sections: Section[] = [
  ledgerSection,
  periodsSection,
  // keep memory last: peak RSS over everything above
  memorySection,
];
