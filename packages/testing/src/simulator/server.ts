import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl, isControlPath, type ControlTarget } from './controls';
import { faultAnswer, FaultQueue, MALFORMED_JSON_BODY, type FaultControl, type FaultSpec } from './faults';
import {
  BodyTooLargeError,
  jsonResponse,
  normaliseHeaders,
  readBody,
  splitTarget,
  type SimRequest,
  type SimResponse,
} from './messages';
import { SlidingWindowLimiter, type RateLimitControl, type RateLimitDecision, type RateLimitSettings } from './rate-limit';
import { RequestRecorder, type RequestLog } from './request-log';

/** Options every simulator takes. */
export interface SimulatorOptions {
  /** Port on 127.0.0.1; default 0 (any free port). */
  readonly port?: number;
  /** The credential the simulator accepts; default the vendor's demo constant. */
  readonly credential?: string;
  /** Request rate limit, or false for none; the default is the vendor's published limit (none for most). */
  readonly rateLimit?: RateLimitSettings | false;
  /** Clock in epoch milliseconds for timestamps, expiry and rate limits; default `Date.now`. */
  readonly now?: () => number;
  /**
   * Schedules the waits of `delay` and `trickle` faults: calls `fn` after `ms`
   * and returns a function that cancels it (the shape of core's
   * `Clock.setTimer`). Default real timers; a test passes a manual one to
   * decide when a held answer goes on.
   */
  readonly setTimer?: (fn: () => void, ms: number) => () => void;
  /** How many of the newest requests the log keeps; default 10,000. */
  readonly requestLogLimit?: number;
}

/** A running simulator. */
export interface SimulatorHandle<TStore> {
  /** Base URL, `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  /** The credential the simulator accepts for its default caller. */
  readonly credential: string;
  /** Direct access to the tokens it holds. */
  readonly store: TStore;
  /** Fault injection. */
  readonly faults: FaultControl;
  /** What it received. */
  readonly requests: RequestLog;
  /** Its rate limit, changeable at run time. */
  readonly rateLimit: RateLimitControl;
  /** Restores the initial state: seeded data, no faults, an empty log, the initial rate limit. */
  reset(): void;
  /** Stops listening and closes every connection, keep-alive ones included. */
  close(): Promise<void>;
}

/** A vendor's HTTP behaviour, plugged into the shared server. */
export interface VendorRoutes {
  /** Answers one request that passed the rate limit. */
  handle(request: SimRequest): SimResponse;
  /** The answer to a request refused by the rate limit; default a plain 429 with Retry-After. */
  rateLimited?(decision: RateLimitDecision): SimResponse;
  /** Adds rate-limit headers to an accepted request's answer; default none. */
  withRateLimitHeaders?(response: SimResponse, decision: RateLimitDecision): SimResponse;
}

/** What a vendor simulator hands the shared server. */
export interface SimulatorServerConfig {
  /** Port on 127.0.0.1 (0 = any). */
  readonly port: number;
  /** The clock. */
  readonly now: () => number;
  /** Timers of delays and trickles; default real ones. */
  readonly setTimer?: SimulatorOptions['setTimer'];
  /** The initial rate limit. */
  readonly rateLimit: RateLimitSettings | false;
  /** Request log cap. */
  readonly requestLogLimit?: number;
  /** The vendor's routes. */
  readonly routes: VendorRoutes;
  /** The vendor's store as the control API sees it (machinery and reset are added by the server). */
  readonly control: Omit<ControlTarget, 'faults' | 'requests' | 'rateLimit' | 'reset'>;
  /** Restores the vendor's initial data. */
  readonly resetState: () => void;
}

/** The vendor-neutral part of a {@link SimulatorHandle}. */
export type SimulatorServer = Omit<SimulatorHandle<never>, 'store' | 'credential'>;

/** Starts the shared server on 127.0.0.1 around a vendor's routes. */
export async function startSimulatorServer(config: SimulatorServerConfig): Promise<SimulatorServer> {
  const { now, routes } = config;
  const faults = new FaultQueue();
  const requests = new RequestRecorder(config.requestLogLimit);
  const limiter = new SlidingWindowLimiter(config.rateLimit, now);
  const setTimer = config.setTimer ?? realTimer;
  const timers = new Set<() => void>();
  let closing: Promise<void> | undefined;
  let url = '';

  const reset = (): void => {
    config.resetState();
    faults.clear();
    requests.clear();
    limiter.set(config.rateLimit);
  };
  const control: ControlTarget = {
    ...config.control,
    info: () => ({ url, ...config.control.info() }),
    faults,
    requests,
    rateLimit: limiter,
    reset,
  };

  // Timers are tracked so close() can cancel pending delays and trickles; the
  // awaiting handler is then simply never resumed.
  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const cancel = setTimer(() => {
        timers.delete(cancel);
        resolve();
      }, ms);
      timers.add(cancel);
    });

  const answerNormally = (request: SimRequest): SimResponse => {
    const decision = limiter.check();
    if (decision === undefined) return routes.handle(request);
    if (!decision.allowed) return (routes.rateLimited ?? plainTooManyRequests)(decision);
    const response = routes.handle(request);
    return routes.withRateLimitHeaders ? routes.withRateLimitHeaders(response, decision) : response;
  };

  const trickle = async (res: ServerResponse, answer: SimResponse, intervalMs: number, chunkBytes: number) => {
    const bytes = Buffer.from(answer.body, 'utf8');
    res.writeHead(answer.status, { ...answer.headers, 'content-length': String(bytes.length) });
    res.flushHeaders();
    for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
      await wait(intervalMs);
      if (res.destroyed) return;
      res.write(bytes.subarray(offset, offset + chunkBytes));
    }
    res.end();
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { path, query } = splitTarget(req.url ?? '/');
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = normaliseHeaders(req.headers);
    if (isControlPath(path)) {
      send(res, handleControl({ method, path, query, headers, bodyText: await readBody(req) }, control));
      return;
    }
    const at = now();
    const fault = faults.take(method, path);
    if (fault?.kind === 'reset' && fault.phase === 'before') {
      requests.record({ method, path, query, headers }, at);
      req.socket.resetAndDestroy();
      return;
    }
    const request: SimRequest = { method, path, query, headers, bodyText: await readBody(req) };
    requests.record(request, at);
    if (fault?.phase === 'before' && fault.kind !== 'trickle') {
      if (fault.kind !== 'delay') {
        sendFault(res, fault, undefined);
        return;
      }
      await wait(fault.ms);
      if (res.destroyed) return;
    }
    const answer = answerNormally(request);
    if (fault === undefined || (fault.kind === 'delay' && fault.phase === 'before')) {
      send(res, answer);
      return;
    }
    switch (fault.kind) {
      case 'delay':
        await wait(fault.ms);
        send(res, answer);
        return;
      case 'trickle':
        await trickle(res, answer, fault.intervalMs, fault.chunkBytes ?? 1);
        return;
      default:
        sendFault(res, fault, answer);
    }
  };

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        send(res, jsonResponse(413, { error: error.message }));
        return;
      }
      // A bug in a simulator: say so loudly, in a form any client reports.
      send(res, jsonResponse(500, { error: `simulator failure: ${String(error)}` }));
    });
  });

  // Idle keep-alive connections stay open until the client (or close()) ends
  // them. With node's default 5 s idle timeout, a server that was busy (100,000
  // tokens generated, a loaded machine) closes an idle socket just as its
  // client reuses it: a reset no test asked for. A test asks with a `reset` fault.
  server.keepAliveTimeout = 0;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      for (const cancel of timers) cancel();
      timers.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };

  return { url, faults, requests, rateLimit: limiter, reset, close };
}

function realTimer(fn: () => void, ms: number): () => void {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
}

function send(res: ServerResponse, answer: SimResponse): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
  res.end(answer.body);
}

function sendFault(res: ServerResponse, fault: Exclude<FaultSpec, { kind: 'delay' | 'trickle' }>, real?: SimResponse): void {
  switch (fault.kind) {
    case 'reset':
      res.socket?.resetAndDestroy();
      return;
    case 'truncated':
      sendTruncated(res, fault.status, real);
      return;
    default:
      send(res, faultAnswer(fault));
  }
}

/** Sends half of the real body (or a cut-off JSON stub) under a Content-Length promising more, then ends the connection. */
function sendTruncated(res: ServerResponse, status: number | undefined, real: SimResponse | undefined): void {
  const whole = Buffer.from(real?.body ?? '', 'utf8');
  const useReal = whole.length >= 2;
  const sent = useReal ? whole.subarray(0, Math.floor(whole.length / 2)) : Buffer.from(MALFORMED_JSON_BODY);
  const promised = useReal ? whole.length : sent.length + 64;
  res.writeHead(status ?? real?.status ?? 200, {
    ...(useReal ? real?.headers : { 'content-type': 'application/json' }),
    'content-length': String(promised),
  });
  res.write(sent, () => res.socket?.end());
}

function plainTooManyRequests(decision: RateLimitDecision): SimResponse {
  return {
    status: 429,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': String(decision.retryAfterSeconds) },
    body: 'Too Many Requests',
  };
}
