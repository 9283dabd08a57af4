// Every contract method's implementation. The type makes a missing or extra handler a compile error.
import type { Handlers } from './context';
import type { MethodName } from '../contract';
import { shopHandlers } from '../shop/handlers';
import { backupHandlers } from '../backup/handlers';
import { catalogHandlers } from '../catalog/handlers';
import { customersHandlers } from '../customers/handlers';
import { passesHandlers } from '../passes/handlers';
import { counterHandlers } from '../drawdown/handlers';
import { correctionsHandlers } from '../corrections/handlers';
import { demoHandlers } from '../demo/handlers';
import { periodsHandlers } from '../periods/handlers';
import { statementsHandlers } from '../statements/handlers';
import { reportsHandlers } from '../reports/handlers';
import { exportsHandlers } from '../exports/handlers';
import { ownerHandlers } from '../owner/handlers';
import { importsHandlers } from '../imports/handlers';
import { salesHandlers } from '../sales/handlers';
import { paymentsHandlers } from '../corrections/paymentMethodHandlers';

export const handlers: Handlers<MethodName> = {
  ...shopHandlers,
  ...backupHandlers,
  ...catalogHandlers,
  ...customersHandlers,
  ...passesHandlers,
  ...counterHandlers,
  ...correctionsHandlers,
  ...demoHandlers,
  ...periodsHandlers,
  ...statementsHandlers,
  ...reportsHandlers,
  ...exportsHandlers,
  ...ownerHandlers,
  ...importsHandlers,
  ...salesHandlers,
  ...paymentsHandlers,
};
