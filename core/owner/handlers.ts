// Handlers for core/contract/owner.ts: read-only owner queries, one file per concept.
import type { Handlers } from '../api/context';
import { ownerCustomers } from './customers';
import { ownerHistory } from './history';
import { ownerLots } from './lots';
import { ownerTrend } from './trend';

export const ownerHandlers: Handlers<'owner.customers' | 'owner.history' | 'owner.lots' | 'owner.trend'> = {
  'owner.customers': ownerCustomers,
  'owner.history': ownerHistory,
  'owner.lots': ownerLots,
  'owner.trend': ownerTrend,
};
