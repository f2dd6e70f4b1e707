/**
 * A JSON-RPC method as data: its name (and aliases), one codec per positional param, a result
 * encoder, and a handler that sees only typed values. The dispatcher does all decoding, so a
 * handler never touches hex and every bad param is reported the same way (-32602, named).
 */
import type { ChainNode } from '../node/api.ts';
import type { Codec } from './codecs.ts';
import type { FilterRegistry } from './filters.ts';
import type { Json } from './format.ts';
import type { SubscriptionSession } from './subscriptions.ts';

/** What a handler may use besides its params. `session` exists only on a WebSocket connection. */
export interface CallContext {
  readonly node: ChainNode;
  readonly filters: FilterRegistry;
  readonly session?: SubscriptionSession;
}

export interface Param<T> {
  readonly name: string;
  readonly decode: Codec<T>;
  /** May be absent or null; then the handler gets `fallback` (undefined unless one is given). */
  readonly optional: boolean;
  readonly fallback?: T;
}

export function param<T>(name: string, decode: Codec<T>): Param<T> {
  return { name, decode, optional: false };
}

export function optional<T>(name: string, decode: Codec<T>): Param<T | undefined> {
  return { name, decode, optional: true };
}

export function withDefault<T>(name: string, decode: Codec<T>, fallback: T): Param<T> {
  return { name, decode, optional: true, fallback };
}

type ParamValues<P extends readonly Param<unknown>[]> = { -readonly [K in keyof P]: P[K] extends Param<infer T> ? T : never };

export interface Method {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly params: readonly Param<unknown>[];
  readonly result: (value: never) => Json;
  readonly handler: (ctx: CallContext, ...params: never[]) => unknown;
}

export interface MethodSpec<P extends readonly Param<unknown>[], R> {
  readonly name: string;
  /** Other names for the same method (anvil_ / hardhat_ spellings). */
  readonly aliases?: readonly string[];
  readonly params: P;
  /** The result codec; its parameter type is what the handler must resolve to. */
  readonly result: (value: R) => Json;
  readonly handler: (ctx: CallContext, ...params: ParamValues<P>) => R | Promise<R>;
}

/**
 * Declares a method; the generics tie the handler's arguments to the param codecs and its result
 * to the result codec. (R is inferred from the codec, not the handler, because TypeScript does not
 * infer from a contextually typed callback's return before it has fixed R from the codec.)
 */
export function method<const P extends readonly Param<unknown>[], R>(spec: MethodSpec<P, R>): Method {
  return { aliases: [], ...spec } as unknown as Method;
}

/** Result encoders for the common cases. */
export const asIs = (value: Json): Json => value;
export const asNull = (_: unknown): Json => null;
export const asTrue = (_: unknown): Json => true;

/** The table by every name a method answers to; a duplicate name is a programming error. */
export function methodTable(methods: readonly Method[]): Map<string, Method> {
  const table = new Map<string, Method>();
  for (const m of methods) {
    for (const name of [m.name, ...m.aliases]) {
      if (table.has(name)) throw new Error(`JSON-RPC method ${name} declared twice`);
      table.set(name, m);
    }
  }
  return table;
}
