/** The tracers debug_trace* accept, by geth's names; the default (no name) is the struct logger. */
import { callTracer } from './call.ts';
import { fourByteTracer } from './four-byte.ts';
import { muxTracerWith } from './mux.ts';
import { noopTracer } from './noop.ts';
import { prestateTracer } from './prestate.ts';
import { structLogger } from './struct-logger.ts';
import { TracerConfigError, type TraceContext, type Tracer, type TracerFactory } from './types.ts';

const TRACERS = new Map<string, TracerFactory>([
  ['callTracer', callTracer],
  ['prestateTracer', prestateTracer],
  ['4byteTracer', fourByteTracer],
  ['noopTracer', noopTracer],
]);
TRACERS.set('muxTracer', muxTracerWith((name, config, ctx) => createTracer(name, config, ctx)));

/** The options object of debug_traceTransaction and friends, as geth reads it. */
export interface TraceOptions {
  readonly tracer?: string;
  readonly tracerConfig?: Record<string, unknown>;
  readonly disableStorage?: boolean;
  readonly disableStack?: boolean;
  readonly enableMemory?: boolean;
  readonly enableReturnData?: boolean;
  readonly limit?: number;
}

export function createTracer(name: string | undefined, config: Record<string, unknown>, ctx: TraceContext): Tracer {
  if (name === undefined || name === '' || name === 'structLogger') return structLogger(config, ctx);
  const factory = TRACERS.get(name);
  if (!factory) throw new TracerConfigError(`tracer ${JSON.stringify(name)} is not supported; available: structLogger (default), ${[...TRACERS.keys()].join(', ')}`);
  return factory(config, ctx);
}

/** The tracer an options object asks for: a named tracer takes tracerConfig, the struct logger the top-level options. */
export function tracerFor(options: TraceOptions, ctx: TraceContext): Tracer {
  const named = options.tracer !== undefined && options.tracer !== '' && options.tracer !== 'structLogger';
  return createTracer(options.tracer, named ? options.tracerConfig ?? {} : { ...options }, ctx);
}

export { TracerConfigError, type Json, type JsonObject, type Tracer } from './types.ts';
