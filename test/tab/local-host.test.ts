/**
 * In local mode the tab trusts the X-Dev-User header (the developer identity picker), so it
 * answers only requests addressed to a loopback name: a page on another site whose DNS name is
 * rebound to 127.0.0.1 reaches the socket, but its requests carry that site's name in Host.
 * The tab checks this itself as well as the bot server, so it holds wherever it is mounted.
 */
import { getWithHost } from './raw-request';
import { startTabServer, type TabServer } from './tab-server';

let tab: TabServer;
beforeAll(async () => {
  tab = await startTabServer({ mode: 'local' });
});
afterAll(async () => tab?.close());

const ROUTES = ['/api/tab/dev/people', '/api/tab/me', '/api/tab/team.csv?manager=sm-1'];
const DEV = { 'X-Dev-User': 'sm-1' };

test.each(ROUTES)('%s refuses a non-loopback Host with 403 and no data', async (route) => {
  for (const host of ['attacker.example', 'attacker.example:3978']) {
    const r = await getWithHost(`${tab.url}${route}`, host, DEV);
    expect(r.status).toBe(403);
    expect(r.body).not.toMatch(/hadley|Staff id/i);
  }
});

test.each(ROUTES)('%s answers when addressed to 127.0.0.1 or localhost', async (route) => {
  const port = new URL(tab.url).port;
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
    expect((await getWithHost(`${tab.url}${route}`, host, DEV)).status).toBe(200);
  }
});
