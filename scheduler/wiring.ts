/**
 * Wires the tick to the renderers and planners other areas own, from the application context:
 * supervision cards (usecases/render-notification.ts, cards-usecases) and the Family Connect
 * triage rota (rota/plan-triage.ts, usecases/triage-notifications.ts).
 */
import type { OrgSnapshot } from '../policy/domain';
import type { OutboundMessage } from '../ports/notifier';
import { planTriageNotifications } from '../rota/plan-triage';
import type { AppContext } from '../usecases/context';
import { renderSupervisionNotification } from '../present/render-notification';
import { renderTriageNotification } from '../present/triage-notifications';
import type { NotificationKind, PlannedNotification } from '../ports/planned';
import type { Rendered } from './render-own';
import type { KindRenderer, Planner } from './tick';

type ContextRenderer = (
  ctx: AppContext,
  snapshot: OrgSnapshot,
  planned: PlannedNotification,
) => Promise<OutboundMessage | Rendered | null> | OutboundMessage | Rendered | null;

function adapt(ctx: AppContext, render: ContextRenderer): KindRenderer {
  return async (snapshot, planned) => {
    const r = await render(ctx, snapshot, planned);
    return r ? { card: r.card, summary: r.summary } : null;
  };
}

export function tickRenderers(ctx: AppContext): Partial<Record<NotificationKind, KindRenderer>> {
  const supervision = adapt(ctx, renderSupervisionNotification);
  const triage = adapt(ctx, renderTriageNotification);
  return {
    'coming-up': supervision,
    prep: supervision,
    'confirm-request': supervision,
    'sign-request': supervision,
    'triage-reminder': triage,
    'rota-readiness': triage,
  };
}

export const tickPlanners: Planner[] = [planTriageNotifications];
