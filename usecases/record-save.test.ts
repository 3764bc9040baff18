import { evaluate } from '../policy/evaluate';
import type { CaseEntry } from '../policy/domain';
import { confirmSession } from './confirm-session';
import { nextSessionId, saveRecord, type SaveRecordCommand } from './record-save';
import { signRecord } from './sign-record';
import { demoSessions, makeHarness, type Harness } from './testing/harness';

const SUPERVISOR = 'tl-hadley';
const SUPERVISEE = 'fsw-hadley-1';
let PAST: string; // 2026-11-23, still scheduled
beforeAll(async () => {
  ({ past: PAST } = await demoSessions());
});

let h: Harness;
beforeEach(async () => {
  h = await makeHarness('2026-11-24T09:30:00.000Z', 'manchester-cs');
  const held = await confirmSession(h.ctx, {
    userId: SUPERVISOR,
    sessionId: PAST,
    answer: 'held',
    form: { actions: [], heldMinutes: '90' },
  });
  expect(held.code).toBe('done');
});
afterEach(() => h.close());

const caseA: CaseEntry = {
  caseId: 'LL-204318',
  discussion: 'What are we worried about: attendance. What is working well: Nan helps.',
  decision: 'Step up to a TAF review',
  riskScale: 6,
  actions: [{ text: 'Book the TAF review', ownerId: SUPERVISEE, dueDate: '2026-12-04' }],
  significantDecision: false,
};
const caseB: CaseEntry = {
  caseId: 'LL-204311',
  discussion: 'CP plan progressing',
  decision: 'Escalate to the strategy meeting',
  actions: [],
  significantDecision: true,
};
const full = {
  wellbeing: 'Well; busy month',
  'previous-actions': 'All done',
  'learning-development': 'Signs of Safety refresher booked',
  'next-supervision': '22 Dec, 10:00',
};
const cmd = (over: Partial<SaveRecordCommand> = {}): SaveRecordCommand => ({
  userId: SUPERVISOR,
  sessionId: PAST,
  finish: false,
  sections: { wellbeing: 'Well; busy month' },
  cases: [caseA],
  activityId: 'act-1',
  ...over,
});

async function caseOf(id: string) {
  return (await h.schedule.getCase(id))!.value;
}

describe('saveRecord', () => {
  it('a draft is kept, marks the discussed case, and the deadline keeps counting', async () => {
    const o = await saveRecord(h.ctx, cmd());
    if (o.code !== 'done') throw new Error(o.reason);
    expect(o.value.saved).toBe('created');
    expect(o.value.finished).toBe(false);
    expect(o.value.requests).toEqual([]);
    expect(o.value.discussed).toEqual(['LL-204318']);
    expect((await caseOf('LL-204318')).lastDiscussedAt).toBe('2026-11-23');
    const session = (await h.schedule.getSession(PAST))!.value;
    expect(session.recordCompletedAt).toBeUndefined();
    const rec = (await h.schedule.getRecord(PAST))!.value;
    expect(rec.status).toBe('draft');
    expect(rec.cases).toEqual([caseA]);
    // Manchester's week (002 §3) runs out: the draft is still an overdue record.
    const { snapshot } = await h.schedule.load();
    const overdue = evaluate(snapshot, h.ctx.profile, '2026-12-04').findings.filter(
      (f) => f.kind === 'record-overdue' && f.sessionId === PAST,
    );
    expect(overdue).toHaveLength(1);
  });

  it('a double submit writes once; the second finds nothing to change', async () => {
    const [a, b] = await Promise.all([saveRecord(h.ctx, cmd()), saveRecord(h.ctx, cmd())]);
    expect([a.code, b.code]).toEqual(['done', 'done']);
    const again = await saveRecord(h.ctx, cmd());
    if (again.code !== 'done') throw new Error(again.reason);
    expect(again.value.saved).toBe('unchanged');
    expect(h.counts.recordWrites[PAST]).toBe(1);
    expect(h.counts.caseUpdates['LL-204318']).toBe(1);
  });

  it('finishing needs the required sections; then completes, flags, books and asks both to sign', async () => {
    const dueNow = async () => {
      const { snapshot } = await h.schedule.load();
      return evaluate(snapshot, h.ctx.profile, '2026-11-24')
        .findings.filter((f) => f.kind === 'case-discussion-due' && f.staffId === SUPERVISEE)
        .map((f) => f.detail);
    };
    // Before: LL-204318 (last discussed 18 Aug) is raised.
    expect((await dueNow()).some((d) => d.includes('LL-204318'))).toBe(true);
    const missing = await saveRecord(h.ctx, cmd({ finish: true }));
    expect(missing.code).toBe('invalid');
    if (missing.code === 'invalid') expect(missing.reason).toContain('Learning and development');
    const next = '2026-12-22T10:00:00.000Z';
    const o = await saveRecord(
      h.ctx,
      cmd({ finish: true, sections: full, cases: [caseA, caseB], nextSessionAt: next }),
    );
    if (o.code !== 'done') throw new Error(o.reason);
    expect(o.value.finished).toBe(true);
    expect(o.value.requests.map((r) => r.recipientId).sort()).toEqual([SUPERVISEE, SUPERVISOR]);
    expect(o.value.booked?.scheduledStart).toBe(next);
    const session = (await h.schedule.getSession(PAST))!.value;
    expect(session.recordCompletedAt).toBe('2026-11-24T09:30:00.000Z');
    expect(session.significantDecision).toBe(true);
    const booked = (await h.schedule.getSession(nextSessionId(PAST)))!.value;
    expect(booked).toMatchObject({ status: 'scheduled', superviseeId: SUPERVISEE });

    // The discussed cases are no longer raised as due for discussion.
    const due = await dueNow();
    expect(due.some((d) => d.includes('LL-204318'))).toBe(false);
    expect(due.some((d) => d.includes('LL-204311'))).toBe(false);
  });

  it('a record edited after both signed voids both signatures and asks again', async () => {
    const o = await saveRecord(h.ctx, cmd({ finish: true, sections: full }));
    if (o.code !== 'done') throw new Error(o.reason);
    for (const userId of [SUPERVISOR, SUPERVISEE]) {
      const s = await signRecord(h.ctx, {
        userId,
        sessionId: PAST,
        decision: 'signed',
        activityId: `sign-${userId}`,
      });
      expect(s.code).toBe('done');
    }
    let session = (await h.schedule.getSession(PAST))!.value;
    expect(session.supervisorSignedAt && session.superviseeSignedAt).toBeTruthy();
    // Saving the same content again (as a draft press) changes nothing and voids nothing.
    const same = await saveRecord(h.ctx, cmd({ sections: full }));
    if (same.code !== 'done') throw new Error(same.reason);
    expect(same.value.voided).toEqual([]);

    const edited = await saveRecord(
      h.ctx,
      cmd({ sections: full, cases: [{ ...caseA, riskScale: 7 }] }),
    );
    if (edited.code !== 'done') throw new Error(edited.reason);
    expect(edited.value.voided.sort()).toEqual(['supervisee', 'supervisor']);
    expect(edited.value.requests).toHaveLength(2);
    session = (await h.schedule.getSession(PAST))!.value;
    expect(session.supervisorSignedAt).toBeUndefined();
    expect(session.superviseeSignedAt).toBeUndefined();
    expect((await h.schedule.getRecord(PAST))!.value.status).toBe('final');
    const trail = await h.schedule.listSignatures(PAST);
    expect(trail.filter((e) => e.decision === 'voided')).toHaveLength(2);
  });

  it('refuses others, unknown cases and names for case ids; warns on what looks like a name', async () => {
    expect((await saveRecord(h.ctx, cmd({ userId: SUPERVISEE }))).code).toBe('refused');
    const other = await saveRecord(h.ctx, cmd({ cases: [{ ...caseA, caseId: 'LL-204353' }] }));
    expect(other.code).toBe('invalid');
    const named = await saveRecord(h.ctx, cmd({ cases: [{ ...caseA, caseId: 'Amy Brown' }] }));
    expect(named.code).toBe('invalid');
    if (named.code === 'invalid') expect(named.reason).not.toContain('Amy');
    const warned = await saveRecord(
      h.ctx,
      cmd({ cases: [{ ...caseA, discussion: 'Saw Jayden Smith at school' }] }),
    );
    if (warned.code !== 'done') throw new Error(warned.reason);
    expect(warned.value.warnings.map((w) => w.field)).toEqual(['cases[LL-204318].discussion']);
    expect(JSON.stringify(h.logger)).not.toContain('Jayden');
  });
});

describe("Islington's 24 hours (004 Frequency)", () => {
  it('a case entry with a significant decision flags the session, so the record is due within a day', async () => {
    const hi = await makeHarness('2026-11-24T09:30:00.000Z', 'islington-eh');
    try {
      const held = await confirmSession(hi.ctx, {
        userId: SUPERVISOR,
        sessionId: PAST,
        answer: 'held',
        form: { actions: [], heldMinutes: '60' },
      });
      expect(held.code).toBe('done');
      const overdue = async () => {
        const { snapshot } = await hi.schedule.load();
        return evaluate(snapshot, hi.ctx.profile, '2026-11-25').findings.filter(
          (f) => f.kind === 'record-overdue' && f.sessionId === PAST,
        );
      };
      const plain = await saveRecord(hi.ctx, {
        ...cmd({ sections: { agenda: 'Caseload' } }),
        cases: [{ ...caseB, significantDecision: false }],
      });
      expect(plain.code).toBe('done');
      expect(await overdue()).toHaveLength(0);
      const significant = await saveRecord(hi.ctx, {
        ...cmd({ sections: { agenda: 'Caseload' } }),
        cases: [caseB],
      });
      expect(significant.code).toBe('done');
      expect((await hi.schedule.getSession(PAST))!.value.significantDecision).toBe(true);
      expect(await overdue()).toHaveLength(1);
      // Unticked again in the form: the flag the record set is cleared.
      await saveRecord(hi.ctx, {
        ...cmd({ sections: { agenda: 'Caseload' } }),
        cases: [{ ...caseB, significantDecision: false }],
      });
      expect((await hi.schedule.getSession(PAST))!.value.significantDecision).toBeUndefined();
    } finally {
      hi.close();
    }
  });
});
