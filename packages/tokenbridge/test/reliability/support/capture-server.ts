import { type HostileRequest, type HostileServer, startHostileServer } from './hostile-server';

/** One request that reached the capture server. */
export type CapturedRequest = HostileRequest;

/** A server on another origin than any simulator: where a redirect points, to see what would follow it. */
export type CaptureServer = Pick<HostileServer, 'url' | 'received' | 'close'>;

/**
 * Starts a loopback server (its own port, so its own origin) that records
 * every request with its headers and answers an empty SoftwareOne-style
 * collection, `{"data":[]}`.
 */
export async function startCaptureServer(): Promise<CaptureServer> {
  const server = await startHostileServer();
  server.answer({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"data":[]}' });
  return server;
}
