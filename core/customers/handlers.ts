// Temporary: filled in next.
import type { Handlers } from '../api/context';
import { PassbookError } from '../errors';

const notYet = (): never => { throw new PassbookError('INTERNAL', 'not yet'); };

export const customersHandlers: Handlers<'customers.create' | 'customers.update' | 'customers.search' | 'customers.byCode' | 'customers.get'> = {
  'customers.create': notYet,
  'customers.update': notYet,
  'customers.search': notYet,
  'customers.byCode': notYet,
  'customers.get': notYet,
};
