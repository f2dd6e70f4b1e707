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
  /** Errors the mapping does not know, with their stacks, for the node operator (never the client). */
  readonly logInternalError?: (method: string, error: unknown) => void;
}

const DEFAULT_MAX_BATCH = 1000;

function errorResponse(id: Id, error: RpcError): Response {
  return { jsonrpc: '2.0', id, error: error.toJSON() };
}

function isId(value: unknown): value is Id {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

export class Dispatcher {
  private readonly table: ReadonlyMap<string, Method>;
  private readonly maxBatch: number;
  private readonly logInternalError?: (method: string, error: unknown) => void;

  constructor(table: ReadonlyMap<string, Method>, options: DispatcherOptions = {}) {
    this.table = table;
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.logInternalError = options.logInternalError;
  }

  /** The response text for a request text, or undefined when nothing is owed (only notifications). */
  async handleText(text: string, ctx: CallContext): Promise<string | undefined> {
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      return JSON.stringify(errorResponse(null, new RpcError(ErrorCode.parseError, 'parse error')));
    }
    const response = await this.handlePayload(payload, ctx);
    return response === undefined ? undefined : JSON.stringify(response);
  }

  /**
   * As handleText, but a single response whose result is a JsonChunks comes as pieces of text, so
   * the transport can write a result larger than any string.
   */
  async handleTextStreamed(text: string, ctx: CallContext): Promise<string | Iterable<string> | undefined> {
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      return JSON.stringify(errorResponse(null, new RpcError(ErrorCode.parseError, 'parse error')));
    }
    const response = await this.handlePayload(payload, ctx);
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
    for (const request of payload) {
      const response = await this.handleRequest(request, ctx);
      if (response) responses.push(response);
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
