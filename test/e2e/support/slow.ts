// Holding the host's answers back (a slow or busy machine), for the specs about what the screens do meanwhile.
import type { Page, Route } from '@playwright/test';

/** Hold the answers to `method` until release() (the request reaches the host only then); seen(): requests so far. */
export async function hold(page: Page, method: string): Promise<{ release: () => void; seen: () => number }> {
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  let seen = 0;
  await page.route(`**/api/${method}`, async (route: Route) => { seen += 1; await held; await route.continue(); });
  return { release, seen: () => seen };
}
