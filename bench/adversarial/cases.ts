/**
 * The adversarial corpus: contracts written to be as slow as possible per unit of gas, for both
 * engines. Each case is runtime code that, called with any amount of gas, spends it all (an endless
 * loop ending in out-of-gas) or runs to its end; `npm run bench:adversarial` times them at 30M gas,
 * `test/vm/adversarial.test.ts` runs them with little gas as a correctness check.
 *
 * Wasm cases are WAT (or bytes, where WAT would be too large); EVM cases use the test assembler.
 */
import { watToWasm } from '../../scripts/lib/wat.ts';
import { assemble } from '../../test/helpers/evm-asm.ts';
import { Writer } from '../../vm/wasm/bytes.ts';

export type Engine = 'wasm' | 'evm';

export interface AdversarialCase {
  readonly name: string;
  readonly engine: Engine;
  readonly what: string;
  /** Runtime code of the contract under attack. */
  code(): Promise<Uint8Array>;
  /** True when the case ends on its own instead of running out of gas. */
  readonly finishes?: boolean;
  /** Run the code as init code of a create (how big fresh code reaches the node: compiled for one run). */
  readonly create?: boolean;
}

const ETH = (name: string, params: string, results = '') =>
  `(import "ethereum" "${name}" (func $${name} (param ${params}) ${results ? `(result ${results})` : ''}))`;

/** A Wasm contract whose `main` runs `body` in an endless loop, after `setup`. */
function wasmLoop(imports: string[], setup: string, body: string, extra = ''): Promise<Uint8Array> {
  return watToWasm(`(module ${imports.join(' ')}
    (memory (export "memory") 1) ${extra}
    (func (export "main") ${setup} (loop $forever ${body} (br $forever))))`);
}

/** `main` is `depth` nested blocks (2 bytes each) and their ends: a big module that runs once. */
function nestedBlocks(depth: number, loop: boolean, groups = 1): Uint8Array {
  const body: number[] = [0x00]; // no locals
  if (loop) body.push(0x03, 0x40);
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < depth; i++) body.push(0x02, 0x40);
    for (let i = 0; i < depth; i++) body.push(0x0b);
  }
  if (loop) body.push(0x0c, 0x00, 0x0b);
  body.push(0x0b);
  const u32 = (n: number) => [...new Writer().u32(n).finish()];
  const section = (id: number, content: number[]) => [id, ...u32(content.length), ...content];
  const name = (s: string) => [...u32(s.length), ...new TextEncoder().encode(s)];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, 1]),
    ...section(7, [2, ...name('memory'), 2, 0, ...name('main'), 0, 0]),
  ];
  const code = [1, ...u32(body.length), ...body];
  // Spread of a 600 KB array would overflow the argument stack: append in place.
  const head = Uint8Array.from([...bytes, 10, ...u32(code.length)]);
  const out = new Uint8Array(head.length + code.length);
  out.set(head);
  out.set(code, head.length);
  return out;
}

const SELF_CALL_IMPORTS = [ETH('call', 'i64 i32 i32 i32 i32', 'i32'), ETH('getAddress', 'i32'), ETH('getGasLeft', '', 'i64'),
  ETH('getCallDataSize', '', 'i32'), ETH('finish', 'i32 i32'), ETH('returnDataCopy', 'i32 i32 i32')];

export const CASES: readonly AdversarialCase[] = [
  {
    name: 'wasm-self-call-deep', engine: 'wasm',
    what: 'calls itself with all its gas, in a loop, at every depth (the issue\'s bomb)',
    code: () => wasmLoop(SELF_CALL_IMPORTS, '(call $getAddress (i32.const 0))',
      '(drop (call $call (call $getGasLeft) (i32.const 0) (i32.const 32) (i32.const 0) (i32.const 0)))'),
  },
  {
    name: 'wasm-self-call-shallow', engine: 'wasm',
    what: 'calls itself with 10,000 gas in a loop; the callee returns at once',
    code: () => wasmLoop(SELF_CALL_IMPORTS,
      '(if (call $getCallDataSize) (then (return))) (call $getAddress (i32.const 0))',
      '(drop (call $call (i64.const 10000) (i32.const 0) (i32.const 32) (i32.const 0) (i32.const 1)))'),
  },
  {
    name: 'wasm-returndata-copy', engine: 'wasm',
    what: 'gets 64 KiB of return data from itself once, then copies it in a loop',
    code: () => wasmLoop(SELF_CALL_IMPORTS,
      `(if (call $getCallDataSize) (then (call $finish (i32.const 0) (i32.const 65536))))
       (call $getAddress (i32.const 0))
       (drop (call $call (i64.const 100000) (i32.const 0) (i32.const 32) (i32.const 0) (i32.const 1)))`,
      '(call $returnDataCopy (i32.const 0) (i32.const 0) (i32.const 65536))'),
  },
  {
    name: 'wasm-nested-blocks', engine: 'wasm', finishes: true, create: true,
    what: '600 KB init code: 200,000 nested blocks',
    code: async () => nestedBlocks(Number(process.env.DEPTH ?? 200_000), false),
  },
  {
    name: 'wasm-blocks-1000-deep', engine: 'wasm', finishes: true, create: true,
    what: '600 KB init code: 200 groups of 1,000 nested blocks',
    code: async () => nestedBlocks(1000, false, 200),
  },
  {
    name: 'wasm-nested-blocks-loop', engine: 'wasm',
    what: 'a loop whose body is 1,000 nested empty blocks',
    code: async () => nestedBlocks(1000, true),
  },
  {
    name: 'wasm-storage-load', engine: 'wasm',
    what: 'storageLoad of one (warm) slot in a loop',
    code: () => wasmLoop([ETH('storageLoad', 'i32 i32')], '', '(call $storageLoad (i32.const 0) (i32.const 32))'),
  },
  {
    name: 'wasm-storage-store', engine: 'wasm',
    what: 'storageStore of the same value into one slot in a loop',
    code: () => wasmLoop([ETH('storageStore', 'i32 i32')], '', '(call $storageStore (i32.const 0) (i32.const 32))'),
  },
  {
    name: 'wasm-log', engine: 'wasm',
    what: 'log with no data and no topic in a loop',
    code: () => wasmLoop([ETH('log', 'i32 i32 i32 i32 i32 i32 i32')], '',
      '(call $log (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))'),
  },
  {
    name: 'wasm-log-4-topics', engine: 'wasm',
    what: 'log with 4 topics and 1 KiB of data in a loop',
    code: () => wasmLoop([ETH('log', 'i32 i32 i32 i32 i32 i32 i32')], '',
      '(call $log (i32.const 0) (i32.const 1024) (i32.const 4) (i32.const 0) (i32.const 32) (i32.const 64) (i32.const 96))'),
  },
  {
    name: 'wasm-getter', engine: 'wasm',
    what: 'getCallDataSize (the cheapest host call) in a loop',
    code: () => wasmLoop([ETH('getCallDataSize', '', 'i32')], '', '(drop (call $getCallDataSize))'),
  },
  {
    name: 'wasm-get-address', engine: 'wasm',
    what: 'getAddress (a cheap host call that writes memory) in a loop',
    code: () => wasmLoop([ETH('getAddress', 'i32')], '', '(call $getAddress (i32.const 0))'),
  },
  {
    name: 'wasm-balance', engine: 'wasm',
    what: 'getExternalBalance of a warm account in a loop',
    code: () => wasmLoop([ETH('getExternalBalance', 'i32 i32')], '', '(call $getExternalBalance (i32.const 0) (i32.const 32))'),
  },
  {
    name: 'wasm-block-hash', engine: 'wasm',
    what: 'getBlockHash in a loop',
    code: () => wasmLoop([ETH('getBlockHash', 'i64 i32', 'i32')], '', '(drop (call $getBlockHash (i64.const 0) (i32.const 0)))'),
  },
  {
    name: 'wasm-memory-grow', engine: 'wasm',
    what: 'memory.grow by one page in a loop (128 pages, then failing grows)',
    code: () => wasmLoop([], '', '(drop (memory.grow (i32.const 1)))'),
  },
  {
    name: 'wasm-code-copy', engine: 'wasm',
    what: 'codeCopy of a 60 KB data segment in a loop',
    code: () => wasmLoop([ETH('codeCopy', 'i32 i32 i32')], '', '(call $codeCopy (i32.const 0) (i32.const 0) (i32.const 60000))',
      `(data (i32.const 0) "${'\\ff'.repeat(60000)}")`),
  },
  {
    name: 'wasm-call-data-copy-empty', engine: 'wasm',
    what: 'callDataCopy of 0 bytes in a loop (host call for 3 gas)',
    code: () => wasmLoop([ETH('callDataCopy', 'i32 i32 i32')], '', '(call $callDataCopy (i32.const 0) (i32.const 0) (i32.const 0))'),
  },
  {
    name: 'wasm-internal-call', engine: 'wasm',
    what: 'a call to an empty function in a loop',
    code: () => wasmLoop([], '', '(call $empty)', '(func $empty)'),
  },
  {
    name: 'wasm-br-table', engine: 'wasm',
    what: 'a br_table in a loop',
    code: () => wasmLoop([], '', '(block $a (br_table $a $a (i32.const 0)))'),
  },
  // ---- EVM ----
  {
    name: 'evm-self-call', engine: 'evm',
    what: 'CALL to itself with 10,000 gas in a loop; the callee returns at once',
    code: async () => assemble(`CALLDATASIZE PUSH2 @ret JUMPI
      top: JUMPDEST PUSH0 PUSH0 PUSH1 1 PUSH0 PUSH0 ADDRESS PUSH2 10000 CALL POP PUSH2 @top JUMP
      ret: JUMPDEST STOP`),
  },
  {
    name: 'evm-sload', engine: 'evm',
    what: 'SLOAD of one (warm) slot in a loop',
    code: async () => assemble('top: JUMPDEST PUSH0 SLOAD POP PUSH2 @top JUMP'),
  },
  {
    name: 'evm-sstore', engine: 'evm',
    what: 'SSTORE of the same value into one slot in a loop',
    code: async () => assemble('top: JUMPDEST PUSH0 PUSH0 SSTORE PUSH2 @top JUMP'),
  },
  {
    name: 'evm-keccak', engine: 'evm',
    what: 'KECCAK256 of 0 bytes in a loop',
    code: async () => assemble('top: JUMPDEST PUSH0 PUSH0 KECCAK256 POP PUSH2 @top JUMP'),
  },
  {
    name: 'evm-selfbalance', engine: 'evm',
    what: 'SELFBALANCE (5 gas, an account read) in a loop',
    code: async () => assemble('top: JUMPDEST SELFBALANCE POP PUSH2 @top JUMP'),
  },
  {
    name: 'evm-balance', engine: 'evm',
    what: 'BALANCE of a warm account in a loop',
    code: async () => assemble('top: JUMPDEST ADDRESS BALANCE POP PUSH2 @top JUMP'),
  },
  {
    name: 'evm-blockhash', engine: 'evm',
    what: 'BLOCKHASH in a loop',
    code: async () => assemble('top: JUMPDEST PUSH0 BLOCKHASH POP PUSH2 @top JUMP'),
  },
  {
    name: 'evm-cheap-ops', engine: 'evm',
    what: 'the cheapest opcodes: JUMPDEST, PUSH0, POP, JUMP',
    code: async () => assemble('top: JUMPDEST PUSH0 POP PUSH0 POP PUSH0 POP PUSH2 @top JUMP'),
  },
  {
    name: 'evm-log', engine: 'evm',
    what: 'LOG0 of no data in a loop',
    code: async () => assemble('top: JUMPDEST PUSH0 PUSH0 LOG0 PUSH2 @top JUMP'),
  },
  {
    name: 'evm-returndatacopy', engine: 'evm',
    what: 'RETURNDATACOPY of 0 bytes in a loop (after a call that returned nothing)',
    code: async () => assemble('top: JUMPDEST PUSH0 PUSH0 PUSH0 RETURNDATACOPY PUSH2 @top JUMP'),
  },
];
