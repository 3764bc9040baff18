import { identify } from './identify';
import type { TokenVerifier } from './token';

/** A verifier that must not be consulted: proves the header checks come first. */
const untouchable: TokenVerifier = {
  verify: async () => {
    throw new Error('verifier must not be called');
  },
};
const sso = {
  mode: 'sso' as const,
  tenantId: 't',
  appId: 'a',
  appIdUri: 'api://h/a',
  jwksUrl: 'http://127.0.0.1:9/keys',
};

describe('identify', () => {
  test('X-Dev-User is honoured only in local mode', async () => {
    expect(await identify({ 'x-dev-user': 'sm-1' }, { mode: 'local' }, null)).toEqual({
      ok: true,
      staffId: 'sm-1',
      via: 'dev',
    });
    const refused = await identify({ 'x-dev-user': 'sm-1' }, sso, untouchable);
    expect(refused).toMatchObject({ ok: false, status: 401, code: 'dev-header-refused' });
  });

  test('local mode ignores bearer tokens: the picker is the only identity', async () => {
    const r = await identify({ authorization: 'Bearer abc.def.ghi' }, { mode: 'local' }, null);
    expect(r).toMatchObject({ ok: false, status: 401, code: 'missing-token' });
  });

  test('off: 503 whatever is sent', async () => {
    expect(await identify({ 'x-dev-user': 'sm-1' }, { mode: 'off' }, null)).toMatchObject({
      status: 503,
      code: 'tab-not-configured',
    });
  });

  test('SSO: missing or non-bearer authorization is 401 before any key lookup', async () => {
    expect(await identify({}, sso, untouchable)).toMatchObject({
      status: 401,
      code: 'missing-token',
    });
    expect(await identify({ authorization: 'Basic eDp5' }, sso, untouchable)).toMatchObject({
      status: 401,
    });
  });

  test('SSO: keys that cannot be fetched are 503, not 401', async () => {
    const down: TokenVerifier = { verify: async () => ({ ok: false, code: 'keys-unavailable' }) };
    expect(await identify({ authorization: 'Bearer a.b.c' }, sso, down)).toMatchObject({
      status: 503,
    });
  });
});
