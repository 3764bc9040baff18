import { AppError, ERROR_CODES, errorCode, errorName } from './errors';

describe('the error catalogue', () => {
  it('an AppError carries its catalogue code and, by default, its meaning', () => {
    const e = new AppError('kv-unavailable');
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('kv-unavailable');
    expect(e.message).toBe(ERROR_CODES['kv-unavailable']);
  });

  it('reads the code of anything thrown, else the fallback, else the name', () => {
    expect(errorCode(new AppError('render-error'))).toBe('render-error');
    expect(errorCode(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(errorCode(Object.assign(new Error('x'), { code: 503 }))).toBe('503');
    expect(errorCode(new TypeError('secret text'))).toBe('TypeError');
    expect(errorCode(new TypeError('secret text'), 'network')).toBe('network');
    expect(errorCode(undefined)).toBe('unknown');
    expect(errorCode('a string', 'internal')).toBe('internal');
  });

  it('names an error without its message', () => {
    expect(errorName(new RangeError('Jane Doe'))).toBe('RangeError');
    expect(errorName(null)).toBe('unknown');
    expect(errorName({})).toBe('unknown');
  });
});
