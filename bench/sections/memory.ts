// Peak resident memory of the bench process (seeding included when it ran in this process).
import type { Section } from '../lib';
import { round } from '../lib';

export const memorySection: Section = {
  name: 'memory',
  run(ctx) {
    const peakMB = process.resourceUsage().maxRSS / 1024; // maxRSS is in kilobytes
    const seeded = (ctx.facts.seed as { reused?: boolean } | undefined)?.reused === false;
    return [
      { name: 'process.peak_rss_mb', value: round(peakMB, 1), unit: 'MB', target: { op: '<=', value: 512 },
        note: seeded ? 'includes seeding 100k customers in this process' : 'seed reused; measurements only' },
      { name: 'process.rss_now_mb', value: round(process.memoryUsage().rss / 1048576, 1), unit: 'MB' },
    ];
  },
};
