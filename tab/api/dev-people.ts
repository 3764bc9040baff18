/**
 * GET /api/tab/mode (local or sso: no data, the page needs it before it can identify anyone)
 * and GET /api/tab/dev/people (local mode only: the identity picker). Neither is identified:
 * the picker is what identification is chosen from, so it exists only in local mode and only
 * for loopback requests.
 */
import { hostRefused, withErrors, type TabEnv } from '../middleware';
import { send } from '../http';

export const modeRoute = (env: TabEnv) =>
  withErrors(env.log, 'mode', async (_req, res) => send(res, 200, { mode: env.config.mode }));

export const devPeopleRoute = (env: TabEnv) =>
  withErrors(env.log, 'dev/people', async (req, res) => {
    // The picker exists only in local mode; elsewhere the route does not.
    if (env.config.mode !== 'local') return send(res, 404, { error: 'not-found' });
    if (hostRefused(env, req, res, 'dev/people')) return;
    const staff = (await env.ctx.source.load()).snapshot.staff;
    const people = staff
      .map((s) => ({ id: s.id, name: s.name, role: s.role, team: s.team ?? null }))
      .sort((a, b) => a.id.localeCompare(b.id));
    // The picker starts on whoever the tab has most to show (issue 17: it started on the
    // first id, a business-support officer with no team): the person most others report to.
    send(res, 200, { people, suggested: mostReportedTo(staff) });
  });

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
