// Schemas shared by several areas of the contract.
import { z } from 'zod';

export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code such as "USD"')
  .refine((c) => Intl.supportedValuesOf('currency').includes(c), 'unknown currency code');

export const TimeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return tz.includes('/') || tz === 'UTC';
    } catch {
      return false;
    }
  }, 'time zone must be an IANA name such as "Europe/London"');

export const Locale = z
  .string()
  .max(35)
  .refine((l) => {
    try {
      return Intl.getCanonicalLocales(l).length === 1;
    } catch {
      return false;
    }
  }, 'locale must be a BCP 47 tag such as "en-US"');

export const Pin = z.string().regex(/^\d{4,12}$/, 'PIN must be 4 to 12 digits');

export const ShopView = z.object({
  name: z.string(),
  currency: z.string(),
  minorDigits: z.number().int(),
  timeZone: z.string(),
  locale: z.string(),
  creditUnit: z.string(),
  receiptFooter: z.string(),
  undoWindowSeconds: z.number().int(),
  backupKeepDays: z.number().int(),
});
export type ShopView = z.infer<typeof ShopView>;

export const Empty = z.object({}).strict();
