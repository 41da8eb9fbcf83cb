import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that reached the capture server. */
export interface CapturedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** A server on another origin than any simulator: where a redirect points, to see what would follow it. */
export interface CaptureServer {
  readonly url: string;
  readonly received: CapturedRequest[];
  close(): Promise<void>;
}

/**
 * Starts a loopback server (its own port, so its own origin) that records
 * every request with its headers and answers an empty SoftwareOne-style
 * collection, `{"data":[]}`.
 */
export async function startCaptureServer(): Promise<CaptureServer> {
  const received: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    received.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: { ...req.headers } });
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"data":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
