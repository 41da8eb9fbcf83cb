import * as http from 'node:http';
import axios, { type AxiosInstance } from 'axios';

/**
 * The two things a user could write instead of tokenbridge: node's raw `http`
 * module (the floor) and bare axios. Both send exactly the requests our
 * adapter sends — same method, path, query, headers and body — and parse the
 * JSON answer, but skip everything else (validation, decoding, mapping,
 * deadlines, retries, events).
 */
export interface HttpClient {
  /** Sends one request and returns the parsed JSON answer; a non-2xx status throws. */
  send(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<unknown>;
}

/** What every request to one vendor carries. */
export interface HttpShape {
  readonly baseUrl: string;
  /** Vendor headers and the credential, as our adapter sends them. */
  readonly headers: Readonly<Record<string, string>>;
  /** The content type of a request with a body. */
  readonly contentType: string;
}

/** node:http with a keep-alive agent: the least any client can do. */
export function rawClient(shape: HttpShape): HttpClient {
  const agent = new http.Agent({ keepAlive: true });
  const base = new URL(shape.baseUrl);
  // Paths are relative to the base URL, which may hold a path of its own (Cloudflare's /client/v4).
  const prefix = base.pathname.replace(/\/$/, '');
  return {
    send: (method, path, body) =>
      new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const headers: Record<string, string | number> = { ...shape.headers };
        if (payload !== undefined) {
          headers['content-type'] = shape.contentType;
          headers['content-length'] = Buffer.byteLength(payload);
        }
        const request = http.request({ agent, host: base.hostname, port: base.port, method, path: prefix + path, headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = response.statusCode ?? 0;
            // The status goes with the error, so a 503 counts as transient (see resilience.ts).
            if (status < 200 || status >= 300) reject(Object.assign(new Error(`raw ${method} ${path}: HTTP ${status}`), { status }));
            else resolve(JSON.parse(text) as unknown);
          });
          response.on('error', reject);
        });
        request.on('error', reject);
        request.end(payload);
      }),
  };
}

/** Bare axios with the same keep-alive agent: what our transport is built on. */
export function axiosClient(shape: HttpShape): HttpClient {
  const instance: AxiosInstance = axios.create({
    baseURL: shape.baseUrl,
    httpAgent: new http.Agent({ keepAlive: true }),
    headers: shape.headers,
  });
  return {
    send: async (method, path, body) => {
      const response = await instance.request({
        method,
        url: path,
        ...(body !== undefined ? { data: body, headers: { 'content-type': shape.contentType } } : {}),
      });
      return response.data as unknown;
    },
  };
}
