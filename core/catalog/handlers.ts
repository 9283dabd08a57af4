// Temporary: filled in next.
import type { Handlers } from '../api/context';
import { PassbookError } from '../errors';

const notYet = (): never => { throw new PassbookError('INTERNAL', 'not yet'); };

export const catalogHandlers: Handlers<'items.list' | 'items.save' | 'items.archive' | 'plans.list' | 'plans.save' | 'plans.archive'> = {
  'items.list': notYet,
  'items.save': notYet,
  'items.archive': notYet,
  'plans.list': notYet,
  'plans.save': notYet,
  'plans.archive': notYet,
};
