// Local days of the test shops (setupCoffeeShop: New York, en-US), worked out as the ledger and the screens do, so a
// spec that depends on today's date reads the right day whenever it runs.

const TZ = 'America/New_York';

/** The shop-local day ("2026-12-15") of an instant. */
export const localDay = (ms: number): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);

/** The day n days after a day. */
export const plusDays = (day: string, n: number): string => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A day as the screens write it in en-US: "Dec 15, 2026". */
export const medium = (day: string): string => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));

/** The last day a lot's credits can be used: the local day before the midnight it ends at. */
export const lastDay = (expiresAt: string): string => localDay(Date.parse(expiresAt) - 1);
