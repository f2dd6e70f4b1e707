/**
 * Streaming decoder for function bodies: one instruction at a time, no allocation per
 * instruction. After next(), `info`, `start`/`end` and the immediate fields describe it.
 */
import { DecodeError, Reader } from './bytes.ts';
import { FC, FD, OPCODES, type OpInfo } from './opcodes.ts';

/** Block type: -1 for none, -2 - valtype for one result, or a type index (>= 0). */
export const BLOCK_EMPTY = -1;

export class InstructionReader {
  private readonly r: Reader;
  info!: OpInfo;
  start = 0;
  end = 0;
  /** First immediate: label, function, local, global, table, type or data index; block type. */
  a = 0;
  /** Second immediate: table index of call_indirect, lane, etc. */
  b = 0;
  /** br_table labels, default last. */
  labels: number[] = [];

  constructor(bytes: Uint8Array, start: number, end: number) {
    this.r = new Reader(bytes, start, end);
  }

  get done(): boolean {
    return this.r.done;
  }

  get pos(): number {
    return this.r.pos;
  }

  next(): OpInfo {
    const r = this.r;
    this.start = r.pos;
    const first = r.byte();
    let code = first;
    if (first === 0xfc || first === 0xfd) code = (first === 0xfc ? FC : FD) + r.u32();
    if (first === 0xfe) throw new AtomicInstructionError(`atomic instruction 0xfe 0x${r.u32().toString(16)} (threads)`, this.start);
    const info = OPCODES.get(code);
    if (info === undefined) throw new DecodeError(`illegal opcode ${hexCode(first, code)}`, this.start);
    this.info = info;
    switch (info.immediate) {
      case 'none':
        break;
      case 'blockType': {
        const b = r.bytes[r.pos];
        if (b === 0x40) { r.pos++; this.a = BLOCK_EMPTY; }
        else if (b !== undefined && (b & 0xc0) === 0x40) { r.pos++; this.a = -2 - b; }
        else {
          const t = r.sBig(33);
          if (t < 0n) r.fail('malformed block type');
          this.a = Number(t);
        }
        break;
      }
      case 'label': case 'func': case 'local': case 'global': case 'table': case 'data': case 'elem':
        this.a = r.u32();
        break;
      case 'labelTable': {
        const n = r.u32();
        if (n > r.end - r.pos) r.fail('unexpected end');
        const labels: number[] = [];
        for (let i = 0; i <= n; i++) labels.push(r.u32());
        this.labels = labels;
        break;
      }
      case 'callIndirect':
        this.a = r.u32();
        this.b = r.u32();
        break;
      case 'memarg':
        r.u32();
        r.u32();
        break;
      case 'memoryIndex':
        if (r.byte() !== 0) r.fail('zero byte expected', r.pos - 1);
        break;
      case 'i32': r.sBig(32); break;
      case 'i64': r.sBig(64); break;
      case 'f32': r.skip(4); break;
      case 'f64': r.skip(8); break;
      case 'refType': this.a = r.byte(); break;
      case 'selectTypes': {
        const n = r.u32();
        if (n > r.end - r.pos) r.fail('unexpected end');
        r.skip(n);
        break;
      }
      case 'dataAndMemory':
        this.a = r.u32();
        if (r.byte() !== 0) r.fail('zero byte expected', r.pos - 1);
        break;
      case 'twoMemories':
        if (r.byte() !== 0 || r.byte() !== 0) r.fail('zero byte expected', r.pos - 1);
        break;
      case 'elemAndTable': case 'twoTables':
        this.a = r.u32();
        this.b = r.u32();
        break;
      case 'v128': case 'shuffle':
        r.skip(16);
        break;
      case 'lane':
        this.b = r.byte();
        break;
      case 'memargLane':
        r.u32();
        r.u32();
        this.b = r.byte();
        break;
    }
    this.end = r.pos;
    return info;
  }
}

/** The 0xFE prefix (threads proposal): not decoded, only recognised so the policy can name it. */
export class AtomicInstructionError extends DecodeError {}

function hexCode(first: number, code: number): string {
  return code === first ? `0x${first.toString(16)}` : `0x${first.toString(16)} ${code & 0xff}`;
}
