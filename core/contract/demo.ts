// Demo data: "Bean & Brew" with a few months of history, for trying Passbook out.
import { z } from 'zod';
import { ClientId, method } from '../api/method';
import { ShopView } from './common';

export const demoContract = {
  'shop.loadDemo': method({
    role: 'counter', write: true,
    summary: 'Before setup only: create the demo shop "Bean & Brew" (USD, America/New_York, owner PIN 1234) with items, plans, customers and history.',
    input: z.object({ clientId: ClientId }).strict(),
    output: ShopView,
    example: {
      input: { clientId: '01JD0000000000000000000050' },
      output: { name: 'Bean & Brew', currency: 'USD', minorDigits: 2, timeZone: 'America/New_York', locale: 'en-US', creditUnit: 'drink', receiptFooter: 'Thank you!', undoWindowSeconds: 120, backupKeepDays: 14 },
    },
  }),
};
