// Shop settings, first-run setup and the owner PIN gate.
import { z } from 'zod';
import { ClientId, method, OptionalText, Text } from '../api/method';
import { Currency, Empty, Locale, Pin, ShopView, TimeZone } from './common';
import { normalizeRecoveryCode, recoveryCodeProblem } from '../shop/recovery';

/** A new recovery code as the screen made it: dashes and spaces allowed, kept in the core's form. */
const RecoveryCode = z.string().max(64).superRefine((v, c) => {
  const problem = recoveryCodeProblem(v);
  if (problem) c.addIssue({ code: 'custom', message: problem });
}).transform((v) => normalizeRecoveryCode(v)!);

const exampleShop = {
  name: 'Bean & Brew', currency: 'USD', minorDigits: 2, timeZone: 'America/New_York', locale: 'en-US',
  creditUnit: 'drink', receiptFooter: 'Thank you!', undoWindowSeconds: 120, backupKeepDays: 14,
};

export const shopContract = {
  'shop.status': method({
    role: 'counter', write: false,
    summary: 'Whether the shop is set up, its settings, whether an owner session is open, and the current time.',
    input: Empty,
    output: z.object({
      setUp: z.boolean(),
      shop: ShopView.nullable(),
      owner: z.object({ active: z.boolean(), expiresAt: z.string().nullable() }),
      now: z.string(),
      fixed: z.object({
        currency: z.boolean().describe('money has been taken: shop.update refuses another currency'),
        timeZone: z.boolean().describe('a pass has been sold: shop.update refuses another time zone'),
      }).describe('settings that can no longer change, so the owner\'s screen offers them as read-only'),
      clock: z.object({
        state: z.enum(['ok', 'behind', 'ahead']).describe('behind: writes are refused (CLOCK_BEHIND) until the clock is set right; ahead: more than 35 days past the last entry, writes wait for the owner to confirm the date by closing the periods (CLOCK_AHEAD)'),
        ledgerAt: z.string().nullable().describe('the ledger\'s last entry'),
      }),
      problems: z.array(z.object({
        work: z.enum(['backup', 'close', 'ledger']).describe('ledger: its file was deleted, moved or replaced while Passbook ran, or a restore was cut short when it last stopped (said until a restart)'),
        since: z.string().describe('the first failure of this streak'),
        message: z.string(),
      })).describe('background work that failed at its last try (the daily backup, the month-end close), until a try goes through'),
      ledger: z.string().describe('which ledger this is: "original", or the last restore it came from. A screen sends it with its writes '
        + '(HTTP: the x-passbook-ledger header); a write from a screen read before a restore is refused (CONFLICT, reason LEDGER_REPLACED)'),
      recoveryCode: z.object({
        madeAt: z.string().nullable().describe('when the owner\'s recovery code was made; null: the shop has none'),
        usedAt: z.string().nullable().describe('when the last one was used to set a new PIN (it then works no more)'),
      }).describe('the owner PIN\'s recovery code (owner.makeRecoveryCode, owner.recover); never the code itself'),
    }),
    example: { input: {}, output: { setUp: true, shop: exampleShop, owner: { active: false, expiresAt: null }, now: '2026-03-01T14:00:00.000Z', fixed: { currency: true, timeZone: true }, clock: { state: 'ok', ledgerAt: '2026-03-01T13:58:00.000Z' }, problems: [], ledger: 'original', recoveryCode: { madeAt: '2026-02-01T15:00:00.000Z', usedAt: null } } },
  }),
  'shop.setup': method({
    role: 'counter', write: true,
    summary: 'First run only: create the shop with its currency, time zone and owner PIN. A retry (same clientId) must carry the PIN the shop has now: another PIN is FORBIDDEN and counts toward the PIN lockout (the PIN is kept out of the stored request).',
    input: z.object({
      clientId: ClientId,
      name: Text(80, 'shop name'),
      currency: Currency,
      timeZone: TimeZone,
      locale: Locale.default('en-US'),
      creditUnit: Text(24, 'credit unit').default('credit'),
      receiptFooter: OptionalText(200, 'receipt footer'),
      pin: Pin,
    }).strict(),
    output: ShopView,
    example: {
      input: { clientId: '01JD0000000000000000000000', name: 'Bean & Brew', currency: 'USD', timeZone: 'America/New_York', locale: 'en-US', creditUnit: 'drink', pin: '2468' },
      output: exampleShop,
    },
  }),
  'shop.update': method({
    role: 'owner', write: true,
    summary: 'Change shop details. The currency can change only while no money has been taken; a change rescales item and plan prices (VALIDATION when a price cannot be written in the new currency). The time zone is fixed once a pass is sold (CONFLICT).',
    input: z.object({
      clientId: ClientId,
      name: Text(80, 'shop name').optional(),
      currency: Currency.optional(),
      timeZone: TimeZone.optional(),
      locale: Locale.optional(),
      creditUnit: Text(24, 'credit unit').optional(),
      receiptFooter: OptionalText(200, 'receipt footer'),
      undoWindowSeconds: z.number().int().min(0).max(3600).optional(),
      backupKeepDays: z.number().int().min(1).max(365).optional(),
    }).strict(),
    output: ShopView,
    example: { input: { clientId: '01JD0000000000000000000001', receiptFooter: 'See you tomorrow!' }, output: { ...exampleShop, receiptFooter: 'See you tomorrow!' } },
  }),
  'owner.unlock': method({
    role: 'counter', write: false,
    summary: 'Open an owner session with the PIN. Wrong PINs are counted; five in a row lock the gate for 5 minutes, each further lockout twice as long (up to an hour) until a right PIN.',
    input: z.object({ pin: z.string().max(64) }).strict(),
    output: z.object({ expiresAt: z.string() }),
    example: { input: { pin: '2468' }, output: { expiresAt: '2026-03-01T14:10:00.000Z' } },
  }),
  'owner.lock': method({
    role: 'counter', write: false,
    summary: 'End the owner session now.',
    input: Empty,
    output: z.object({ locked: z.literal(true) }),
    example: { input: {}, output: { locked: true } },
  }),
  'owner.session': method({
    role: 'owner', write: false,
    summary: 'Keep the owner session open while the owner works in a form, and say when it ends. Any owner call renews the session; counter calls (shop.status included) never do, so a screen that only reads the shop lets it end after 10 idle minutes.',
    input: Empty,
    output: z.object({ expiresAt: z.string() }),
    example: { input: {}, output: { expiresAt: '2026-03-01T14:10:00.000Z' } },
  }),
  'owner.changePin': method({
    role: 'owner', write: true,
    summary: 'Change the owner PIN (the current PIN is asked again). Every other owner session ends; the caller\'s stays open. A retry (same clientId) must carry the new PIN the shop still has: another PIN, or a retry after the PIN was changed again, is FORBIDDEN and counts toward the PIN lockout.',
    input: z.object({ clientId: ClientId, currentPin: z.string().max(64), newPin: Pin }).strict(),
    output: z.object({ changed: z.literal(true) }),
    example: { input: { clientId: '01JD0000000000000000000002', currentPin: '2468', newPin: '135790' }, output: { changed: true } },
  }),
  'owner.makeRecoveryCode': method({
    role: 'owner', write: true,
    summary: 'Keep a new recovery code for a forgotten PIN, replacing any earlier one. The current PIN is asked again (an owner '
      + 'session left open must not let someone keep a code of their own, and with it the owner mode for later): a wrong one counts '
      + 'toward the PIN lockout. The screen makes the code (20 characters of Crockford base32, from a secure random source) and shows '
      + 'it to the owner once; the core keeps only a scrypt hash, and the code and PIN are kept out of the stored request. A retry '
      + '(same clientId) must carry the code the shop has now, else FORBIDDEN.',
    input: z.object({ clientId: ClientId, currentPin: z.string().max(64), recoveryCode: RecoveryCode }).strict(),
    output: z.object({ madeAt: z.string() }),
    example: { input: { clientId: '01JD0000000000000000000003', currentPin: '2468', recoveryCode: '7KQ2M-9XH4D-WT3RB-C8VNP' }, output: { madeAt: '2026-03-01T14:00:00.000Z' } },
  }),
  'owner.recover': method({
    role: 'counter', write: true,
    summary: 'Set a new owner PIN with the recovery code, when the PIN is forgotten. The code works once: it is then cleared and the '
      + 'owner makes a new one. A wrong code counts toward the PIN lockout (FORBIDDEN, then LOCKED_OUT); a code of the wrong shape is '
      + 'VALIDATION and costs no try; a shop without a code is CONFLICT (reason NO_RECOVERY_CODE). Every owner session ends; unlock '
      + 'with the new PIN. A retry (same clientId) must carry the new PIN the shop still has.',
    input: z.object({ clientId: ClientId, recoveryCode: z.string().max(64), newPin: Pin }).strict(),
    output: z.object({ changed: z.literal(true) }),
    example: { input: { clientId: '01JD0000000000000000000004', recoveryCode: '7KQ2M-9XH4D-WT3RB-C8VNP', newPin: '97531' }, output: { changed: true } },
  }),
};
