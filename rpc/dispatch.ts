/**
 * JSON-RPC 2.0 over any transport: parses a payload, validates each request, decodes params with
 * the method's codecs, runs the handler and encodes its result. HTTP and WebSocket share it, so
 * both answer the same way. Batches run in order, one call after another, as geth runs them: a
 * batch of [send, mine, getReceipt] must see each call's effects.
 */
import { JsonChunks } from '../node/json-chunks.ts';
import { CodecError } from './codecs.ts';
import { ErrorCode, RpcError, invalidParams, methodNotFound, toRpcError } from './errors.ts';
import type { Json } from './format.ts';
import type { CallContext, Method } from './method.ts';

type Id = string | number | null;

export type Response =
  | { jsonrpc: '2.0'; id: Id; result: Json }
  | { jsonrpc: '2.0'; id: Id; error: { code: number; message: string; data?: string } };

export interface DispatcherOptions {
  /** geth's default: a batch of more calls than this is refused whole. */
  readonly maxBatch?: number;
  /**
   * geth's BatchResponseMaxSize: once a batch's answers pass this many bytes, its remaining calls
   * are not run and are answered "response too large" (-32003), as geth does.
   */
  readonly maxBatchResponseBytes?: number;
  /** Nesting of arrays and objects beyond this is refused before parsing (Go's encoding/json limit). */
  readonly maxDepth?: number;
  /** Errors the mapping does not know, with their stacks, for the node operator (never the client). */
  readonly logInternalError?: (method: string, error: unknown) => void;
}

export const DEFAULT_MAX_BATCH = 1000;
export const DEFAULT_MAX_BATCH_RESPONSE_BYTES = 25 * 1000 * 1000;
export const DEFAULT_MAX_DEPTH = 10_000;
/** geth's errcodeResponseTooLarge. */
const RESPONSE_TOO_LARGE = -32003;

/**
 * Whether arrays and objects nest deeper than `max`, found in one pass that skips string contents
 * natively (a 16 MiB hex string costs one indexOf). JSON.parse takes tens of seconds on millions
 * of nested brackets, blocking every other client; this refuses them in milliseconds.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    } else if (c === 0x22) {
      // To the closing quote: one not preceded by an odd number of backslashes.
      for (;;) {
        const close = text.indexOf('"', i + 1);
        if (close < 0) return false; // unterminated: JSON.parse reports it
        let slashes = 0;
        while (text.charCodeAt(close - 1 - slashes) === 0x5c) slashes++;
        i = close;
        if (slashes % 2 === 0) break;
      }
    }
  }
  return false;
}
function errorResponse(id: Id, error: RpcError): Response {
  return { jsonrpc: '2.0', id, error: error.toJSON() };
}

function isId(value: unknown): value is Id {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

export class Dispatcher {
  private readonly table: ReadonlyMap<string, Method>;
  private readonly maxBatch: number;
  private readonly maxBatchResponseBytes: number;
  private readonly maxDepth: number;
  private readonly logInternalError?: (method: string, error: unknown) => void;

  constructor(table: ReadonlyMap<string, Method>, options: DispatcherOptions = {}) {
    this.table = table;
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.maxBatchResponseBytes = options.maxBatchResponseBytes ?? DEFAULT_MAX_BATCH_RESPONSE_BYTES;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.logInternalError = options.logInternalError;
  }

  /** The response text for a request text, or undefined when nothing is owed (only notifications). */
  async handleText(text: string, ctx: CallContext): Promise<string | undefined> {
    const parsed = this.parse(text);
    if ('error' in parsed) return JSON.stringify(parsed.error);
    const response = await this.handlePayload(parsed.payload, ctx);
    return response === undefined ? undefined : JSON.stringify(response);
  }

  /** The request's JSON, or the parse error to answer: nesting is checked first, since JSON.parse of millions of brackets blocks for seconds. */
  private parse(text: string): { payload: unknown } | { error: Response } {
    if (nestsDeeperThan(text, this.maxDepth)) {
      return { error: errorResponse(null, new RpcError(ErrorCode.parseError, `exceeded max depth: more than ${this.maxDepth} nested arrays or objects`)) };
    }
    try {
      return { payload: JSON.parse(text) };
    } catch {
      return { error: errorResponse(null, new RpcError(ErrorCode.parseError, 'parse error')) };
    }
  }

  /**
   * As handleText, but a single response whose result is a JsonChunks comes as pieces of text, so
   * the transport can write a result larger than any string.
   */
  async handleTextStreamed(text: string, ctx: CallContext): Promise<string | Iterable<string> | undefined> {
    const parsed = this.parse(text);
    if ('error' in parsed) return JSON.stringify(parsed.error);
    const response = await this.handlePayload(parsed.payload, ctx);
    if (response === undefined) return undefined;
    if (Array.isArray(response) || !('result' in response) || !(response.result instanceof JsonChunks)) return JSON.stringify(response);
    const { id, result } = response;
    return (function* () {
      yield `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":`;
      yield* result.chunks();
      yield '}';
    })();
  }

  async handlePayload(payload: unknown, ctx: CallContext): Promise<Response | Response[] | undefined> {
    if (!Array.isArray(payload)) return this.handleRequest(payload, ctx);
    if (payload.length === 0) return errorResponse(null, new RpcError(ErrorCode.invalidRequest, 'empty batch'));
    if (payload.length > this.maxBatch) return errorResponse(null, new RpcError(ErrorCode.invalidRequest, 'batch too large'));
    const responses: Response[] = [];
    let bytes = 0;
    for (const [i, request] of payload.entries()) {
      if (bytes > this.maxBatchResponseBytes) {
        // As geth: the calls not yet run are answered with the error (notifications are owed nothing).
        for (const rest of payload.slice(i)) {
          const id = rest !== null && typeof rest === 'object' && 'id' in rest ? (rest as { id: unknown }).id : undefined;
          if (id !== undefined) responses.push(errorResponse(isId(id) ? id : null, new RpcError(RESPONSE_TOO_LARGE, 'response too large')));
        }
        break;
      }
      const response = await this.handleRequest(request, ctx);
      if (response) {
        responses.push(response);
        if ('result' in response) bytes += JSON.stringify(response.result)?.length ?? 0;
      }
    }
    // A batch of notifications only is owed nothing (JSON-RPC 2.0, section 6).
    return responses.length > 0 ? responses : undefined;
  }

  private async handleRequest(request: unknown, ctx: CallContext): Promise<Response | undefined> {
    if (request === null || typeof request !== 'object' || Array.isArray(request)) {
      return errorResponse(null, new RpcError(ErrorCode.invalidRequest, 'invalid request'));
    }
    const { jsonrpc, method: name, params, id } = request as Record<string, unknown>;
    const isNotification = !('id' in request);
    if (!isNotification && !isId(id)) return errorResponse(null, new RpcError(ErrorCode.invalidRequest, 'invalid request: id must be a string, a number or null'));
    const replyId = isNotification ? null : (id as Id);
    if (jsonrpc !== '2.0' || typeof name !== 'string') {
      return errorResponse(replyId, new RpcError(ErrorCode.invalidRequest, 'invalid request'));
    }
    try {
      const result = await this.call(name, params, ctx);
      return isNotification ? undefined : { jsonrpc: '2.0', id: replyId, result };
    } catch (e) {
      const error = toRpcError(e, (internal) => this.logInternalError?.(name, internal));
      return isNotification ? undefined : errorResponse(replyId, error);
    }
  }

  private async call(name: string, rawParams: unknown, ctx: CallContext): Promise<Json> {
    const method = this.table.get(name);
    if (!method) throw methodNotFound(name);
    const args = this.decodeParams(method, rawParams);
    const value = await (method.handler as (ctx: CallContext, ...params: unknown[]) => unknown)(ctx, ...args);
    return (method.result as (value: unknown) => Json)(value);
  }

  private decodeParams(method: Method, rawParams: unknown): unknown[] {
    if (rawParams !== undefined && rawParams !== null && !Array.isArray(rawParams)) {
      throw new RpcError(ErrorCode.invalidParams, 'non-array args');
    }
    const raw = (rawParams ?? []) as unknown[];
    if (raw.length > method.params.length) {
      throw new RpcError(ErrorCode.invalidParams, `too many arguments, want at most ${method.params.length}`);
    }
    return method.params.map((p, i) => {
      const value = raw[i];
      if (value === undefined || (value === null && p.optional)) {
        if (!p.optional) throw new RpcError(ErrorCode.invalidParams, `missing value for required argument ${i} (${p.name})`);
        return p.fallback;
      }
      try {
        return p.decode(value);
      } catch (e) {
        if (e instanceof CodecError) throw invalidParams(i, p.name, e);
        throw e;
      }
    });
  }
}
