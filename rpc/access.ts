/**
 * Who may talk to the node. Its dev accounts are unlocked, so a web page must not be able to use
 * them: DNS rebinding (evil.example resolving to 127.0.0.1) is stopped by checking the Host
 * header, as geth's --http.vhosts does; cross-origin pages by the CORS allow-list (open by
 * default, as Anvil's --allow-origin, since local dapps are served from other ports).
 */

/** The Host names allowed by default, with any port: loopback only. */
export const DEFAULT_ALLOWED_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** A Host header's name without its port, lowercased: "[::1]:8545" → "[::1]", "LocalHost:1" → "localhost". */
export function hostName(header: string): string {
  const host = header.trim().toLowerCase();
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    return close < 0 ? host : host.slice(0, close + 1);
  }
  const colon = host.indexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

/** Whether an interface address is loopback (127.0.0.0/8, ::1, localhost): only this machine can connect. */
export function isLoopback(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name) || /^::ffff:127(\.\d{1,3}){3}$/.test(name);
}

/** The warning printed when the node listens beyond loopback, or undefined on loopback. */
export function exposureWarning(host: string): string | undefined {
  if (isLoopback(host)) return undefined;
  return `WARNING: listening on ${host}, not loopback: anyone who can reach this address can spend the unlocked dev accounts' ether ` +
    'and change the chain. Bind 127.0.0.1 (the default) unless the network is yours.';
}

export class AccessPolicy {
  private readonly hosts: ReadonlySet<string> | 'any';
  private readonly origins: ReadonlySet<string> | 'any';

  /**
   * `allowHosts`: Host names (no port) besides loopback's, or '*' for any. `allowOrigins`: the
   * origins CORS lets read answers, or '*' (the default) for any.
   */
  constructor(allowHosts: readonly string[] = [], allowOrigins: readonly string[] = ['*']) {
    this.hosts = allowHosts.includes('*') ? 'any' : new Set([...DEFAULT_ALLOWED_HOSTS, ...allowHosts.map(hostName)]);
    this.origins = allowOrigins.includes('*') ? 'any' : new Set(allowOrigins.map((o) => o.trim().replace(/\/+$/, '').toLowerCase()));
  }

  /** Why a request with this Host header is refused, or undefined when it is allowed. */
  refuseHost(header: string | undefined): string | undefined {
    if (this.hosts === 'any') return undefined;
    if (header === undefined || header === '') return 'invalid host specified: the request has no Host header';
    const name = hostName(header);
    if (this.hosts.has(name)) return undefined;
    return `invalid host specified: "${name}" is not an allowed host (only ${[...this.hosts].join(', ')}); ` +
      `to serve it, start the node with --allow-hosts ${name}`;
  }

  /** What Access-Control-Allow-Origin answers this Origin with, or undefined for none. */
  corsOrigin(origin: string | undefined): string | undefined {
    if (this.origins === 'any') return '*';
    return origin !== undefined && this.origins.has(origin.toLowerCase()) ? origin : undefined;
  }

  /**
   * Why a request from this Origin is refused, or undefined. With an allow-list, a page not on it
   * is refused outright: a simple POST (text/plain) runs even when CORS hides its answer.
   */
  refuseOrigin(origin: string | undefined): string | undefined {
    if (this.origins === 'any' || origin === undefined || this.origins.has(origin.toLowerCase())) return undefined;
    return `origin ${origin} is not allowed; start the node with --allow-origin ${origin} to allow it`;
  }
}
