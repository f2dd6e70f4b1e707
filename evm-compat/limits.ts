/**
 * Size limits per engine. EVM code keeps Ethereum's rules (EIP-170, EIP-3860); Wasm code is larger
 * than EVM code for the same contract, so it has limits of its own. Code deposit (200 gas a byte)
 * makes code near the Wasm limit expensive to deploy, but not impossible on a devnet with a raised
 * block gas limit.
 */
export interface CodeLimits {
  readonly evmMaxCodeSize: number;
  readonly evmMaxInitCodeSize: number;
  readonly wasmMaxCodeSize: number;
  readonly wasmMaxInitCodeSize: number;
}

export const CODE_LIMITS: CodeLimits = {
  evmMaxCodeSize: 24_576,
  evmMaxInitCodeSize: 49_152,
  wasmMaxCodeSize: 1 << 20,
  wasmMaxInitCodeSize: 2 << 20,
};
