/** The Ewasm engine's public surface. It knows nothing of RPC, blocks or ethereumjs. */
export { WasmEngine, hasJspi, type CompiledContract } from './engine.ts';
export { DEFAULT_CONFIG, DEFAULT_LIMITS, HERA_COMPAT_CONFIG, type EngineConfig, type EngineLimits } from './config.ts';
export { ValidationError, type ValidationReason } from './errors.ts';
export { finishDeployment, type DeployRules } from './deploy.ts';
export { MemoryHost, DEFAULT_TX_CONTEXT, createAddress, storageStatus, type Precompiles } from './memory-host.ts';
export { instrument, GAS_GLOBAL_EXPORT, STACK_GLOBAL_EXPORT, type InstrumentOptions } from './instrument.ts';
export { validateContract } from './validate.ts';
export { hasWasmPreamble } from './wasm/module.ts';
export { EEI_PRAGUE, EEI_BYZANTIUM, type EeiSchedule } from './gas/eei-costs.ts';
export { WASM_COSTS_V1, WASM_COSTS_NONE, type WasmCostSchedule } from './gas/wasm-costs.ts';
export type * from './host.ts';
