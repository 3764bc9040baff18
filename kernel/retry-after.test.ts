import { parseRetryAfter } from './retry-after';

describe('parseRetryAfter', () => {
  const now = () => Date.parse('2026-11-24T09:00:00Z');

  it('reads delta-seconds, an HTTP date, and nothing else', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter(' 2 ')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter('Tue, 24 Nov 2026 09:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter('')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });

  it('never asks for a negative wait', () => {
    expect(parseRetryAfter('-5')).toBe(0);
    expect(parseRetryAfter('Tue, 24 Nov 2026 08:59:00 GMT', now)).toBe(0);
  });
});
