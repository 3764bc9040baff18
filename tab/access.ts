/**
 * Who may see what (ISSUE 7: "a practitioner sees only their own; a manager only their tree").
 * Pure: the routes load the staff list and ask. Unknown subjects get the same answer as
 * subjects outside the tree, so the API never confirms who exists elsewhere in the organisation.
 */
import type { Staff } from '../policy/domain';
import { hierarchyOf } from '../policy/hierarchy';

export type Access = { ok: true } | { ok: false; status: 403; code: string; message: string };

const OUTSIDE: Access = {
  ok: false,
  status: 403,
  code: 'outside-tree',
  message: 'You can see only yourself and the people you supervise or manage.',
};
const NOT_STAFF: Access = {
  ok: false,
  status: 403,
  code: 'not-in-staff-list',
  message: 'You are not in the staff list of this organisation.',
};

export function canSeeSelf(staff: readonly Staff[], userId: string): Access {
  return staff.some((s) => s.id === userId) ? { ok: true } : NOT_STAFF;
}

/** `subjectId` is the user or anyone below them (supervisor or line-manager links). */
export function canSee(staff: readonly Staff[], userId: string, subjectId: string): Access {
  const h = hierarchyOf(staff);
  if (!h.get(userId)) return NOT_STAFF;
  if (subjectId === userId) return { ok: true };
  return h.isInTree(userId, subjectId) ? { ok: true } : OUTSIDE;
}
