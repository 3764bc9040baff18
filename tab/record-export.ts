/**
 * The tab's printable downloads (issue 18): one record as a PDF, and a supervisee's
 * supervision file for a period. Who may have them: a record, its two people and anyone above
 * either of them in the line chain; a file, the person, their supervisor and their line chain
 * (tab/access.ts `canSee`). Everyone else gets the same 403 as for any subject outside their
 * tree, and an unknown session answers like one they may not see, so the API never confirms
 * that a record exists elsewhere.
 */
import { addMonths, londonDateOf } from '../policy/calendar';
import type { LocalDate, Staff } from '../policy/domain';
import { recordPdf, supervisionFilePdf } from '../print/record-pdf';
import type { AppContext } from '../usecases/context';
import { buildRecordDocument } from '../usecases/record-document';
import { todayOf } from '../usecases/session-scope';
import { buildSupervisionFile } from '../usecases/supervision-file';
import { canSee, type Access } from './access';

export type Download =
  | { ok: true; pdf: Buffer; filename: string }
  | { ok: false; status: 400 | 403 | 404; code: string; message: string };

const NOT_YOURS: Download = {
  ok: false,
  status: 403,
  code: 'outside-tree',
  message: 'You can see only your own records and those of the people you supervise or manage.',
};

function refused(a: Access): Download {
  return a.ok ? NOT_YOURS : { ok: false, status: a.status, code: a.code, message: a.message };
}

/** A party to the session, or above either party in the line chain. */
export function mayReadRecord(
  staff: readonly Staff[],
  userId: string,
  parties: readonly string[],
): Access {
  let last: Access = NOT_YOURS as Access;
  for (const p of parties.filter((id) => id !== '')) {
    const a = canSee(staff, userId, p);
    if (a.ok) return a;
    last = a;
  }
  return last;
}

export async function recordDownload(
  ctx: AppContext,
  userId: string,
  sessionId: string,
): Promise<Download> {
  const { snapshot } = await ctx.source.load();
  const session = snapshot.sessions.find((s) => s.id === sessionId);
  const parties = session
    ? [session.superviseeId, session.supervisorId, ...(session.attendees ?? [])]
    : [];
  const access = mayReadRecord(snapshot.staff, userId, parties);
  if (!session || !access.ok) return refused(access);
  const trail = await ctx.writer.listSignatures(sessionId);
  const doc = buildRecordDocument(snapshot, ctx.profile, sessionId, trail);
  if (!doc) return refused(access);
  return { ok: true, pdf: await recordPdf(doc), filename: `supervision-record-${sessionId}.pdf` };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function fileDownload(
  ctx: AppContext,
  userId: string,
  staffId: string,
  range: { from?: string | undefined; to?: string | undefined },
): Promise<Download> {
  // Default: the last twelve months to today, which is what a move to a new manager needs.
  const to = range.to ?? todayOf(ctx);
  const from = range.from ?? addMonths(to, -12);
  if (!DATE.test(from) || !DATE.test(to) || from > to) {
    return {
      ok: false,
      status: 400,
      code: 'bad-period',
      message: 'from and to must be dates (YYYY-MM-DD), from not after to.',
    };
  }
  const { snapshot } = await ctx.source.load();
  const access = canSee(snapshot.staff, userId, staffId);
  if (!access.ok) return refused(access);
  const ids = snapshot.sessions
    .filter((s) => {
      const d = londonDateOf(s.scheduledStart);
      return d >= from && d <= to;
    })
    .map((s) => s.id);
  const trails = await ctx.writer.listSignaturesFor(ids);
  const file = buildSupervisionFile(
    snapshot,
    ctx.profile,
    staffId,
    from as LocalDate,
    to as LocalDate,
    trails,
  );
  if (!file) return refused(access);
  return {
    ok: true,
    pdf: await supervisionFilePdf(file),
    filename: `supervision-file-${staffId}-${from}-${to}.pdf`,
  };
}
