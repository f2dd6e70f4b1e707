/** geth's noopTracer: runs the transaction with tracing on and reports nothing (`{}`), for measuring tracing's cost. */
import type { JsonObject, Tracer, TracerFactory } from './types.ts';

export class NoopTracer implements Tracer {
  readonly hooks = {};
  result(): JsonObject {
    return {};
  }
}

export const noopTracer: TracerFactory = () => new NoopTracer();
