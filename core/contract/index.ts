// THE contract: every API method Passbook has, by name. Add an area by spreading its file here.
// Nothing else lists methods: main, preload, host, client and docs iterate over this object.
import type { z } from 'zod';
import { DEFAULT_MAX_INPUT_BYTES, type MethodSpec } from '../api/method';
import { shopContract } from './shop';
import { backupContract } from './backup';
import { catalogContract } from './catalog';
import { customersContract } from './customers';
import { passesContract } from './passes';
import { counterContract } from './counter';
import { demoContract } from './demo';
import { periodsContract } from './periods';
import { statementsContract } from './statements';
import { reportsContract } from './reports';
import { exportsContract } from './exports';
import { ownerContract } from './owner';
import { importsContract } from './imports';
import { salesContract } from './sales';
import { paymentsContract } from './payments';

export const contract = {
  ...shopContract,
  ...backupContract,
  ...catalogContract,
  ...customersContract,
  ...passesContract,
  ...counterContract,
  ...demoContract,
  ...periodsContract,
  ...statementsContract,
  ...reportsContract,
  ...exportsContract,
  ...ownerContract,
  ...importsContract,
  ...salesContract,
  ...paymentsContract,
} satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;
export type MethodName = keyof Contract & string;
export const methodNames = Object.keys(contract).sort() as MethodName[];

export type InputOf<N extends MethodName> = z.input<Contract[N]['input']>;
export type ParsedInputOf<N extends MethodName> = z.output<Contract[N]['input']>;
export type OutputOf<N extends MethodName> = z.output<Contract[N]['output']>;

type GroupOf<N> = N extends `${infer G}.${string}` ? G : never;
type LeafOf<N, G extends string> = N extends `${G}.${infer L}` ? L : never;

/** The typed client: api.counter.redeem(input) -> Promise<output>. */
export type ApiClient = {
  [G in GroupOf<MethodName>]: {
    [L in LeafOf<MethodName, G>]: (input: InputOf<Extract<MethodName, `${G}.${L}`>>) => Promise<OutputOf<Extract<MethodName, `${G}.${L}`>>>;
  };
};

/** IPC channel of a method: fixed per method, so the renderer cannot name arbitrary channels. */
export const channelOf = (name: MethodName): string => `passbook:${name}`;

/** The most JSON a request for `name` may carry (an unknown name: the default; the dispatcher refuses it anyway). */
export const maxInputBytesOf = (name: string): number =>
  (Object.hasOwn(contract, name) ? (contract as Record<string, MethodSpec>)[name]!.maxInputBytes : undefined) ?? DEFAULT_MAX_INPUT_BYTES;
