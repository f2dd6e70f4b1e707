/**
 * The @ethereumjs DB interface on an abstract-level store (memory-level in memory, classic-level on
 * disk), so the state tries live in LevelDB. Keys and values are stored as bytes; string values
 * come back as strings when the caller asks for them.
 */
import type { AbstractLevel } from 'abstract-level';
import { bytesToUnprefixedHex, type BatchDBOp, type DB, type EncodingOpts } from '@ethereumjs/util';

type Level = AbstractLevel<string | Uint8Array, string | Uint8Array, string | Uint8Array>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function keyOf(key: Uint8Array | string): string {
  return key instanceof Uint8Array ? bytesToUnprefixedHex(key) : key;
}

function bytesOf(value: Uint8Array | string): Uint8Array {
  return value instanceof Uint8Array ? value : encoder.encode(value);
}

export class LevelDB implements DB<string | Uint8Array, string | Uint8Array> {
  readonly level: Level;

  constructor(level: Level) {
    this.level = level;
  }

  async get(key: string | Uint8Array, opts?: EncodingOpts): Promise<string | Uint8Array | undefined> {
    const value = await this.level.get(keyOf(key), { keyEncoding: 'utf8', valueEncoding: 'view' }) as Uint8Array | undefined;
    if (value === undefined) return undefined;
    return opts?.valueEncoding === 'string' ? decoder.decode(value) : value;
  }

  async put(key: string | Uint8Array, value: string | Uint8Array): Promise<void> {
    await this.level.put(keyOf(key), bytesOf(value), { keyEncoding: 'utf8', valueEncoding: 'view' });
  }

  async del(key: string | Uint8Array): Promise<void> {
    await this.level.del(keyOf(key), { keyEncoding: 'utf8' });
  }

  async batch(ops: BatchDBOp<string | Uint8Array, string | Uint8Array>[]): Promise<void> {
    await this.level.batch(ops.map((op) => op.type === 'put'
      ? { type: 'put' as const, key: keyOf(op.key), value: bytesOf(op.value), keyEncoding: 'utf8', valueEncoding: 'view' }
      : { type: 'del' as const, key: keyOf(op.key), keyEncoding: 'utf8' }));
  }

  shallowCopy(): LevelDB {
    return new LevelDB(this.level);
  }

  async open(): Promise<void> {
    await this.level.open();
  }
}
