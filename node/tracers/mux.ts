/**
 * geth's muxTracer: several tracers on one run. The config maps tracer names to their configs, the
 * result maps the same names to their results.
 */
import { combineTracers } from '../../evm-compat/tracing.ts';
import type { JsonObject, TraceContext, Tracer, TracerFactory, TxEnd, TxStart } from './types.ts';

export class MuxTracer implements Tracer {
  private readonly tracers: Array<[string, Tracer]>;
  readonly hooks;

  constructor(tracers: Array<[string, Tracer]>) {
    this.tracers = tracers;
    this.hooks = combineTracers(tracers.map(([, t]) => t.hooks));
  }

  async txStart(tx: TxStart): Promise<void> {
    for (const [, t] of this.tracers) await t.txStart?.(tx);
  }

  async txEnd(end: TxEnd): Promise<void> {
    for (const [, t] of this.tracers) await t.txEnd?.(end);
  }

  result(): JsonObject {
    return Object.fromEntries(this.tracers.map(([name, t]) => [name, t.result()]));
  }
}

/** Built by the registry, which knows the other tracers' factories. */
export function muxTracerWith(create: (name: string, config: Record<string, unknown>, ctx: TraceContext) => Tracer): TracerFactory {
  return (config, ctx) => new MuxTracer(Object.entries(config).map(([name, sub]) => {
    const subConfig = sub === null || sub === undefined ? {} : sub as Record<string, unknown>;
    return [name, create(name, subConfig, ctx)];
  }));
}
