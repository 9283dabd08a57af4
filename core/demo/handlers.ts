// Temporary: filled in next.
import type { Handlers } from '../api/context';
import { PassbookError } from '../errors';

const notYet = (): never => { throw new PassbookError('INTERNAL', 'not yet'); };

export const demoHandlers: Handlers<'shop.loadDemo'> = {
  'shop.loadDemo': notYet,
};
