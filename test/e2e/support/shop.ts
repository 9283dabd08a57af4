// A small coffee shop set up through the API (owner session on the host's own request context).
import type { Browser, Page } from '@playwright/test';
import type { Host } from './host';
import { clientId } from './host';

export interface Ids { items: Record<string, number>; plans: Record<string, number> }

export async function setupCoffeeShop(host: Host): Promise<Ids> {
  await host.call('shop.setup', { clientId: clientId(), name: 'Test Coffee', currency: 'USD', timeZone: 'America/New_York', locale: 'en-US', creditUnit: 'drink', receiptFooter: 'Thank you — see you tomorrow!', pin: '2468' });
  await host.call('owner.unlock', { pin: '2468' });
  const items: Record<string, number> = {};
  for (const [name, rate, cashPrice, hotkey] of [
    ['Cappuccino', '1', '4.50', '1'], ['Cold brew (large)', '1.5', '5.50', '2'], ['Espresso', '0.5', '2.50', '3'], ['Latte', '1', '4.75', null],
  ] as const) {
    const it = await host.call<{ id: number }>('items.save', { clientId: clientId(), name, usageUnit: 'drink', rate, cashPrice, hotkey, category: 'Coffee' });
    items[name] = it.id;
  }
  const plans: Record<string, number> = {};
  for (const p of [
    { name: 'Coffee Pass', credits: '10', price: '20', validity: 'month', overagePolicy: 'block', lowBalanceCredits: '3' },
    { name: 'Flex Pass', credits: '5', price: '10', validity: 'month', overagePolicy: 'allow', lowBalanceCredits: '2' },
    { name: 'Top-up 5', kind: 'topup', credits: '5', price: '10', validity: 'month' },
  ]) {
    const r = await host.call<{ id: number }>('plans.save', { clientId: clientId(), ...p });
    plans[p.name] = r.id;
  }
  await host.call('owner.lock');
  return { items, plans };
}

/** Café Mond: a German shop (EUR, Berlin, de-DE, credits called "Getränk"), set up at `now`, owner unlocked. */
export async function setupCafeMond(host: Host, now: string): Promise<void> {
  await host.setClock(now);
  await host.call('shop.setup', { clientId: clientId(), name: 'Café Mond', currency: 'EUR', timeZone: 'Europe/Berlin', locale: 'de-DE', creditUnit: 'Getränk', pin: '2468' });
  await host.call('owner.unlock', { pin: '2468' });
}

/** A browser on the host, in the owner area unlocked with the PIN (2468 unless told). */
export async function ownerPage(browser: Browser, host: Host, opts: { locale?: string; timezoneId?: string; width?: number; height?: number; pin?: string; downloads?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 }, locale: opts.locale ?? 'en-US', timezoneId: opts.timezoneId ?? 'America/New_York',
    ...(opts.downloads ? { acceptDownloads: true } : {}),
  });
  const page = await context.newPage();
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Owner' }).click();
  await page.getByLabel('Owner PIN').fill(opts.pin ?? '2468');
  await page.getByRole('button', { name: 'Unlock' }).click();
  return page;
}

/** A German browser (de-DE, Berlin) on the host, in the owner area unlocked with the PIN. */
export const germanOwnerPage = (browser: Browser, host: Host): Promise<Page> => ownerPage(browser, host, { locale: 'de-DE', timezoneId: 'Europe/Berlin' });

/**
 * Bean & Brew on 10 March 2026 with one item (Cappuccino on key 1) and one customer, Ann Lee, holding a 20-drink pass that
 * never ends. Returns Ann's card code; the owner session is locked again.
 */
export async function annWithAPass(host: Host): Promise<string> {
  await host.setClock('2026-03-10T15:00:00.000Z');
  await host.call('shop.setup', { clientId: clientId(), name: 'Bean & Brew', currency: 'USD', timeZone: 'America/New_York', locale: 'en-US', creditUnit: 'drink', pin: '2468' });
  await host.call('owner.unlock', { pin: '2468' });
  await host.call('items.save', { clientId: clientId(), name: 'Cappuccino', usageUnit: 'drink', rate: '1', cashPrice: '4.50', hotkey: '1' });
  const plan = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Coffee Pass', credits: '20', price: '40', validity: 'none' });
  const ann = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Ann Lee' });
  await host.call('passes.sell', { clientId: clientId(), customerId: ann.id, planId: plan.id, paymentMethod: 'card' });
  await host.call('owner.lock');
  return ann.code;
}
