// Every contract method's implementation. The type makes a missing or extra handler a compile error.
import type { Handlers } from './context';
import type { MethodName } from '../contract';
import { shopHandlers } from '../shop/handlers';

export const handlers: Handlers<MethodName> = {
  ...shopHandlers,
};
