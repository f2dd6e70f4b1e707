/** Engine settings: gas schedules and the limits the Ewasm policy enforces. */
import { EEI_BYZANTIUM, EEI_PRAGUE, type EeiSchedule } from './gas/eei-costs.ts';
import { WASM_COSTS_NONE, WASM_COSTS_V2, type WasmCostSchedule } from './gas/wasm-costs.ts';

export interface EngineLimits {
  /** Pages of 64 KiB a contract's memory may have, initially or after growing. */
  readonly maxMemoryPages: number;
  /** Entries of the (single, funcref) table. */
  readonly maxTableSize: number;
  /** Stack units (see instrument.ts) all frames of one call may hold. */
  readonly stackLimit: number;
}

export interface EngineConfig {
  readonly eei: EeiSchedule;
  readonly wasm: WasmCostSchedule;
  readonly limits: EngineLimits;
  /** Accept the `debug` namespace (development chains only). */
  readonly allowDebug: boolean;
  /** Entries in the compiled-module cache. */
  readonly cacheSize: number;
}

export const DEFAULT_LIMITS: EngineLimits = {
  maxMemoryPages: 128,
  maxTableSize: 8192,
  stackLimit: 32768,
};

export const DEFAULT_CONFIG: EngineConfig = {
  eei: EEI_PRAGUE,
  wasm: WASM_COSTS_V2,
  limits: DEFAULT_LIMITS,
  allowDebug: true,
  cacheSize: 256,
};

/** Hera 0.2 with metering off, as the Ewasm state tests were filled: Byzantium EEI charges only. */
export const HERA_COMPAT_CONFIG: EngineConfig = {
  ...DEFAULT_CONFIG,
  eei: EEI_BYZANTIUM,
  wasm: WASM_COSTS_NONE,
};
