import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Notification, Result } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';

export interface BridgeOptions {
  /** The Skillport server: its base URL, or the full URL of its /mcp endpoint. */
  server: string;
  /** Sent as a bearer token: an API key (`sk_...`) or an OIDC token. */
  key?: string;
  version: string;
  /** Where the bridge says what it is doing; never stdout, which carries the protocol. */
  log: (line: string) => void;
}

/** Whatever the remote answers is passed through unchanged. */
const AnyResult = z.looseObject({});

export function mcpEndpoint(server: string): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new Error(`--server must be a URL such as http://127.0.0.1:8080, not ${JSON.stringify(server)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--server must be an http(s) URL, not ${JSON.stringify(server)}`);
  if (!url.pathname.replace(/\/+$/, '').endsWith('/mcp')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/mcp`;
  return url;
}

/**
 * One MCP session with the remote Skillport, opened again (once per request) when the remote
 * has closed it, for example after it expired while the desktop client sat idle.
 */
class RemoteSession {
  private client: Client | null = null;
  private opening: Promise<Client> | null = null;
  onNotification: (notification: Notification) => void = () => {};

  constructor(private readonly options: BridgeOptions) {}

  async open(): Promise<Client> {
    if (this.client) return this.client;
    this.opening ??= (async () => {
      const client = new Client({ name: 'skillport-mcp-bridge', version: this.options.version });
      const headers: Record<string, string> = this.options.key ? { authorization: `Bearer ${this.options.key}` } : {};
      client.fallbackNotificationHandler = async (notification) => this.onNotification(notification);
      client.onerror = (err) => this.options.log(`remote: ${err.message}`);
      try {
        await client.connect(new StreamableHTTPClientTransport(mcpEndpoint(this.options.server), { requestInit: { headers } }));
      } finally {
        this.opening = null;
      }
      this.client = client;
      return client;
    })();
    return this.opening;
  }

  async request(method: string, params: unknown, signal: AbortSignal): Promise<Result> {
    const send = async () => (await this.open()).request({ method, params: params as Record<string, unknown> | undefined }, AnyResult, { signal });
    try {
      return await send();
    } catch (err) {
      if (!(err instanceof StreamableHTTPError && err.code === 404)) throw err;
      this.options.log('remote session ended; opening a new one');
      await this.reset();
      return send();
    }
  }

  async notify(notification: Notification): Promise<void> {
    await (await this.open()).notification(notification);
  }

  async reset(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.close().catch(() => {});
  }
}

/**
 * An MCP server on a local transport (stdio) that forwards everything to a remote Skillport:
 * requests and their answers (errors included), and notifications both ways. It announces the
 * remote's capabilities, extensions and instructions as its own, so a desktop client that only
 * launches local processes sees exactly what the remote serves to this key.
 */
export async function runBridge(options: BridgeOptions, local: Transport): Promise<{ close(): Promise<void> }> {
  const remote = new RemoteSession(options);
  const first = await remote.open();
  const server = new Server(first.getServerVersion() ?? { name: 'skillport', version: options.version }, {
    capabilities: first.getServerCapabilities() ?? {},
    instructions: first.getInstructions(),
  });
  server.fallbackRequestHandler = async (request, extra) => remote.request(request.method, request.params, extra.signal);
  server.fallbackNotificationHandler = async (notification) => {
    await remote.notify(notification).catch((err: Error) => options.log(`could not forward ${notification.method}: ${err.message}`));
  };
  remote.onNotification = (notification) => {
    server.notification(notification).catch((err: Error) => options.log(`could not forward ${notification.method}: ${err.message}`));
  };
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await remote.reset();
    await server.close().catch(() => {});
  };
  server.onclose = () => void close();
  await server.connect(local);
  options.log(`forwarding MCP on stdio to ${mcpEndpoint(options.server).href}`);
  return { close };
}
