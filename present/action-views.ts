/** Rows of agreed actions as the cards show them (owner's name, overdue). */
import type { ActionView } from '../cards/card-kit';
import type { AgreedAction, LocalDate } from '../policy/domain';
import type { Hierarchy } from '../policy/hierarchy';
import { nameOf } from '../usecases/session-scope';

export function actionViews(
  h: Hierarchy,
  actions: readonly AgreedAction[],
  today: LocalDate,
): ActionView[] {
  return [...actions]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((a) => ({
      id: a.id,
      text: a.text,
      ownerName: nameOf(h, a.ownerId),
      due: a.due,
      overdue: !a.doneAt && !!a.due && a.due < today,
    }));
}
