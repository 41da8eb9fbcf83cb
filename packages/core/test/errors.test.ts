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
