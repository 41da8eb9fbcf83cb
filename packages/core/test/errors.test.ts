import { TokenBridgeError, TokenErrors, errorOfTag, isTokenError } from '@tokenbridge/core';

const ctx = { provider: 'datocms', operation: 'update' } as const;

describe('TokenError', () => {
  it('constructors fill retryable from the tag', () => {
    expect(TokenErrors.server(ctx, 'x').retryable).toBe(true);
    expect(TokenErrors.notFound(ctx, 'x').retryable).toBe(false);
    expect(TokenErrors.rateLimited(ctx, 'x', 500)).toMatchObject({ _tag: 'RateLimited', retryAfterMs: 500, retryable: true });
    expect(TokenErrors.network(ctx, 'x', { code: 'ECONNRESET', outcomeUnknown: true })).toMatchObject({ code: 'ECONNRESET', outcomeUnknown: true });
    expect(TokenErrors.unsupported(ctx, 'expiresAt')).toMatchObject({ _tag: 'Unsupported', feature: 'expiresAt', retryable: false });
  });

  it('errorOfTag builds every tag', () => {
    const tags = ['Validation', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'RateLimited', 'Unsupported', 'Timeout', 'Cancelled', 'Network', 'Server', 'Decode'] as const;
    for (const tag of tags) {
      const error = errorOfTag(tag, ctx, 'm', { status: 400 });
      expect(error._tag).toBe(tag);
      expect(isTokenError(error)).toBe(true);
    }
  });

  it('errorOfTag is the one constructor: each named constructor gives what it gives, with only its own tag fields', () => {
    const d = { status: 500, issues: [{ path: 'a', message: 'b' }], code: 'E', currentVersion: '3', feature: 'f', timeoutMs: 9 };
    expect(errorOfTag('Server', ctx, 'm', d)).toEqual(TokenErrors.server(ctx, 'm', { status: 500 }));
    expect(errorOfTag('Network', ctx, 'm', d)).toEqual(TokenErrors.network(ctx, 'm', { status: 500, code: 'E' }));
    expect(errorOfTag('Conflict', ctx, 'm', d)).toEqual(TokenErrors.conflict(ctx, 'm', { status: 500, currentVersion: '3' }));
    expect(errorOfTag('Validation', ctx, 'm', d)).toEqual(TokenErrors.validation(ctx, 'm', d.issues, { status: 500 }));
    expect(errorOfTag('Timeout', ctx, 'deadline of 9 ms passed', d)).toEqual(TokenErrors.timeout(ctx, 9, { status: 500 }));
    expect(errorOfTag('RateLimited', ctx, 'm')).toMatchObject({ retryAfterMs: 0, retryable: true });
    expect(TokenErrors.unsupported(ctx, 'regenerate')).toEqual({
      _tag: 'Unsupported',
      provider: 'datocms',
      operation: 'update',
      message: 'datocms does not support regenerate',
      retryable: false,
      feature: 'regenerate',
    });
    expect(Object.keys(TokenErrors.decode(ctx, 'm', [], { status: 200, requestId: 'r', outcomeUnknown: true }))).toEqual([
      '_tag',
      'provider',
      'operation',
      'message',
      'retryable',
      'status',
      'requestId',
      'outcomeUnknown',
      'issues',
    ]);
  });

  it('TokenBridgeError carries the error and a readable message', () => {
    const error = new TokenBridgeError(TokenErrors.forbidden(ctx, 'built-in token', { vendorCode: 'NON_EDITABLE_ACCESS_TOKEN' }));
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('datocms update: Forbidden: built-in token');
    expect(error.tag).toBe('Forbidden');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: 'TokenBridgeError', error: { vendorCode: 'NON_EDITABLE_ACCESS_TOKEN' } });
  });

  it('TokenBridgeError.isInstance recognises an error from another copy of the package', () => {
    let Copy: typeof TokenBridgeError | undefined;
    jest.isolateModules(() => {
      Copy = (require('../src/errors') as { TokenBridgeError: typeof TokenBridgeError }).TokenBridgeError;
    });
    const foreign = new (Copy as typeof TokenBridgeError)(TokenErrors.notFound(ctx, 'x'));
    expect(foreign instanceof TokenBridgeError).toBe(false);
    expect(TokenBridgeError.isInstance(foreign)).toBe(true);
    expect(TokenBridgeError.isInstance(new Error('x'))).toBe(false);
    expect(TokenBridgeError.isInstance(null)).toBe(false);
  });
});
