/**
 * The chain's @ethereumjs/common: one instance per chain, copied (cheaply) by every header,
 * transaction, EVM and VM built on it.
 *
 * Why a wrapper: every BlockHeader and transaction constructor copies its Common and calls
 * updateParams(paramsBlock | paramsTx) on the copy, which deep-copies the parameter set through
 * JSON and rebuilds the whole parameter cache over every hardfork — about 10% of a transfer's CPU,
 * paid again for each probe block and each eth_call. The copies share one parameter table
 * (Common.copy is shallow), so a set that is already in it changes nothing: then the copy takes the
 * cache last built from that same table instead of rebuilding it. Any set that does change the
 * table goes through the library's updateParams as before, in the same order, so every component
 * sees exactly the parameters it saw before.
 */
import { Mainnet, createCustomCommon, type Common, type Hardfork, type ParamsDict } from '@ethereumjs/common';

interface CommonInternals {
  _params: ParamsDict;
  _paramsCache: Record<string, unknown>;
}

export function chainCommon(chainId: bigint, hardfork: Hardfork, customCrypto: Common['customCrypto'] = {}): Common {
  const common = createCustomCommon({ chainId: Number(chainId) }, Mainnet, { hardfork, customCrypto });
  const update = common.updateParams;
  let built: { key: string; cache: Record<string, unknown> } | undefined;
  /** Parameter sets found to be in the table since it last changed. */
  let known = new WeakSet<ParamsDict>();
  // An own property: Common.copy (Object.assign) hands it to every copy.
  common.updateParams = function (this: Common, params: ParamsDict) {
    const self = this as unknown as CommonInternals;
    const key = `${this.hardfork()}|${this.eips().join(',')}`;
    if (built?.key === key && (known.has(params) || contains(self._params, params))) {
      known.add(params);
      self._paramsCache = built.cache;
      return;
    }
    update.call(this, params);
    built = { key, cache: self._paramsCache };
    known = new WeakSet();
  };
  return common;
}

/** Whether every value of `params` is already in `table`. */
function contains(table: ParamsDict, params: ParamsDict): boolean {
  for (const [eip, values] of Object.entries(params)) {
    const have = table[eip];
    if (have === undefined || have === null) return false;
    for (const [name, value] of Object.entries(values ?? {})) if (have[name] !== value) return false;
  }
  return true;
}
