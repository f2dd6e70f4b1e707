/**
 * geth's 4byteTracer (eth/tracers/native/4byte.go): how often each function selector was called,
 * keyed `0x<selector>-<calldata size after it>`. Creates and precompiles are left out, as geth does.
 */
import { bytesToHex } from '@ethereumjs/util';
import type { FrameStart } from '../../evm-compat/tracing.ts';
import type { JsonObject, TraceContext, Tracer, TracerFactory } from './types.ts';

export class FourByteTracer implements Tracer {
  private readonly counts = new Map<string, number>();
  readonly hooks;

  constructor(ctx: TraceContext) {
    this.hooks = {
      enter: (f: FrameStart) => {
        if (f.type === 'CREATE' || f.type === 'CREATE2' || f.input.length < 4) return;
        if (f.to !== undefined && ctx.isPrecompile(f.to)) return;
        const key = `${bytesToHex(f.input.subarray(0, 4))}-${f.input.length - 4}`;
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      },
    };
  }

  result(): JsonObject {
    return Object.fromEntries(this.counts);
  }
}

export const fourByteTracer: TracerFactory = (_config, ctx) => new FourByteTracer(ctx);
