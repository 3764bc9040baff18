/**
 * Mounts the tab on the bot's HTTP server (bot/main.ts `mounts`, bot/server.ts `Routes`):
 *   GET  /tab/ (+ its scripts, app.css, vendor/teams-js.js)  the page
 *   GET  /api/tab/mode                                   local or sso (no data; the page needs it)
 *   GET  /api/tab/dev/people                             local mode only: the identity picker
 *   GET  /api/tab/me                                     my supervision
 *   GET  /api/tab/team[.csv]?manager=ID                  my team (or a sub-tree of it)
 *   GET  /api/tab/people/:id                             one person's history
 *   GET  /api/tab/audit-sample?manager=ID&month=YYYY-MM  the month's dip sample
 *   GET  /api/tab/triage?month=YYYY-MM                   the rota month
 *   GET  /api/tab/records/:id.pdf                        one record, printable (its parties + line chain)
 *   GET  /api/tab/people/:id/file.pdf?from=D&to=D        a supervision file (the person + line chain)
 *   GET  /api/tab/record-form/:id                        a session's record form (supervisor writes; supervisee + line chain read)
 *   POST /api/tab/record-form/:id {finish, sections, cases, nextSessionAt?}  save draft / finish
 *   POST /api/tab/sign        {sessionId, decision: sign|disagree, comment?, contentHash?}
 *   POST /api/tab/triage/swap {date, to: 'hub' | staff id}
 *
 * Every /api/tab request except `mode` is identified first (tab/identify.ts: 401/503), then
 * authorised against the hierarchy (tab/access.ts: 403). In local mode a request whose Host is
 * not a loopback name is refused before that (403, tab/host-check.ts: DNS rebinding). Because identity travels in a header
 * (Bearer or X-Dev-User) and never in a cookie, another site cannot make a browser call this
 * API on someone's behalf. Logs carry ids and codes only.
 */
import { errorName } from '../kernel/errors';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { addMonthsToMonth, monthOf } from '../policy/calendar';
import type { ProfileId } from '../policy/profile';
import type { OutboundMessage } from '../ports/notifier';
import type { AppContext } from '../usecases/context';
import { todayOf } from '../usecases/session-scope';
import { canSee, canSeeSelf, type Access } from './access';
import { signFromTab, swapFromTab, type ActionOutcome } from './actions';
import { auditSample } from './audit-sample';
import type { TabConfig } from './config';
import { HOST_REFUSED, isLoopbackHost } from './host-check';
import { identify } from './identify';
import { buildMyView } from './my-view';
import { parseSaveBody, recordFormView, saveFromTab } from './record-form';
import { fileDownload, recordDownload, type Download } from './record-export';
import { loadStaticFiles, PAGE_FILES } from './static-files';
import { teamCsv } from './team-csv';
import { buildHistory, buildTeamView } from './team-view';
import { createTokenVerifier, type TokenVerifier } from './token';
import { buildTriageMonth } from './triage-view';

export interface TabOptions {
  config: TabConfig;
  /** Overrides the JWKS-backed verifier (tests may pass their own keys' verifier). */
  verifier?: TokenVerifier;
  /** Sends the messages a use-case hands back (bot/: ledger + send queue). */
  deliver?: (messages: OutboundMessage[]) => Promise<unknown>;
}

type Req = IncomingMessage & { body?: unknown; params?: Record<string, string> };
type Res = ServerResponse;

/**
 * Where the routes go: the bot's HTTP server (bot/server.ts `Routes`). Plain node:http request
 * and response, so the tab depends on no HTTP framework; `:id` path parameters arrive in
 * `req.params`, a JSON body in `req.body`.
 */
export interface RouteTarget {
  get(path: string, handler: (req: Req, res: Res) => unknown): unknown;
  post(path: string, handler: (req: Req, res: Res) => unknown): unknown;
}

/** Teams hosts the tab in an iframe from these origins; nobody else may frame it. */
const FRAME_ANCESTORS =
  "'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us " +
  'https://*.office.com https://*.microsoft365.com https://*.cloud.microsoft';

const PAGE_HEADERS = {
  'Content-Security-Policy': `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors ${FRAME_ANCESTORS}; base-uri 'none'; form-action 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function send(res: Res, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

function query(req: Req): URLSearchParams {
  return new URL(req.url ?? '/', 'http://tab.invalid').searchParams;
}

function bodyOf(req: Req): Record<string, unknown> {
  let b = req.body;
  if (Buffer.isBuffer(b)) b = b.toString('utf8');
  if (typeof b === 'string') {
    try {
      b = JSON.parse(b) as unknown;
    } catch {
      return {};
    }
  }
  return b && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function tabRoutes(options: TabOptions): (server: RouteTarget, ctx: AppContext) => void {
  return (server, ctx) => {
    const { config } = options;
    const verifier =
      options.verifier ?? (config.mode === 'sso' ? createTokenVerifier(config, ctx.clock) : null);
    const files = loadStaticFiles();
    const log = ctx.logger;

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

    server.get('/api/tab/mode', async (_req: Req, res: Res) =>
      send(res, 200, { mode: config.mode }),
    );

    /** Local mode believes X-Dev-User: only from requests addressed to loopback (host-check.ts). */
    const hostRefused = (req: Req, res: Res, route: string): boolean => {
      if (config.mode !== 'local' || isLoopbackHost(req.headers.host)) return false;
      log.warn('tab.host-refused', { route, code: 'non-loopback-host' });
      send(res, 403, HOST_REFUSED);
      return true;
    };

    /** Wraps a handler: identifies the caller, turns thrown errors into a 500 with a code. */
    const api =
      (route: string, handler: (req: Req, res: Res, userId: string) => Promise<void>) =>
      async (req: Req, res: Res) => {
        try {
          if (hostRefused(req, res, route)) return;
          const who = await identify(req.headers, config, verifier);
          if (!who.ok) {
            log.warn('tab.unauthenticated', { route, code: who.code });
            send(res, who.status, { error: who.code, message: who.message });
            return;
          }
          await handler(req, res, who.staffId);
        } catch (err) {
          log.error('tab.failed', { route, error: errorName(err) });
          if (!res.headersSent)
            send(res, 500, { error: 'internal', message: 'Something went wrong.' });
        }
      };

    const staffList = async () => (await ctx.source.load()).snapshot.staff;
    const denied = (res: Res, route: string, userId: string, a: Access): boolean => {
      if (a.ok) return false;
      log.warn('tab.forbidden', { route, userId, code: a.code });
      send(res, a.status, { error: a.code, message: a.message });
      return true;
    };
    const outcome = async (res: Res, route: string, userId: string, o: ActionOutcome) => {
      if (o.status === 200) {
        if (o.messages.length && options.deliver) await options.deliver(o.messages);
        send(res, 200, { ok: true, message: o.message });
      } else {
        log.info('tab.action-refused', { route, userId, code: o.code });
        send(res, o.status, { error: o.code, message: o.message });
      }
    };

    server.get('/api/tab/dev/people', async (req: Req, res: Res) => {
      // The picker exists only in local mode; elsewhere the route does not.
      if (config.mode !== 'local') return send(res, 404, { error: 'not-found' });
      if (hostRefused(req, res, 'dev/people')) return;
      const staff = await staffList();
      const people = staff
        .map((s) => ({ id: s.id, name: s.name, role: s.role, team: s.team ?? null }))
        .sort((a, b) => a.id.localeCompare(b.id));
      // The picker starts on whoever the tab has most to show (issue 17: it started on the
      // first id, a business-support officer with no team): the person most others report to.
      send(res, 200, { people, suggested: mostReportedTo(staff) });
    });

    server.get(
      '/api/tab/me',
      api('me', async (_req, res, userId) => {
        const view = await buildMyView(ctx, userId);
        if (!view) {
          denied(res, 'me', userId, canSeeSelf([], userId));
          return;
        }
        send(res, 200, view);
      }),
    );

    const teamFor = async (req: Req, res: Res, userId: string, route: string) => {
      const managerId = str(query(req).get('manager')) ?? userId;
      if (denied(res, route, userId, canSee(await staffList(), userId, managerId))) return null;
      return buildTeamView(ctx, managerId, userId);
    };
    server.get(
      '/api/tab/team',
      api('team', async (req, res, userId) => {
        const view = await teamFor(req, res, userId, 'team');
        if (view) send(res, 200, view);
      }),
    );
    server.get(
      '/api/tab/team.csv',
      api('team.csv', async (req, res, userId) => {
        const view = await teamFor(req, res, userId, 'team.csv');
        if (!view) return;
        res.writeHead(200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="team-${view.asOf}.csv"`,
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
        });
        res.end(teamCsv(view.rows));
      }),
    );

    server.get(
      '/api/tab/people/:id',
      api('people', async (req, res, userId) => {
        const subject = req.params?.id ?? '';
        if (denied(res, 'people', userId, canSee(await staffList(), userId, subject))) return;
        const history = await buildHistory(ctx, subject);
        if (!history) return send(res, 404, { error: 'not-found', message: 'Unknown person.' });
        send(res, 200, history);
      }),
    );

    const pdf = (res: Res, route: string, userId: string, d: Download) => {
      if (!d.ok) {
        log.warn('tab.forbidden', { route, userId, code: d.code });
        return send(res, d.status, { error: d.code, message: d.message });
      }
      res.writeHead(200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="${d.filename}"`,
        'Content-Length': String(d.pdf.length),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(d.pdf);
    };
    server.get(
      '/api/tab/records/:file',
      api('record.pdf', async (req, res, userId) => {
        const file = req.params?.file ?? '';
        if (!file.endsWith('.pdf')) return send(res, 404, { error: 'not-found' });
        pdf(res, 'record.pdf', userId, await recordDownload(ctx, userId, file.slice(0, -4)));
      }),
    );
    server.get(
      '/api/tab/people/:id/file.pdf',
      api('file.pdf', async (req, res, userId) => {
        const q = query(req);
        const range = { from: str(q.get('from')), to: str(q.get('to')) };
        pdf(res, 'file.pdf', userId, await fileDownload(ctx, userId, req.params?.id ?? '', range));
      }),
    );

    server.get(
      '/api/tab/audit-sample',
      api('audit-sample', async (req, res, userId) => {
        const q = query(req);
        const managerId = str(q.get('manager')) ?? userId;
        const month = str(q.get('month')) ?? addMonthsToMonth(monthOf(todayOf(ctx)), -1);
        if (!MONTH.test(month))
          return send(res, 400, { error: 'bad-month', message: 'month must be YYYY-MM.' });
        const { snapshot } = await ctx.source.load();
        if (denied(res, 'audit-sample', userId, canSee(snapshot.staff, userId, managerId))) return;
        send(res, 200, auditSample(snapshot, ctx.profile.id as ProfileId, managerId, month));
      }),
    );

    server.get(
      '/api/tab/triage',
      api('triage', async (req, res, userId) => {
        const month = str(query(req).get('month'));
        if (month && !MONTH.test(month))
          return send(res, 400, { error: 'bad-month', message: 'month must be YYYY-MM.' });
        if (denied(res, 'triage', userId, canSeeSelf(await staffList(), userId))) return;
        send(res, 200, await buildTriageMonth(ctx, userId, month));
      }),
    );

    server.get(
      '/api/tab/record-form/:id',
      api('record-form', async (req, res, userId) => {
        const v = await recordFormView(ctx, userId, req.params?.id ?? '');
        if (!v.ok) {
          log.warn('tab.forbidden', { route: 'record-form', userId, code: v.code });
          return send(res, v.status, { error: v.code, message: v.message });
        }
        send(res, 200, v.view);
      }),
    );
    server.post(
      '/api/tab/record-form/:id',
      api('record-save', async (req, res, userId) => {
        const input = parseSaveBody(bodyOf(req));
        if ('status' in input) return send(res, input.status, input);
        const o = await saveFromTab(ctx, userId, req.params?.id ?? '', input);
        if (o.status !== 200) {
          log.info('tab.action-refused', { route: 'record-save', userId, code: o.code });
          return send(res, o.status, { error: o.code, message: o.message });
        }
        if (o.messages.length && options.deliver) await options.deliver(o.messages);
        send(res, 200, { ok: true, message: o.message, warnings: o.warnings ?? [] });
      }),
    );

    server.post(
      '/api/tab/sign',
      api('sign', async (req, res, userId) => {
        const b = bodyOf(req);
        const sessionId = str(b.sessionId);
        const decision = b.decision === 'sign' || b.decision === 'disagree' ? b.decision : null;
        if (!sessionId || !decision)
          return send(res, 400, {
            error: 'bad-request',
            message: 'sessionId and decision (sign or disagree) are required.',
          });
        const comment = typeof b.comment === 'string' ? b.comment : undefined;
        const contentHash = str(b.contentHash);
        const o = await signFromTab(ctx, userId, {
          sessionId,
          decision,
          ...(comment !== undefined ? { comment } : {}),
          ...(contentHash ? { contentHash } : {}),
        });
        await outcome(res, 'sign', userId, o);
      }),
    );

    server.post(
      '/api/tab/triage/swap',
      api('swap', async (req, res, userId) => {
        const b = bodyOf(req);
        const date = str(b.date);
        const to = str(b.to) ?? 'hub';
        if (!date) return send(res, 400, { error: 'bad-request', message: 'date is required.' });
        await outcome(res, 'swap', userId, await swapFromTab(ctx, userId, date, to));
      }),
    );
  };
}

/** The staff id most others name as supervisor or line manager (ties: the first id). */
export function mostReportedTo(
  staff: ReadonlyArray<{ id: string; supervisorId?: string; lineManagerId?: string }>,
): string | null {
  const counts = new Map<string, number>();
  for (const s of staff) {
    for (const m of new Set([s.supervisorId, s.lineManagerId])) {
      if (m && m !== s.id) counts.set(m, (counts.get(m) ?? 0) + 1);
    }
  }
  let best: string | null = null;
  for (const [id, n] of [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (best === null || n > (counts.get(best) ?? 0)) best = id;
  }
  return best;
}
