/**
 * The verifier against key endpoints that misbehave: a key set that cannot be fetched is the
 * service's problem (keys-unavailable → 503), not the user's (401). Real HTTP on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../ports/clock';
import { APP_ID, APP_ID_URI, TENANT, startJwksServer } from '../test/tab/jwks-server';
import { createTokenVerifier } from './token';

const AT = '2026-11-24T09:30:00.000Z';
const NOW = Math.floor(new Date(AT).getTime() / 1000);
const settings = (jwksUrl: string) => ({
  tenantId: TENANT,
  appId: APP_ID,
  appIdUri: APP_ID_URI,
  jwksUrl,
});

async function serve(status: number, body: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`, server };
}

test('good keys: ok with the oid; failing key endpoints: keys-unavailable', async () => {
  const jwks = await startJwksServer(() => NOW);
  const token = await jwks.token({ oid: 'sm-1' });
  const clock = new ManualClock(AT);
  try {
    expect(await createTokenVerifier(settings(jwks.url), clock).verify(token)).toEqual({
      ok: true,
      staffId: 'sm-1',
      tenantId: TENANT,
    });
    const broken = await serve(500, '{}');
    const junk = await serve(200, '{"not":"a key set"}');
    try {
      for (const url of [broken.url, junk.url, 'http://127.0.0.1:1/keys']) {
        expect(await createTokenVerifier(settings(url), clock).verify(token)).toEqual({
          ok: false,
          code: 'keys-unavailable',
        });
      }
    } finally {
      broken.server.close();
      junk.server.close();
    }
    // Time moves on: the same token expires (the injected clock, not the machine's).
    clock.set('2026-11-24T11:00:00.000Z');
    expect(await createTokenVerifier(settings(jwks.url), clock).verify(token)).toEqual({
      ok: false,
      code: 'expired',
    });
  } finally {
    await jwks.close();
  }
});
