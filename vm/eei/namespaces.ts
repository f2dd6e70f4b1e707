/** Every import namespace a contract may use, with its functions' signatures and implementations. */
import { BIGNUM } from './bignum.ts';
import { DEBUG } from './debug.ts';
import { ENV } from './env.ts';
import { ETHEREUM } from './ethereum.ts';
import type { HostNamespace } from './types.ts';

export const HOST_NAMESPACES: Readonly<Record<string, HostNamespace>> = {
  ethereum: ETHEREUM,
  bignum: BIGNUM,
  debug: DEBUG,
  env: ENV,
};
