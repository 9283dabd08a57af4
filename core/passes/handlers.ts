// Temporary: filled in next.
import type { Handlers } from '../api/context';
import { PassbookError } from '../errors';

const notYet = (): never => { throw new PassbookError('INTERNAL', 'not yet'); };

export const passesHandlers: Handlers<'passes.sell' | 'passes.topUp' | 'passes.get'> = {
  'passes.sell': notYet,
  'passes.topUp': notYet,
  'passes.get': notYet,
};
