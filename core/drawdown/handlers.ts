// Temporary: filled in next.
import type { Handlers } from '../api/context';
import { PassbookError } from '../errors';

const notYet = (): never => { throw new PassbookError('INTERNAL', 'not yet'); };

export const counterHandlers: Handlers<'counter.redeem' | 'counter.recent'> = {
  'counter.redeem': notYet,
  'counter.recent': notYet,
};
