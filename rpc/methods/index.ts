/** Every JSON-RPC method the server answers, by every name it answers to. */
import { methodTable, type Method } from '../method.ts';
import { cheatMethods } from './cheats.ts';
import { debugMethods } from './debug.ts';
import { ethMethods } from './eth.ts';
import { filterMethods } from './filters.ts';

export const METHODS: readonly Method[] = [...ethMethods, ...filterMethods, ...cheatMethods, ...debugMethods];

export function defaultMethodTable(): Map<string, Method> {
  return methodTable(METHODS);
}
