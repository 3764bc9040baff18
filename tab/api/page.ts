/**
 * GET /tab, /tab/ and the page's files (scripts, app.css, vendor/teams-js.js): served from
 * memory (tab/static-files.ts) with a CSP that lets only Teams frame the page.
 */
import type { Req, Res, RouteTarget } from '../http';
import { loadStaticFiles, PAGE_FILES } from '../static-files';

/** Teams hosts the tab in an iframe from these origins; nobody else may frame it. */
const FRAME_ANCESTORS =
  "'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us " +
  'https://*.office.com https://*.microsoft365.com https://*.cloud.microsoft';

const PAGE_HEADERS = {
  'Content-Security-Policy': `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors ${FRAME_ANCESTORS}; base-uri 'none'; form-action 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export function mountPage(server: RouteTarget): void {
  const files = loadStaticFiles();
  const page = (name: string) => async (_req: Req, res: Res) => {
    const f = files.get(name)!;
    res.writeHead(200, {
      'Content-Type': f.type,
      'Cache-Control': name === 'index.html' ? 'no-cache' : 'public, max-age=300',
      ...PAGE_HEADERS,
    });
    res.end(f.body);
  };
  server.get('/tab', async (_req: Req, res: Res) => {
    res.writeHead(301, { Location: '/tab/' });
    res.end();
  });
  server.get('/tab/', page('index.html'));
  for (const name of [...PAGE_FILES.filter((n) => n !== 'index.html'), 'vendor/teams-js.js']) {
    server.get(`/tab/${name}`, page(name));
  }
}
