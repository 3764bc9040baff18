import { classifySendError } from './send-errors';

const httpError = (status: number, headers: Record<string, string> = {}) => ({
  statusCode: status,
  response: { status, headers },
});

describe('classifySendError', () => {
  it('reads Retry-After on 429 and on 503 (the service asking us to come back later)', () => {
    expect(classifySendError(httpError(429, { 'retry-after': '7' }), 'existing')).toEqual({
      status: 'throttled',
      retryAfterMs: 7000,
    });
    expect(classifySendError(httpError(503, { 'retry-after': '120' }), 'existing')).toEqual({
      status: 'failed',
      code: '503',
      retryAfterMs: 120_000,
    });
  });

  it('a 503 without Retry-After is a plain transient failure (the queue backs off itself)', () => {
    expect(classifySendError(httpError(503), 'existing')).toEqual({
      status: 'failed',
      code: '503',
    });
    expect(classifySendError(httpError(500, { 'retry-after': '5' }), 'existing')).toEqual({
      status: 'failed',
      code: '500',
    });
  });
});
