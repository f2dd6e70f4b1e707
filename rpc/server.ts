/**
 * The JSON-RPC server: HTTP and WebSocket on one port, one method table, one dispatcher.
 *
 * Our own small dispatcher on node:http rather than jayson: the method table already does what
 * jayson's method objects would (decoding, errors), jayson's batch and error handling would have
 * to be overridden to give geth's codes and messages, and the parts jayson does not cover (body
 * limit with 413, CORS preflight, WebSocket on the same port, subscriptions) are ours either way.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Block } from '@ethereumjs/block';
import { WebSocketServer, WebSocket } from 'ws';
import type { ChainNode, DebugOutput, LogView } from '../node/api.ts';
import { Dispatcher, type Response } from './dispatch.ts';
import { ErrorCode } from './errors.ts';
import { FILTER_TIMEOUT_MS, FilterRegistry } from './filters.ts';
import type { Method } from './method.ts';
import { AccessPolicy, exposureWarning, isLoopback } from './access.ts';
import { defaultMethodTable } from './methods/index.ts';
import { WebSocketSession } from './subscriptions.ts';

export interface RpcServerOptions {
  /** Loopback by default: a devnet's accounts are unlocked, so it must not be reachable from the network unless asked. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /**
   * The largest HTTP body or WebSocket message. 16 MiB rather than geth's 5: a Wasm deploy
   * transaction may carry 2 MiB of init code, 4 MiB once hex-encoded, and anvil_loadState dumps
   * are larger still.
   */
  readonly maxBodyBytes?: number;
  /** Calls per batch (geth: 1,000) and bytes of a batch's answers before the rest fail (geth: 25 MB). */
  readonly maxBatch?: number;
  readonly maxBatchResponseBytes?: number;
  /** Answer browsers' CORS preflights (a dapp served from another port); false sends no CORS headers. */
  readonly cors?: boolean;
  /** Origins whose pages may call the node (Anvil's --allow-origin); ['*'], the default, is any. */
  readonly allowOrigins?: readonly string[];
  /** Host header names served besides localhost, 127.0.0.1 and [::1] (--allow-hosts); '*' is any. */
  readonly allowHosts?: readonly string[];
  readonly filterTimeoutMs?: number;
  /** The clock filter ages are measured by (tests pass their own); Date.now unless given. */
  readonly filterClock?: () => number;
  /** Polled filters node-wide, and subscriptions per WebSocket connection. */
  readonly maxFilters?: number;
  readonly maxSubscriptionsPerConnection?: number;
  /**
   * A WebSocket client with more than this many bytes sent to it and not yet read is not reading:
   * it is disconnected rather than buffered for without bound. One message larger than this is
   * still sent when the client has caught up.
   */
  readonly maxWsBufferedBytes?: number;
  /** WebSocket ping interval; a client that has not answered the previous ping is disconnected. */
  readonly wsHeartbeatMs?: number;
  /** HTTP: time to send the headers, the whole request, and how long an idle keep-alive connection stays open. */
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly keepAliveTimeoutMs?: number;
  /** The method table; the full one unless a caller needs another. */
  readonly methods?: ReadonlyMap<string, Method>;
  /** Where internal errors (with stacks) are reported; stderr unless given. */
  readonly log?: (line: string) => void;
}

export interface RpcServer {
  readonly url: string;
  readonly wsUrl: string;
  readonly port: number;
  /** Answers a JSON-RPC payload in process, with the same methods and filters as HTTP. */
  dispatch(payload: unknown): Promise<Response | Response[] | undefined>;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_WS_BUFFERED_BYTES = 32 * 1024 * 1024;
export const DEFAULT_WS_HEARTBEAT_MS = 30_000;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5_000;

const CORS_HEADERS = {
  'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
  'Access-Control-Max-Age': '86400',
};

function errorBody(code: number, message: string): string {
  return JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } });
}

/** Reads a request body, or undefined when it exceeds the limit (the 413 has then been sent). */
function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<string | undefined> {
  const tooLarge = () => {
    res.writeHead(413, { 'Content-Type': 'application/json', Connection: 'close' });
    res.end(errorBody(ErrorCode.invalidRequest, `request body too large: more than ${limit} bytes`));
  };
  // A declared length over the limit is refused before reading anything.
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    tooLarge();
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > limit) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge();
        resolve(undefined);
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => size <= limit && resolve(Buffer.concat(chunks).toString('utf8')));
    // A client that goes away mid-body is owed nothing, and it is not the server's failure.
    req.on('error', () => {
      res.destroy();
      resolve(undefined);
    });
  });
}

/** A large result piece by piece (chunked transfer encoding), waiting for the socket to drain. */
async function writeChunks(res: ServerResponse, chunks: Iterable<string>): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  for (const chunk of chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  res.end();
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::';

/** A host to put in a URL: wildcard binds are reached through loopback, IPv6 literals go in brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startRpcServer(node: ChainNode, options: RpcServerOptions = {}): Promise<RpcServer> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const cors = options.cors ?? true;
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const filters = new FilterRegistry(options.filterTimeoutMs ?? FILTER_TIMEOUT_MS, options.filterClock, options.maxFilters);
  const maxWsBufferedBytes = options.maxWsBufferedBytes ?? DEFAULT_MAX_WS_BUFFERED_BYTES;
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const dispatcher = new Dispatcher(options.methods ?? defaultMethodTable(), {
    maxBatch: options.maxBatch,
    maxBatchResponseBytes: options.maxBatchResponseBytes,
    logInternalError: (method, error) => log(`rpc: internal error in ${method}: ${error instanceof Error ? error.stack : String(error)}`),
  });
  const sessions = new Set<WebSocketSession>();
  const access = new AccessPolicy([...(options.allowHosts ?? []), ...(isLoopback(host) || isWildcard(host) ? [] : [urlHost(host)])], options.allowOrigins);

  // Slow or silent connections (slowloris, peers gone without a FIN) are closed, not kept forever.
  const server = createServer({
    headersTimeout: headersTimeout,
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    // How often Node checks the two timeouts above (30 s by default would let them run late).
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(headersTimeout / 2))),
  }, (req, res) => {
    const refused = access.refuseHost(req.headers.host) ?? access.refuseOrigin(req.headers.origin);
    if (refused) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end(`${refused}\n`);
      req.resume();
      return;
    }
    const allowOrigin = access.corsOrigin(req.headers.origin);
    if (cors && allowOrigin) {
      res.setHeader('Access-Control-Allow-Origin', allowOrigin);
      if (allowOrigin !== '*') res.setHeader('Vary', 'Origin');
      for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
    }
    if (req.method === 'OPTIONS') {
      if (cors) res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? 'Content-Type');
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST, OPTIONS', 'Content-Type': 'application/json' });
      res.end(errorBody(ErrorCode.invalidRequest, 'JSON-RPC requests are POSTed, or sent over a WebSocket'));
      return;
    }
    readBody(req, res, maxBodyBytes)
      .then(async (body) => {
        if (body === undefined) return;
        const response = await dispatcher.handleTextStreamed(body, { node, filters });
        // Only notifications: JSON-RPC owes no response, HTTP needs a status.
        if (response === undefined) res.writeHead(204).end();
        else if (typeof response === 'string') res.writeHead(200, { 'Content-Type': 'application/json' }).end(response);
        else await writeChunks(res, response);
      })
      .catch((error: unknown) => {
        log(`rpc: HTTP request failed: ${error instanceof Error ? error.stack : String(error)}`);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' }).end(errorBody(ErrorCode.internal, 'internal error'));
        else res.destroy();
      });
  });

  // Messages over maxPayload close that connection with 1009; other connections carry on.
  const wss = new WebSocketServer({
    server, maxPayload: maxBodyBytes,
    // The same Host and Origin rules as HTTP: a rebinding page could otherwise open a WebSocket.
    verifyClient: ({ req }, done) => {
      const refused = access.refuseHost(req.headers.host) ?? access.refuseOrigin(req.headers.origin);
      if (refused) done(false, 403, refused);
      else done(true);
    },
  });
  // ws re-emits the HTTP server's errors; listen() below reports those, so they must not go unhandled here.
  wss.on('error', () => undefined);
  const alive = new WeakSet<WebSocket>();
  wss.on('connection', (socket: WebSocket) => {
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
    const send = (message: string) => {
      if (socket.readyState !== WebSocket.OPEN) return;
      // Backpressure: a client this far behind stopped reading; holding more for it would grow without bound.
      if (socket.bufferedAmount > maxWsBufferedBytes) {
        log(`rpc: WebSocket client disconnected: more than ${maxWsBufferedBytes} bytes sent and not read`);
        socket.terminate();
        return;
      }
      socket.send(message);
    };
    const session = new WebSocketSession(node, send, options.maxSubscriptionsPerConnection);
    sessions.add(session);
    socket.on('message', (message) => {
      dispatcher.handleText(message.toString(), { node, filters, session }).then(
        (response) => response !== undefined && send(response),
        (error: unknown) => log(`rpc: WebSocket message failed: ${error instanceof Error ? error.stack : String(error)}`),
      );
    });
    socket.on('close', () => {
      session.close();
      sessions.delete(session);
    });
    socket.on('error', () => socket.terminate());
  });

  // Heartbeat: a half-open connection (peer gone without a close) never answers a ping.
  const heartbeat = setInterval(() => {
    for (const client of wss.clients) {
      if (!alive.has(client)) {
        client.terminate();
        continue;
      }
      alive.delete(client);
      client.ping();
    }
  }, options.wsHeartbeatMs ?? DEFAULT_WS_HEARTBEAT_MS);
  heartbeat.unref();

  // One listener per event for the whole server; a failure while fanning out must not reach the node's emitter.
  const guarded = <A extends unknown[]>(what: string, fanOut: (...args: A) => void) => (...args: A) => {
    try {
      fanOut(...args);
    } catch (error) {
      log(`rpc: ${what} listener failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  };
  const onNewHead = guarded('newHead', (block: Block) => {
    filters.onNewHead(block);
    for (const s of sessions) s.onNewHead(block);
  });
  const onLogs = guarded('logs', (logs: LogView[]) => {
    filters.onLogs(logs);
    for (const s of sessions) s.onLogs(logs);
  });
  const onPendingTransaction = guarded('pendingTransaction', (hash: Uint8Array) => {
    filters.onPendingTransaction(hash);
    for (const s of sessions) s.onPendingTransaction(hash);
  });
  const onDebugLogs = guarded('debugLogs', (output: DebugOutput) => {
    for (const s of sessions) s.onDebugLogs(output);
  });
  node.on('newHead', onNewHead);
  node.on('logs', onLogs);
  node.on('pendingTransaction', onPendingTransaction);
  node.on('debugLogs', onDebugLogs);

  let port: number;
  try {
    port = await listen(server, options.port ?? 0, host);
  } catch (error) {
    node.off('newHead', onNewHead);
    node.off('logs', onLogs);
    node.off('pendingTransaction', onPendingTransaction);
    node.off('debugLogs', onDebugLogs);
    filters.close();
    clearInterval(heartbeat);
    wss.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  const close = () => (closing ??= (async () => {
    node.off('newHead', onNewHead);
    node.off('logs', onLogs);
    node.off('pendingTransaction', onPendingTransaction);
    node.off('debugLogs', onDebugLogs);
    filters.close();
    clearInterval(heartbeat);
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    const closed = new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    server.closeAllConnections();
    await closed;
  })());

  const warning = exposureWarning(host);
  if (warning) log(warning);
  const authority = `${urlHost(host)}:${port}`;
  const dispatch = (payload: unknown) => dispatcher.handlePayload(payload, { node, filters });
  return { url: `http://${authority}`, wsUrl: `ws://${authority}`, port, dispatch, close };
}
