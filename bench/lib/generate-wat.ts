/**
 * A synthetic contract of integer code for the compile benchmark: many functions mixing
 * arithmetic, loads and stores, branches, loops and calls, in proportions like compiled code.
 * Seeded, so every run compiles the same module. The code is never run, only compiled.
 */

/** xorshift32: deterministic choices. */
function rng(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n: number) => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x % n;
  };
}

const BIN32 = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr_u', 'shr_s', 'rotl', 'eq', 'ne', 'lt_u', 'gt_s', 'le_u'];
const BIN64 = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr_u', 'rotr'];

class FunctionWriter {
  private labels = 0;
  private readonly pick: (n: number) => number;
  /** Functions below this index may be called (no recursion, so no cycles). */
  private readonly index: number;

  constructor(pick: (n: number) => number, index: number) {
    this.pick = pick;
    this.index = index;
  }

  expr32(depth: number): string {
    const p = this.pick;
    if (depth === 0 || p(10) < 3) {
      switch (p(4)) {
        case 0: return '(local.get $x)';
        case 1: return '(local.get $a)';
        case 2: return `(i32.const ${p(100_000)})`;
        default: return `(i32.load offset=${p(64) * 4} (i32.and (local.get $x) (i32.const 0xfffc)))`;
      }
    }
    switch (p(8)) {
      case 0: return `(i32.wrap_i64 ${this.expr64(depth - 1)})`;
      case 1: return `(i32.eqz ${this.expr32(depth - 1)})`;
      case 2: return `(i32.div_u ${this.expr32(depth - 1)} (i32.or ${this.expr32(depth - 1)} (i32.const 1)))`;
      case 3: return `(select ${this.expr32(depth - 1)} ${this.expr32(depth - 1)} (local.get $x))`;
      default: return `(i32.${BIN32[p(BIN32.length)]} ${this.expr32(depth - 1)} ${this.expr32(depth - 1)})`;
    }
  }

  expr64(depth: number): string {
    const p = this.pick;
    if (depth === 0 || p(10) < 3) {
      switch (p(4)) {
        case 0: return '(local.get $y)';
        case 1: return '(local.get $b)';
        case 2: return `(i64.const ${p(1_000_000_007)})`;
        default: return `(i64.load offset=${p(32) * 8} (i32.and (local.get $x) (i32.const 0xfff8)))`;
      }
    }
    switch (p(6)) {
      case 0: return `(i64.extend_i32_u ${this.expr32(depth - 1)})`;
      case 1: return `(i64.extend32_s ${this.expr64(depth - 1)})`;
      default: return `(i64.${BIN64[p(BIN64.length)]} ${this.expr64(depth - 1)} ${this.expr64(depth - 1)})`;
    }
  }

  statement(depth: number): string {
    const p = this.pick;
    const choice = depth === 0 ? p(5) : p(9);
    switch (choice) {
      case 0: case 1: return `(local.set $x ${this.expr32(3)})`;
      case 2: return `(local.set $y ${this.expr64(3)})`;
      case 3: return `(i32.store offset=${p(64) * 4} (i32.and (local.get $x) (i32.const 0xfffc)) ${this.expr32(2)})`;
      case 4: return this.index > 0
        ? `(local.set $y (call $f${p(this.index)} ${this.expr32(1)} ${this.expr64(1)}))`
        : `(i64.store (i32.const 8) ${this.expr64(2)})`;
      case 5: case 6:
        return `(if ${this.expr32(2)} (then ${this.block(depth - 1)}) (else ${this.block(depth - 1)}))`;
      default: {
        const l = this.labels++;
        return `(local.set $i (i32.const ${1 + p(16)}))
  (block $b${l} (loop $l${l} ${this.block(depth - 1)}
    (br_if $b${l} ${this.expr32(1)})
    (br_if $l${l} (local.tee $i (i32.sub (local.get $i) (i32.const 1))))))`;
      }
    }
  }

  block(depth: number): string {
    return Array.from({ length: 1 + this.pick(4) }, () => this.statement(depth)).join('\n  ');
  }
}

/** WAT for a contract with `functions` generated functions (and `main` calling the last one). */
export function generateWat(functions: number, seed = 1): string {
  const pick = rng(seed);
  const funcs: string[] = [];
  for (let f = 0; f < functions; f++) {
    const w = new FunctionWriter(pick, f);
    funcs.push(`(func $f${f} (param $a i32) (param $b i64) (result i64) (local $x i32) (local $y i64) (local $i i32)
  (local.set $x (local.get $a))
  (local.set $y (local.get $b))
  ${w.block(3)}
  (i64.add (local.get $y) (i64.extend_i32_u (local.get $x))))`);
  }
  return `(module
(import "ethereum" "getCallDataSize" (func $getCallDataSize (result i32)))
(import "ethereum" "finish" (func $finish (param i32 i32)))
(memory (export "memory") 1)
(data (i32.const 1024) "generated contract")
${funcs.join('\n')}
(func (export "main")
  (i64.store (i32.const 0) (call $f${functions - 1} (call $getCallDataSize) (i64.const 7)))
  (call $finish (i32.const 0) (i32.const 8))))`;
}
