/**
 * What to try first, by role (issue 17: "each role's first message says what to try"). Shown
 * on the help card, which is also the first thing a person sees (install, a greeting, or text
 * the bot did not understand). Read from the staff list: supervisee, supervisor, line manager,
 * triage rota member; someone can be several.
 */
import type { AppContext } from './context';
import { hierarchyOf } from '../policy/hierarchy';
import { loadSnapshot } from './session-scope';

export async function roleTips(ctx: AppContext, userId: string): Promise<string[]> {
  const { snapshot } = await loadSnapshot(ctx);
  const me = snapshot.staff.find((s) => s.id === userId);
  if (!me) return [];
  const tips: string[] = [];
  if (me.supervisorId)
    tips.push(
      'You are supervised: `next` shows your next one-to-one and what to prepare; `sign` signs a record waiting for you; `status` shows your year against the policy.',
    );
  if (snapshot.staff.some((s) => s.supervisorId === userId))
    tips.push(
      'You supervise: after a one-to-one a card asks you to confirm it was held (or type `confirm`), then to write the record; both of you sign it.',
    );
  // A manager of supervisors: what slips in their supervisors' one-to-ones escalates to them.
  const h = hierarchyOf(snapshot.staff);
  const supervisors = new Set(snapshot.staff.map((s) => s.supervisorId).filter(Boolean));
  if (
    snapshot.staff.some(
      (s) => supervisors.has(s.id) && s.id !== userId && h.lineManagerOf(s.id) === userId,
    )
  )
    tips.push(
      'You are a line manager: `team` shows your team at a glance; supervision that slips comes to you as one digest card each working morning, with Arranged / Explained answers.',
    );
  if (snapshot.rota.some((d) => d.memberId === userId))
    tips.push(
      'You are on the Family Connect triage rota: `my triage` lists your desk days (swap or report sick from there); `triage gaps` shows uncovered days.',
    );
  return tips;
}
