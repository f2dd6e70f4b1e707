/** Typed errors of the Wasm engine. Messages are stable: tests and clients may match on them. */

export type ValidationReason =
  | 'notWasm'
  | 'malformed'
  | 'floatType'
  | 'floatInstruction'
  | 'forbiddenFeature'
  | 'importNamespace'
  | 'importUnknown'
  | 'importSignature'
  | 'importKind'
  | 'noMain'
  | 'mainSignature'
  | 'noMemory'
  | 'extraExport'
  | 'startFunction'
  | 'memoryLimit'
  | 'tableLimit'
  | 'invalid';

/** A module the engine refuses to deploy or run. `reason` is machine-readable, the message is for people. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  readonly reason: ValidationReason;
  constructor(reason: ValidationReason, detail: string) {
    super(`invalid Ewasm contract (${reason}): ${detail}`);
    this.reason = reason;
  }
}

/** Ends a frame from inside a host function: finish, revert and selfDestruct. */
export class Halt {
  readonly status: 'success' | 'revert';
  readonly output: Uint8Array;
  constructor(status: 'success' | 'revert', output: Uint8Array) {
    this.status = status;
    this.output = output;
  }
}

export class OutOfGas extends Error {
  override name = 'OutOfGas';
  constructor(detail = 'out of gas') {
    super(detail);
  }
}

/** A contract error detected by the host side (bad pointer, static-mode write, bad argument): a failure. */
export class ContractTrap extends Error {
  override name = 'ContractTrap';
}
