/**
 * GET /api/tab/team[.csv]?manager=ID: my team, or a sub-tree of it (someone I manage, directly
 * or down the line), as JSON or as a CSV download.
 */
import { canSee } from '../access';
import { query, send, str } from '../http';
import type { ApiHandler, TabCall, TabEnv } from '../middleware';
import { teamCsv } from '../team-csv';
import { buildTeamView } from '../team-view';

async function teamFor({ ctx }: TabEnv, { req, userId, deny }: TabCall) {
  const managerId = str(query(req).get('manager')) ?? userId;
  const staff = (await ctx.source.load()).snapshot.staff;
  if (deny(canSee(staff, userId, managerId))) return null;
  return buildTeamView(ctx, managerId, userId);
}

export const teamRoute =
  (env: TabEnv): ApiHandler =>
  async (call) => {
    const view = await teamFor(env, call);
    if (view) send(call.res, 200, view);
  };

export const teamCsvRoute =
  (env: TabEnv): ApiHandler =>
  async (call) => {
    const view = await teamFor(env, call);
    if (!view) return;
    call.res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="team-${view.asOf}.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    call.res.end(teamCsv(view.rows));
  };
