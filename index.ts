/**
 * ewasm-devnet as a library: run the chain inside a test suite, in process, on a free port.
 *
 *   import { createDevnet } from 'ewasm-devnet';
 *   const devnet = await createDevnet();
 *   const provider = devnet.provider;            // EIP-1193: await provider.request({ method, params })
 *   new ethers.JsonRpcProvider(devnet.url);       // or any client over HTTP / WebSocket (devnet.wsUrl)
 *   await devnet.close();
 */
import { Devnet, type DevnetOptions } from './node/devnet.ts';
import { startRpcServer, type RpcServer } from './rpc/server.ts';
import { RpcError } from './rpc/errors.ts';
import { JsonChunks } from './node/json-chunks.ts';

export { Devnet, type DevnetOptions } from './node/devnet.ts';
export type { ChainNode } from './node/api.ts';
export { WasmEngine, MemoryHost, ValidationError, type EngineConfig } from './vm/index.ts';
export { makeDeployer } from './scripts/lib/deployer.ts';

/** What `request` throws (an EIP-1193 ProviderRpcError): the JSON-RPC code, message and revert data. */
export { RpcError as ProviderRpcError } from './rpc/errors.ts';

export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] | Record<string, unknown> }): Promise<unknown>;
}

export interface DevnetHandle {
  readonly url: string;
  readonly wsUrl: string;
  readonly provider: Eip1193Provider;
  readonly devnet: Devnet;
  close(): Promise<void>;
}

export interface CreateDevnetOptions extends DevnetOptions {
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Host header names served besides localhost, 127.0.0.1 and [::1]; ['*'] for any (the CLI's --allow-hosts). */
  readonly allowHosts?: readonly string[];
  /** Origins whose pages may call the node; ['*'], the default, for any (the CLI's --allow-origin). */
  readonly allowOrigins?: readonly string[];
}

export async function createDevnet(options: CreateDevnetOptions = {}): Promise<DevnetHandle> {
  const devnet = await Devnet.create(options);
  let server: RpcServer;
  try {
    server = await startRpcServer(devnet, {
      host: options.host, port: options.port ?? 0, log: options.log, allowHosts: options.allowHosts, allowOrigins: options.allowOrigins,
    });
  } catch (e) {
    await devnet.close();
    throw e;
  }
  let id = 0;
  const provider: Eip1193Provider = {
    async request({ method, params }) {
      const response = await server.dispatch({ jsonrpc: '2.0', id: ++id, method, params: params ?? [] });
      if (!response || Array.isArray(response)) throw new RpcError(-32603, 'no response');
      if ('error' in response) throw new RpcError(response.error.code, response.error.message, response.error.data);
      // A streamed result (a large trace) is a value here: the caller holds it in memory anyway.
      return response.result instanceof JsonChunks ? response.result.toJSON() : response.result;
    },
  };
  return {
    url: server.url,
    wsUrl: server.wsUrl,
    provider,
    devnet,
    async close() {
      await server.close();
      await devnet.close();
    },
  };
}
