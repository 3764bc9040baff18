/**
 * Builds a scheduler instance for tests: real SqliteKv (shared between instances to prove
 * exactly-once), a real SendQueue on the instance's clock, a shared recording Notifier standing
 * in for Teams, and a simple card for kinds other areas render.
 */
import type { RowProblem } from '../../contract/problems';
import { WorkingCalendar } from '../../policy/calendar';
import type { OrgSnapshot } from '../../policy/domain';
import type { Finding } from '../../policy/findings';
import type { PolicyProfile } from '../../policy/profile';
import type { ManualClock } from '../../ports/clock';
import type { KvStore } from '../../ports/kv-store';
import { silentLogger } from '../../ports/logger';
import type { ScheduleSource } from '../../ports/schedule';
import type { NotificationKind } from '../../ports/planned';
import { SendQueue } from '../../delivery/send-queue';
import type { EvaluateFn, KindRenderer, TickDeps } from '../tick';
import { timeFromClock, type RecordingNotifier } from './fake-time';

export class StaticSource implements ScheduleSource {
  constructor(
    public snapshot: OrgSnapshot,
    public problems: RowProblem[] = [],
  ) {}
  async load() {
    return { snapshot: structuredClone(this.snapshot), problems: [...this.problems] };
  }
}

export const calendar = new WorkingCalendar();

/** A minimal card for kinds rendered by other areas (their renderers are tested there). */
export const simpleRenderer: KindRenderer = (_snapshot, p) => ({
  card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: p.kind }] },
  summary: p.kind,
});

export function simpleRenderers(): Partial<Record<NotificationKind, KindRenderer>> {
  const kinds: NotificationKind[] = [
    'coming-up',
    'prep',
    'confirm-request',
    'sign-request',
    'triage-reminder',
    'rota-readiness',
  ];
  return Object.fromEntries(kinds.map((k) => [k, simpleRenderer]));
}

export function fixedFindings(findings: Finding[]): EvaluateFn {
  return (_s, profile, asOf) => ({ asOf, profile: profile.id, findings });
}

export function instance(
  owner: string,
  kv: KvStore,
  clock: ManualClock,
  notifier: RecordingNotifier,
  source: ScheduleSource,
  profile: PolicyProfile,
  evaluate: EvaluateFn,
  extra: Partial<TickDeps> = {},
): TickDeps {
  return {
    owner,
    kv,
    clock,
    source,
    profile,
    evaluate,
    calendar,
    logger: silentLogger,
    queue: new SendQueue(notifier, { time: timeFromClock(clock) }),
    renderers: simpleRenderers(),
    ...extra,
  };
}
