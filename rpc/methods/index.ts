/** Every JSON-RPC method the server answers, by every name it answers to. */
import { methodTable, type Method } from '../method.ts';
import { cheatMethods } from './cheats.ts';
import { devnetControlMethods } from './devnet-control.ts';
import { debugMethods } from './debug.ts';
import { ethMethods } from './eth.ts';
import { ethExtraMethods } from './eth-extras.ts';
import { filterMethods } from './filters.ts';

export const METHODS: readonly Method[] = [...ethMethods, ...ethExtraMethods, ...filterMethods, ...cheatMethods, ...devnetControlMethods, ...debugMethods];

export function defaultMethodTable(): Map<string, Method> {
  return methodTable(METHODS);
}
