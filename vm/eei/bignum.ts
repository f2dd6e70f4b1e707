/** The `bignum` namespace: 256-bit integer arithmetic on 32-byte big-endian words. See docs/bignum.md. */
import type { HostNamespace } from './types.ts';

export const BIGNUM: HostNamespace = {};
