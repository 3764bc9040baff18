import { generateKeyPair, SignJWT } from 'jose';
import { RecordingLogger } from '../ports/logger';
import { LimitedLog } from './log-limiter';
import { screenBearer } from './token-screen';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const sec = NOW / 1000;

describe('screenBearer', () => {
  it('passes a well-formed, unexpired RS256 token (signature is botbuilder’s to check)', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ exp: sec + 600 })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(privateKey);
    expect(screenBearer(`Bearer ${token}`, NOW)).toEqual({ ok: true });
    // Within botbuilder's five-minute tolerance: still for botbuilder to judge.
    const late = await new SignJWT({ exp: sec - 200 })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(privateKey);
    expect(screenBearer(`Bearer ${late}`, NOW)).toEqual({ ok: true });
    const old = await new SignJWT({ exp: sec - 400 })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(privateKey);
    expect(screenBearer(`Bearer ${old}`, NOW)).toEqual({ ok: false, code: 'token-expired' });
  });

  it.each([
    [undefined, 'no-token'],
    ['', 'no-token'],
    ['Bearer', 'not-bearer'],
    ['bearer a.b.c', 'not-bearer'],
    ['Bearer a.b.c extra', 'not-bearer'],
    ['Bearer %%%', 'malformed-token'],
    ['Bearer e30.e30.c2ln', 'algorithm-not-allowed'],
    ['Bearer eyJhbGciOiJub25lIn0.eyJleHAiOjk5OTk5OTk5OTl9.', 'algorithm-not-allowed'],
    ['Bearer eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjk5OTk5OTk5OTl9.', 'malformed-token'],
    ['Bearer eyJhbGciOiJSUzI1NiJ9.eyJmb28iOjF9.c2ln', 'no-expiry'],
  ])('refuses %p (%s)', (header, code) => {
    expect(screenBearer(header, NOW)).toEqual({ ok: false, code });
  });
});

describe('LimitedLog', () => {
  it('writes a code once per window, then reports how many were held back', () => {
    const logger = new RecordingLogger();
    let t = 0;
    const log = new LimitedLog(logger, { windowMs: 60_000, now: () => t });
    expect(log.warn('e', 'a')).toBe(true);
    expect(log.warn('e', 'a')).toBe(false);
    expect(log.warn('e', 'b')).toBe(true);
    t = 30_000;
    log.warn('e', 'a');
    t = 61_000;
    expect(log.warn('e', 'a')).toBe(true);
    expect(logger.lines.map((l) => [l.fields?.code, l.fields?.suppressed])).toEqual([
      ['a', undefined],
      ['b', undefined],
      ['a', 2],
    ]);
  });
});
