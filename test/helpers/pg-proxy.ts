import net from 'node:net';

/**
 * A TCP relay between Skillport nodes and PostgreSQL that a test can cut and restore: `cut()`
 * drops every connection through it and refuses new ones, as a stopped or restarting server
 * would, without touching the PostgreSQL server that other test runs share.
 */
export class PgProxy {
  private readonly sockets = new Set<net.Socket>();
  private server: net.Server | undefined;
  private port = 0;

  private constructor(private readonly target: { host: string; port: number }) {}

  static async start(databaseUrl: string): Promise<PgProxy> {
    const url = new URL(databaseUrl);
    const proxy = new PgProxy({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.listen();
    return proxy;
  }

  /** `databaseUrl` with its host and port replaced by this relay's. */
  url(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  get up(): boolean {
    return this.server !== undefined;
  }

  /** Drops every connection and refuses new ones (connection refused) until `restore()`. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  async restore(): Promise<void> {
    if (!this.server) await this.listen();
  }

  async close(): Promise<void> {
    await this.cut();
  }

  private async listen(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // The same port again after a cut, so the nodes' database URL stays valid.
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }
}
