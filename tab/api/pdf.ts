/**
 * GET /api/tab/records/:id.pdf (one record: its parties and their line chain) and
 * GET /api/tab/people/:id/file.pdf?from=D&to=D (a supervision file: the person and their line
 * chain). Who may download is decided by tab/record-export.ts.
 */
import { query, send, str, type Res } from '../http';
import type { ApiHandler, TabCall, TabEnv } from '../middleware';
import { fileDownload, recordDownload, type Download } from '../record-export';

function pdf(res: Res, deny: TabCall['deny'], d: Download): void {
  if (!d.ok) {
    deny(d);
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${d.filename}"`,
    'Content-Length': String(d.pdf.length),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(d.pdf);
}

export const recordPdfRoute =
  ({ ctx }: TabEnv): ApiHandler =>
  async ({ req, res, userId, deny }) => {
    const file = req.params?.file ?? '';
    if (!file.endsWith('.pdf')) return send(res, 404, { error: 'not-found' });
    pdf(res, deny, await recordDownload(ctx, userId, file.slice(0, -4)));
  };

export const filePdfRoute =
  ({ ctx }: TabEnv): ApiHandler =>
  async ({ req, res, userId, deny }) => {
    const q = query(req);
    const range = { from: str(q.get('from')), to: str(q.get('to')) };
    pdf(res, deny, await fileDownload(ctx, userId, req.params?.id ?? '', range));
  };
