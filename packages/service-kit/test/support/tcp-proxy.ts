import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of a real server (Redis) that we can cut, as a network failure would, and
 * restore. The URL keeps the target's scheme.
 */
export async function tcpProxy(targetUrl: string): Promise<{
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
}> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = async (port: number) => {
    server = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      client.on("error", () => undefined);
      upstream.on("error", () => undefined);
    });
    await new Promise<void>((r) => server?.listen(port, "127.0.0.1", r));
    return (server.address() as { port: number }).port;
  };
  const port = await listen(0);
  return {
    url: `${target.protocol}//127.0.0.1:${port}`,
    cut: async () => {
      await new Promise<void>((r) => {
        server?.close(() => r());
        for (const s of sockets) s.destroy();
        sockets.clear();
      });
    },
    restore: async () => {
      await listen(port);
    },
  };
}
