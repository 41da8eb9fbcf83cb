import * as E from 'fp-ts/Either';
import { type TokenError, TokenBridgeError, type TransportEvent, toPromise } from 'tokenbridge';
import { operationsOf } from './support/operations';
import { ok } from './support/results';
import { LeakSweep, SENTINEL_TOKEN_VALUES } from './support/sentinels';
import { VENDORS, type VendorName, type VendorUnderTest, startVendor } from './support/vendors';

/**
 * Item 1 of "hostile inputs, round 2", and the secret-hygiene sweep widened:
 * a vendor (or a proxy) that echoes the credential and token values in every
 * field it can — the request-id header, every field of its error body, the
 * keys of its maps — for every operation and error status of every
 * vendor. Every field of every error (and of the Promise facade's
 * TokenBridgeError) and of every event of all four hooks, keys included, is
 * swept. The fields are kept, scrubbed: what is not a secret still reaches
 * the caller.
 */

const sweep = new LeakSweep();
const STATUSES = [400, 401, 403, 404, 409, 422, 429, 500, 503] as const;

/** Error bodies in each of the vendor's forms, with `echo` in every value and key. */
function echoBodies(vendor: VendorName, echo: string): unknown[] {
  switch (vendor) {
    case 'kodexa':
      return [
        {
          type: echo,
          title: echo,
          detail: echo,
          instance: echo,
          message: echo,
          incidentId: echo,
          traceId: echo,
          dateTime: echo,
          contextPath: echo,
          parameters: { [echo]: echo },
          stackTrace: echo,
          errors: { [echo]: echo, name: { message: echo, field: echo, [echo]: echo }, list: [echo] },
        },
        { title: echo, traceId: echo, errors: [{ field: echo, path: echo, pointer: echo, message: echo, detail: echo, severity: echo, [echo]: echo }] },
      ];
    case 'softwareone':
      return [
        { type: echo, title: echo, detail: echo, instance: echo, traceId: echo, errors: { [echo]: [echo], name: [echo] } },
        { title: echo, traceId: echo, errors: [{ message: echo, properties: [echo], id: echo, parameters: { [echo]: echo }, [echo]: echo }] },
      ];
    case 'datocms':
      return [
        {
          data: [
            {
              id: echo,
              type: 'api_error',
              attributes: {
                code: echo,
                details: { field: echo, code: echo, message: echo, messages: [`#/data/attributes/${echo}: ${echo}`, echo], [echo]: echo },
                doc_url: echo,
                transient: true,
              },
            },
          ],
        },
        { data: [{ id: echo, type: 'api_error', attributes: { code: 'INVALID_FIELD', details: { field: `data.attributes.${echo}`, code: echo, message: echo } } }] },
      ];
    case 'cloudflare':
      return [
        { success: false, errors: [{ code: 1001, message: echo, error_chain: [{ code: 6111, message: echo }], [echo]: echo }], messages: [{ code: 10000, message: echo }], result: { [echo]: echo } },
        { success: false, errors: [{ code: echo, message: `name ${echo}` }, { message: `policies[0].${echo} ${echo}` }], messages: [], result: null },
      ];
  }
}

describe.each(VENDORS)('%s', (vendor) => {
  let v: VendorUnderTest;
  let echo: string;
  let secrets: string[];
  beforeAll(async () => {
    v = await startVendor(vendor);
    // A token value the provider has seen (create returns it), and one of the vendor's known shape (Kodexa has none).
    const created = await ok(v.provider.create(v.createInput('echo target')), sweep);
    const seen = created.secret?.reveal() ?? '';
    secrets = [v.credential, seen, ...(vendor === 'kodexa' ? [] : [SENTINEL_TOKEN_VALUES[vendor]])];
    sweep.addSecrets(secrets);
    echo = secrets.join(' and ');
  });
  afterAll(async () => {
    sweep.addSecrets(v.secrets());
    await v.close();
  });

  it.each(operationsOf(vendor).map((op) => [op.operation, op] as const))(
    '%s: every error status, with the credential and token values echoed everywhere, gives errors and events without them',
    async (_name, op) => {
      const id = v.seed('echo target');
      const errors: TokenError[] = [];
      for (const status of STATUSES) {
        for (const body of echoBodies(vendor, echo)) {
          v.faults.clear();
          v.faults.add({
            ...op.target(v, id),
            phase: 'before',
            kind: 'status',
            status,
            body,
            headers: { 'x-request-id': echo, 'cf-ray': echo, 'retry-after': echo, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': echo, 'x-trace-id': echo },
            times: 5,
          });
          const result = await op.run(v.provider, v, id)();
          expect(E.isLeft(result)).toBe(true);
          if (E.isLeft(result)) errors.push(result.left);
          // The Promise facade's error builds its message from the error: swept too, stack included.
          await toPromise(v.provider).get(id).catch((thrown: unknown) => {
            expect(TokenBridgeError.isInstance(thrown)).toBe(true);
            sweep.record(thrown);
          });
        }
      }
      v.faults.clear();
      const events = v.events.splice(0);
      sweep.record(errors, errors.map((e) => new TokenBridgeError(e)), events);
      for (const item of [...errors, ...events]) expect(JSON.stringify(item)).not.toMatch(new RegExp(secrets.map(escape).join('|')));
      // Every hook fired, so every kind of event was swept.
      const kinds = new Set(events.map((e: TransportEvent) => e.type));
      expect(op.idempotent ? ['request', 'response', 'retry', 'error'].every((k) => kinds.has(k as TransportEvent['type'])) : kinds.has('error')).toBe(true);
      // Echoed fields are kept, scrubbed: the caller still learns there was a request id.
      if (vendor === 'datocms') expect(errors.some((e) => e.requestId !== undefined && e.requestId.includes('[REDACTED]'))).toBe(true);
      else expect(errors.some((e) => e.requestId === '[REDACTED] and [REDACTED]' || e.requestId?.includes('[REDACTED]'))).toBe(true);
    },
  );

  it('the escape hatch: an echoing error answer rejects with a TokenBridgeError that shows no secret', async () => {
    v.faults.add({ method: 'GET', phase: 'before', kind: 'status', status: 500, body: echoBodies(vendor, echo)[0], headers: { 'x-request-id': echo } });
    const thrown = await v.provider.http().get(v.paths.collection.replace(/^\//, '')).catch((error: unknown) => error);
    v.faults.clear();
    expect(TokenBridgeError.isInstance(thrown)).toBe(true);
    sweep.record(thrown);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

it('nothing produced above shows a sentinel credential or token value', () => {
  expect(sweep.size).toBeGreaterThan(30);
  expect(sweep.leaks()).toEqual([]);
});
