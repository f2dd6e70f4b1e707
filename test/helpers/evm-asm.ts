/**
 * A tiny EVM assembler for tests: hand-written bytecode stays readable and jump targets are labels,
 * so nobody has to count byte offsets. Syntax: whitespace-separated mnemonics, `PUSHn <number>` or
 * `PUSH2 @label`, `label:` to define a label (put a JUMPDEST after it), `;` comments to end of line.
 */

const OPCODES: Record<string, number> = {
  STOP: 0x00, ADD: 0x01, MUL: 0x02, SUB: 0x03, DIV: 0x04, LT: 0x10, GT: 0x11, EQ: 0x14, ISZERO: 0x15,
  AND: 0x16, OR: 0x17, SHL: 0x1b, SHR: 0x1c, ADDRESS: 0x30, BALANCE: 0x31, ORIGIN: 0x32, CALLER: 0x33, CALLVALUE: 0x34,
  CALLDATALOAD: 0x35, CALLDATASIZE: 0x36, CALLDATACOPY: 0x37, CODESIZE: 0x38, CODECOPY: 0x39,
  GASPRICE: 0x3a, RETURNDATASIZE: 0x3d, RETURNDATACOPY: 0x3e, COINBASE: 0x41, TIMESTAMP: 0x42, NUMBER: 0x43, PREVRANDAO: 0x44, GASLIMIT: 0x45, CHAINID: 0x46, SELFBALANCE: 0x47, BASEFEE: 0x48, BLOBHASH: 0x49, POP: 0x50, MLOAD: 0x51, MSTORE: 0x52,
  MSTORE8: 0x53, SLOAD: 0x54, SSTORE: 0x55, JUMP: 0x56, JUMPI: 0x57, GAS: 0x5a, JUMPDEST: 0x5b, PUSH0: 0x5f,
  LOG0: 0xa0, LOG1: 0xa1, LOG2: 0xa2, LOG3: 0xa3, LOG4: 0xa4, CREATE: 0xf0, CALL: 0xf1, CALLCODE: 0xf2,
  RETURN: 0xf3, DELEGATECALL: 0xf4, KECCAK256: 0x20, BLOCKHASH: 0x40, CREATE2: 0xf5, STATICCALL: 0xfa, REVERT: 0xfd, INVALID: 0xfe, SELFDESTRUCT: 0xff,
};
for (let n = 1; n <= 32; n++) OPCODES[`PUSH${n}`] = 0x5f + n;
for (let n = 1; n <= 16; n++) {
  OPCODES[`DUP${n}`] = 0x7f + n;
  OPCODES[`SWAP${n}`] = 0x8f + n;
}

export function assemble(source: string): Uint8Array {
  const tokens = source.replace(/;[^\n]*/g, ' ').split(/\s+/).filter((t) => t !== '');
  const out: number[] = [];
  const labels = new Map<string, number>();
  const fixups: Array<{ at: number; label: string }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.endsWith(':')) {
      labels.set(token.slice(0, -1), out.length);
      continue;
    }
    const op = OPCODES[token.toUpperCase()];
    if (op === undefined) throw new Error(`evm-asm: unknown mnemonic ${token}`);
    out.push(op);
    if (op < 0x60 || op > 0x7f) continue;
    const size = op - 0x5f;
    const arg = tokens[++i];
    if (arg === undefined) throw new Error(`evm-asm: ${token} needs an argument`);
    if (arg.startsWith('@')) {
      if (size !== 2) throw new Error(`evm-asm: label ${arg} needs PUSH2`);
      fixups.push({ at: out.length, label: arg.slice(1) });
      out.push(0, 0);
      continue;
    }
    const value = BigInt(arg);
    if (value < 0n || value >= 1n << BigInt(8 * size)) throw new Error(`evm-asm: ${arg} does not fit ${token}`);
    for (let b = size - 1; b >= 0; b--) out.push(Number((value >> BigInt(8 * b)) & 0xffn));
  }
  for (const { at, label } of fixups) {
    const target = labels.get(label);
    if (target === undefined) throw new Error(`evm-asm: undefined label ${label}`);
    out[at] = target >> 8;
    out[at + 1] = target & 0xff;
  }
  return Uint8Array.from(out);
}

/** EVM init code that deploys `runtime` as is: CODECOPY the bytes after this 12-byte header, RETURN them. */
export function evmDeployer(runtime: Uint8Array): Uint8Array {
  if (runtime.length > 0xffff) throw new Error('evmDeployer: runtime longer than PUSH2 can say');
  const header = assemble(`PUSH2 ${runtime.length} DUP1 PUSH1 12 PUSH1 0 CODECOPY PUSH1 0 RETURN`);
  if (header.length !== 12) throw new Error('evmDeployer: header length and CODECOPY offset disagree');
  const initcode = new Uint8Array(header.length + runtime.length);
  initcode.set(header);
  initcode.set(runtime, header.length);
  return initcode;
}
