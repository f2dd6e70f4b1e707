/**
 * What the node calls itself. `web3_clientVersion` starts with `anvil/` because tools decide
 * whether a node is a development chain from that prefix: @nomicfoundation/hardhat-network-helpers
 * (3.x) accepts a version starting with `hardhatnetwork`, `anvil` or `zksync` and then calls
 * hardhat_/evm_ methods whatever the prefix; Foundry-minded scripts that see `anvil` call anvil_
 * methods. We serve both families, and a `HardhatNetwork/` prefix would also promise Hardhat-only
 * methods (hardhat_metadata, console.log decoding) that we do not have. The Anvil release named is
 * the one whose JSON-RPC surface we follow; the segments after it name us, so
 * `version.split('/')` gives Anvil's `[name, version]` first, as Anvil's own `anvil/v1.x.y` does.
 */
export const PRODUCT = 'ewasm-devnet';
export const VERSION = '0.1.0';
export const ANVIL_COMPAT_VERSION = 'v1.7.1';

/** The product name and version, for people (the start banner). */
export const NAME_VERSION = `${PRODUCT}/${VERSION}`;
/** The machine-facing client version (web3_clientVersion). */
export const CLIENT_VERSION = `anvil/${ANVIL_COMPAT_VERSION}/${NAME_VERSION}`;
