// How one API method is declared: once, here-shaped, in core/contract/*. Main, preload, the
// headless host, the renderer's client and docs/API.md all derive from these declarations.
import { z } from 'zod';
import { canonicalDecimal } from '../money/parse';

/** counter: anyone at the till; owner: needs an owner session opened with the PIN. */
export type Role = 'counter' | 'owner';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  role: Role;
  /** a write changes the ledger: it runs in an IMMEDIATE transaction and must carry `clientId` */
  write: boolean;
  /** long work (backup, restore, export): the handler returns a Promise and manages its own transactions;
   *  only `dispatchAsync` runs it (Electron main and the host use that) */
  async?: boolean;
  /** the most JSON its input may be, in bytes, over IPC or HTTP: DEFAULT_MAX_INPUT_BYTES unless it carries a file */
  maxInputBytes?: number;
  summary: string;
  input: I;
  output: O;
  example: { input: z.input<I>; output?: z.output<O> };
}

/** A request's most JSON (IPC or HTTP): main and the host read no more before the method's own checks. */
export const DEFAULT_MAX_INPUT_BYTES = 1_000_000;

export function method<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}

/**
 * Client-generated id that makes a write safe to retry: a ULID or a UUID. Both are case-insensitive, so the
 * id is kept in upper case: a retry that changes the case is still the same request.
 */
export const ClientId = z
  .string()
  .regex(/^([0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/, 'clientId must be a ULID or UUID')
  .transform((s) => s.toUpperCase())
  .describe('client-generated ULID/UUID (either case); retrying with the same id is harmless');

/** Ids of stored rows: positive integers. */
export const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * Amounts travel as canonical decimal strings, never as JSON numbers. Their shape is checked here, with the one
 * parser, so a form with a blank or garbled amount hears about it together with its other fields; the scale and
 * sign (which depend on the shop's currency and the field) are the handler's.
 */
export const DecimalString = z.string().max(64).superRefine((s, ctx) => {
  try { canonicalDecimal(s); } catch (e) { ctx.addIssue({ code: 'custom', message: (e as Error).message.replace(/^amount: /, '') }); }
})
  // handed on in one spelling ("1.50" and "01.5" arrive as "1.5"), so a retry that spells an amount another way is
  // the same request, not a CONFLICT; a string the check above refused is left as it was (its issue is reported)
  .overwrite((s) => { try { return canonicalDecimal(s); } catch { return s; } })
  .describe('decimal string, e.g. "12.50"');

/**
 * What text people type may not hold: control characters (C0, DEL, C1), line and paragraph separators, the
 * bidirectional embedding/override/isolate controls that can make a name read backwards on a receipt or in
 * a journal, and lone UTF-16 surrogates. Letters of any script, marks and emoji are welcome.
 */
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Unicode noncharacters are never text: U+FDD0..U+FDEF and the last two code points of every plane
const NONCHARACTER = /[\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/;
const cleanText = (s: string): boolean => !FORBIDDEN_CHARS.test(s) && !LONE_SURROGATE.test(s) && !NONCHARACTER.test(s);
/**
 * Something a person can read: a letter, digit, symbol or punctuation mark. A name of only zero-width spaces,
 * joiners, tag characters, a lone accent or a Hangul filler prints as nothing on a receipt or a statement.
 */
const HANGUL_FILLERS = /[\u115F\u1160\u3164\uFFA0]/gu;
const visibleText = (s: string): boolean => /[\p{L}\p{N}\p{S}\p{P}]/u.test(s.replace(HANGUL_FILLERS, ''));

/** Text people type: trimmed, bounded, no control characters. */
export const Text = (max: number, label = 'text') =>
  z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(1, `${label} must not be empty`)
        .max(max, `${label} must be at most ${max} characters`)
        .refine(cleanText, `${label} must not contain control or direction-override characters`)
        .refine((t) => t === '' || visibleText(t), `${label} must have something to read, not only spaces or invisible characters`),
    );

export const OptionalText = (max: number, label = 'text') =>
  z
    .string()
    .max(max, `${label} must be at most ${max} characters`)
    .transform((s) => s.trim())
    .refine(cleanText, `${label} must not contain control or direction-override characters`)
    .refine((t) => t === '' || visibleText(t), `${label} must have something to read, not only spaces or invisible characters`)
    .optional()
    .nullable();

export const IsoDateTime = z.string().describe('ISO 8601 instant, UTC');
