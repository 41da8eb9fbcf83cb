import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the hostile server answers: a well-framed HTTP answer, or raw bytes on the socket (not HTTP at all). */
export type HostileAnswer =
  | { readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string | Uint8Array }
  | { readonly raw: Uint8Array };

/** One request the hostile server received. */
export interface HostileRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** A loopback server that answers every request as told, whatever a vendor would say. */
export interface HostileServer {
  readonly url: string;
  readonly received: HostileRequest[];
  /** Answers every request from now on with `answer` (or, given a function, with what it returns for the request). */
  answer(answer: HostileAnswer | ((request: HostileRequest) => HostileAnswer)): void;
  close(): Promise<void>;
}

/**
 * Starts a server on 127.0.0.1 (port 0) playing a vendor or a proxy nobody
 * here wrote: any status, any headers, any bytes, or not HTTP at all. Until
 * told otherwise it answers 500 with an empty body.
 */
export async function startHostileServer(): Promise<HostileServer> {
  const received: HostileRequest[] = [];
  let next: (request: HostileRequest) => HostileAnswer = () => ({ status: 500 });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const request = { method: req.method ?? 'GET', url: req.url ?? '/', headers: { ...req.headers } };
      received.push(request);
      const answer = next(request);
      if ('raw' in answer) {
        req.socket.end(Buffer.from(answer.raw));
        return;
      }
      const body = answer.body === undefined ? Buffer.alloc(0) : Buffer.from(answer.body);
      res.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    answer: (answer) => {
      next = typeof answer === 'function' ? answer : () => answer;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
