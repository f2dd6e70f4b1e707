/**
 * Error texts in traces as geth writes them (core/vm/errors.go), from @ethereumjs/evm's. Tools
 * match on "execution reverted" and "out of gas"; Wasm failures keep our own text.
 */
const GETH_ERRORS: Readonly<Record<string, string>> = {
  'revert': 'execution reverted',
  'out of gas': 'out of gas',
  'code store out of gas': 'contract creation code storage out of gas',
  'code size to deposit exceeds maximum code size': 'max code size exceeded',
  'stack underflow': 'stack underflow',
  'stack overflow': 'stack limit reached 1024',
  'invalid JUMP': 'invalid jump destination',
  'invalid opcode': 'invalid opcode',
  'static state change': 'write protection',
  'create collision': 'contract address collision',
  'insufficient balance': 'insufficient balance for transfer',
  'invalid bytecode deployed': 'invalid code: must not begin with 0xef',
  'initcode exceeds max initcode size': 'max initcode size exceeded',
  'value out of range': 'return data out of bounds',
  'refund exhausted': 'gas uint64 overflow',
};

export function gethError(error: string): string {
  return GETH_ERRORS[error] ?? error;
}
