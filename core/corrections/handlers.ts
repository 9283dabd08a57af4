// Temporary: filled in next.
import type { Handlers } from '../api/context';
import { PassbookError } from '../errors';

const notYet = (): never => { throw new PassbookError('INTERNAL', 'not yet'); };

export const correctionsHandlers: Handlers<'counter.undo' | 'redemptions.void' | 'passes.adjust' | 'passes.refund' | 'passes.settleOverage'> = {
  'counter.undo': notYet,
  'redemptions.void': notYet,
  'passes.adjust': notYet,
  'passes.refund': notYet,
  'passes.settleOverage': notYet,
};
