// Handler for shop.loadDemo (core/contract/demo.ts).
import type { Handlers } from '../api/context';
import { loadDemo } from './beanAndBrew';

export const demoHandlers: Handlers<'shop.loadDemo'> = {
  'shop.loadDemo': (ctx) => loadDemo(ctx),
};
