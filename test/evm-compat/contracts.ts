/**
 * Contracts for the cross-engine call tests, each written once for Wasm (WAT) and, where the test
 * needs both engines, once for the EVM (evm-asm), with the same calling convention so a chain of
 * calls can mix engines freely.
 */
import { readFile } from 'node:fs/promises';
import { makeDeployer } from '../../scripts/lib/deployer.ts';
import { watToWasm } from '../../scripts/lib/wat.ts';
import { concat } from '../helpers/chain.ts';
import { importsFor } from '../helpers/contracts.ts';
import { assemble, evmDeployer } from '../helpers/evm-asm.ts';

export type Engine = 'wasm' | 'evm';
/** What a relay does once its own work is done: 0 return, 1 revert, 2 fail (trap / INVALID). */
export type Action = 0 | 1 | 2;

/**
 * The relay convention. Call data: [action: 1][value: 1][target: 20][payload...].
 * A relay first writes 1 to its storage slot 0 (so a test can see whose writes survived). With a
 * zero target it is a leaf and its output is the payload; otherwise it calls the target with
 * `value` wei and the payload, and its output is [the call's status byte][the callee's return data].
 * Then it returns, reverts or fails with that output, as `action` says.
 */
export function relayInput(action: Action, value: number, target: Uint8Array | null, payload: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(action, value), target ?? new Uint8Array(20), payload);
}

/** Memory: 0..32 slot key 0, 32..64 the value 1, 64..80 the call value (u128 LE), 128.. call data, 4096.. output. */
const WASM_RELAY = `(module
  ${importsFor(['getCallDataSize', 'callDataCopy', 'storageStore', 'call', 'getReturnDataSize', 'returnDataCopy', 'finish', 'revert'])}
  (memory (export "memory") 1)
  (func (export "main") (local $size i32) (local $out i32) (local $len i32) (local $rds i32)
    (local.set $size (call $getCallDataSize))
    (call $callDataCopy (i32.const 128) (i32.const 0) (local.get $size))
    (i32.store8 (i32.const 63) (i32.const 1))
    (call $storageStore (i32.const 0) (i32.const 32))
    (if (i64.eqz (i64.or (i64.or (i64.load (i32.const 130)) (i64.load (i32.const 138))) (i64.load32_u (i32.const 146))))
      (then
        (local.set $out (i32.const 150))
        (local.set $len (i32.sub (local.get $size) (i32.const 22))))
      (else
        (i32.store8 (i32.const 64) (i32.load8_u (i32.const 129)))
        ;; the EEI caps the gas at all but 1/64 of what is left, as the EVM's CALL does
        (i32.store8 (i32.const 4096) (call $call (i64.const 0x7fffffffffffffff) (i32.const 130) (i32.const 64)
          (i32.const 150) (i32.sub (local.get $size) (i32.const 22))))
        (local.set $rds (call $getReturnDataSize))
        (call $returnDataCopy (i32.const 4097) (i32.const 0) (local.get $rds))
        (local.set $out (i32.const 4096))
        (local.set $len (i32.add (local.get $rds) (i32.const 1)))))
    (if (i32.eq (i32.load8_u (i32.const 128)) (i32.const 1)) (then (call $revert (local.get $out) (local.get $len))))
    (if (i32.eq (i32.load8_u (i32.const 128)) (i32.const 2)) (then unreachable))
    (call $finish (local.get $out) (local.get $len))))`;

const EVM_RELAY = `
  PUSH1 1 PUSH1 0 SSTORE
  PUSH1 2 CALLDATALOAD PUSH1 0x60 SHR            ; [target]
  CALLDATASIZE PUSH1 22 SWAP1 SUB                ; [target len]   payload length
  DUP1 PUSH1 22 PUSH1 0 CALLDATACOPY             ; memory[0..len) = payload
  DUP2 ISZERO PUSH2 @leaf JUMPI
  PUSH1 0 PUSH1 0 DUP3 PUSH1 0                   ; retLen retOff argsLen argsOff
  PUSH1 1 CALLDATALOAD PUSH1 0xf8 SHR            ; value
  DUP7 GAS CALL                                  ; [target len success]
  PUSH1 0 MSTORE8                                ; memory[0] = success, memory[1..] = return data
  RETURNDATASIZE PUSH1 0 PUSH1 1 RETURNDATACOPY
  RETURNDATASIZE PUSH1 1 ADD PUSH1 0             ; [target len outLen outOff]
  PUSH2 @done JUMP
  leaf: JUMPDEST
  DUP1 PUSH1 0                                   ; [target len outLen=len outOff=0]
  done: JUMPDEST
  PUSH1 0 CALLDATALOAD PUSH1 0xf8 SHR            ; action
  DUP1 ISZERO PUSH2 @return JUMPI
  PUSH1 1 EQ PUSH2 @revert JUMPI
  INVALID
  return: JUMPDEST POP RETURN
  revert: JUMPDEST REVERT`;

/**
 * Proxy convention: call data [kind: 1][target: 20], kind 0 call, 1 callCode, 2 callDelegate (the
 * EVM's CALL, CALLCODE, DELEGATECALL); call and callCode send 3 wei. Output [status][return data].
 */
export type ProxyKind = 0 | 1 | 2;
export const PROXY_VALUE = 3n;

const WASM_PROXY = `(module
  ${importsFor(['callDataCopy', 'call', 'callCode', 'callDelegate', 'getReturnDataSize', 'returnDataCopy', 'finish'])}
  (memory (export "memory") 1)
  (func (export "main") (local $kind i32) (local $status i32) (local $rds i32)
    (call $callDataCopy (i32.const 128) (i32.const 0) (i32.const 21))
    (local.set $kind (i32.load8_u (i32.const 128)))
    (i32.store8 (i32.const 64) (i32.const ${PROXY_VALUE}))
    (local.set $status
      (if (result i32) (i32.eqz (local.get $kind))
        (then (call $call (i64.const 0x7fffffffffffffff) (i32.const 129) (i32.const 64) (i32.const 0) (i32.const 0)))
        (else (if (result i32) (i32.eq (local.get $kind) (i32.const 1))
          (then (call $callCode (i64.const 0x7fffffffffffffff) (i32.const 129) (i32.const 64) (i32.const 0) (i32.const 0)))
          (else (call $callDelegate (i64.const 0x7fffffffffffffff) (i32.const 129) (i32.const 0) (i32.const 0)))))))
    (i32.store8 (i32.const 4096) (local.get $status))
    (local.set $rds (call $getReturnDataSize))
    (call $returnDataCopy (i32.const 4097) (i32.const 0) (local.get $rds))
    (call $finish (i32.const 4096) (i32.add (local.get $rds) (i32.const 1)))))`;

const EVM_PROXY = `
  PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0                ; retLen retOff argsLen argsOff
  PUSH1 0 CALLDATALOAD PUSH1 0xf8 SHR            ; kind
  DUP1 ISZERO PUSH2 @call JUMPI
  PUSH1 1 EQ PUSH2 @callcode JUMPI
  PUSH1 1 CALLDATALOAD PUSH1 0x60 SHR GAS DELEGATECALL PUSH2 @out JUMP
  call: JUMPDEST POP PUSH1 ${PROXY_VALUE} PUSH1 1 CALLDATALOAD PUSH1 0x60 SHR GAS CALL PUSH2 @out JUMP
  callcode: JUMPDEST PUSH1 ${PROXY_VALUE} PUSH1 1 CALLDATALOAD PUSH1 0x60 SHR GAS CALLCODE
  out: JUMPDEST PUSH1 0 MSTORE8
  RETURNDATASIZE PUSH1 0 PUSH1 1 RETURNDATACOPY RETURNDATASIZE PUSH1 1 ADD PUSH1 0 RETURN`;

/** Stores its caller in slot 0 (right-aligned, as an EVM word) and returns [own address: 20][low byte of the call value]. */
const WASM_CONTEXT = `(module
  ${importsFor(['getCaller', 'getAddress', 'getCallValue', 'storageStore', 'finish'])}
  (memory (export "memory") 1)
  (func (export "main")
    (call $getCaller (i32.const 44))
    (call $storageStore (i32.const 0) (i32.const 32))
    (call $getAddress (i32.const 100))
    (call $getCallValue (i32.const 120))
    (call $finish (i32.const 100) (i32.const 21))))`;

const EVM_CONTEXT = `
  CALLER PUSH1 0 SSTORE
  ADDRESS PUSH1 96 SHL PUSH1 0 MSTORE CALLVALUE PUSH1 20 MSTORE8
  PUSH1 21 PUSH1 0 RETURN`;

/** Static-call convention: call data [target: 20][payload...]; output [status][return data]. */
const WASM_STATIC_CALLER = `(module
  ${importsFor(['getCallDataSize', 'callDataCopy', 'callStatic', 'getReturnDataSize', 'returnDataCopy', 'finish'])}
  (memory (export "memory") 1)
  (func (export "main") (local $size i32) (local $rds i32)
    (local.set $size (call $getCallDataSize))
    (call $callDataCopy (i32.const 0) (i32.const 0) (local.get $size))
    (i32.store8 (i32.const 4096)
      (call $callStatic (i64.const 0x7fffffffffffffff) (i32.const 0) (i32.const 20) (i32.sub (local.get $size) (i32.const 20))))
    (local.set $rds (call $getReturnDataSize))
    (call $returnDataCopy (i32.const 4097) (i32.const 0) (local.get $rds))
    (call $finish (i32.const 4096) (i32.add (local.get $rds) (i32.const 1)))))`;

const EVM_STATIC_CALLER = `
  CALLDATASIZE PUSH1 20 SWAP1 SUB DUP1 PUSH1 20 PUSH1 0 CALLDATACOPY   ; [len] memory[0..len) = payload
  PUSH1 0 PUSH1 0 DUP3 PUSH1 0                                         ; retLen retOff argsLen argsOff
  PUSH1 0 CALLDATALOAD PUSH1 0x60 SHR GAS STATICCALL
  PUSH1 0 MSTORE8
  RETURNDATASIZE PUSH1 0 PUSH1 1 RETURNDATACOPY
  RETURNDATASIZE PUSH1 1 ADD PUSH1 0 RETURN`;

/** Writes 1 to slot 0 and returns nothing. */
export const EVM_STORE = 'PUSH1 1 PUSH1 0 SSTORE STOP';
/** Reads slot 0 and returns it with 42 added: a read-only contract that still returns something worth checking. */
export const EVM_READER = 'PUSH1 0 SLOAD PUSH1 42 ADD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN';
export const WASM_READER = `(module
  ${importsFor(['storageLoad', 'finish'])}
  (memory (export "memory") 1)
  (data (i32.const 64) "read-only")
  (func (export "main")
    (call $storageLoad (i32.const 0) (i32.const 32))
    (call $finish (i32.const 32) (i32.const 41))))`;

/**
 * Factory: call data [value: 1][argument: 20][init code...]. Creates a contract from the init code
 * with `value` wei, then, if the argument is not zero, calls the new contract with it as call data.
 * Output: [create status][new address: 20][call status or 0xff][return data of the last create/call].
 */
export const WASM_FACTORY = `(module
  ${importsFor(['getCallDataSize', 'callDataCopy', 'create', 'call', 'getReturnDataSize', 'returnDataCopy', 'finish'])}
  (memory (export "memory") 1)
  (func (export "main") (local $size i32) (local $rds i32)
    (local.set $size (call $getCallDataSize))
    (call $callDataCopy (i32.const 128) (i32.const 0) (local.get $size))
    (i32.store8 (i32.const 64) (i32.load8_u (i32.const 128)))
    (i32.store8 (i32.const 4096) (call $create (i32.const 64) (i32.const 149) (i32.sub (local.get $size) (i32.const 21)) (i32.const 4097)))
    (i32.store8 (i32.const 4117) (i32.const 0xff))
    (if (i32.and (i32.eqz (i32.load8_u (i32.const 4096)))
          (i32.eqz (i64.eqz (i64.or (i64.or (i64.load (i32.const 129)) (i64.load (i32.const 137))) (i64.load32_u (i32.const 145))))))
      ;; value 0: memory 80..96 is zero
      (then (i32.store8 (i32.const 4117) (call $call (i64.const 0x7fffffffffffffff) (i32.const 4097) (i32.const 80) (i32.const 129) (i32.const 20)))))
    (local.set $rds (call $getReturnDataSize))
    (call $returnDataCopy (i32.const 4118) (i32.const 0) (local.get $rds))
    (call $finish (i32.const 4096) (i32.add (local.get $rds) (i32.const 22)))))`;

/** Self-destructs to the 20-byte beneficiary in its call data. */
export const WASM_DESTRUCTOR = `(module
  ${importsFor(['callDataCopy', 'selfDestruct'])}
  (memory (export "memory") 1)
  (func (export "main")
    (call $callDataCopy (i32.const 0) (i32.const 0) (i32.const 20))
    (call $selfDestruct (i32.const 0))))`;

export async function counterRuntime(): Promise<Uint8Array> {
  return watToWasm(await readFile(new URL('../../examples/counter.wat', import.meta.url), 'utf8'), 'counter.wat');
}

/** Init code for `engine`: a Wasm deployer for WAT, the evmDeployer header for assembly. */
export async function initcode(engine: Engine, source: string): Promise<Uint8Array> {
  return engine === 'wasm' ? makeDeployer(await watToWasm(source)) : evmDeployer(assemble(source));
}

export const relayInitcode = (engine: Engine) => initcode(engine, engine === 'wasm' ? WASM_RELAY : EVM_RELAY);
export const proxyInitcode = (engine: Engine) => initcode(engine, engine === 'wasm' ? WASM_PROXY : EVM_PROXY);
export const contextInitcode = (engine: Engine) => initcode(engine, engine === 'wasm' ? WASM_CONTEXT : EVM_CONTEXT);
export const staticCallerInitcode = (engine: Engine) => initcode(engine, engine === 'wasm' ? WASM_STATIC_CALLER : EVM_STATIC_CALLER);

/** `module` with a custom section appended so it is exactly `size` bytes long (custom sections are ignored). */
export function padWasm(module: Uint8Array, size: number): Uint8Array {
  const name = [0x03, 0x70, 0x61, 0x64]; // "pad"
  const need = size - module.length;
  for (let lebBytes = 1; lebBytes <= 5; lebBytes++) {
    const payload = need - 1 - lebBytes - name.length;
    const content = payload + name.length;
    if (payload < 0 || leb128(content).length !== lebBytes) continue;
    return concat(module, Uint8Array.of(0x00), leb128(content), Uint8Array.from(name), new Uint8Array(payload));
  }
  throw new Error(`padWasm: cannot pad ${module.length} bytes to ${size}`);
}

function leb128(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
  return Uint8Array.from(out);
}
