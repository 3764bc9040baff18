import { adminProblemsCard } from './digest-admin-problems';
import { digestCard } from './digest-card';
import { escalationAnsweredCard, escalationReminderCard } from './escalation-card';
import type { EscalationItemView } from './escalation-kit';
import { checkCard } from './testing/parse-card';

const item = (i: number): EscalationItemView => ({
  findingKey: `record-overdue|s-${i}`,
  kind: i % 2 ? 'record-overdue' : 'supervision-gap',
  aboutName: `Worker ${i}`,
  actorName: 'Team Leader',
  detail: 'Record not completed within 5 working days of the session on 2026-11-02. '.repeat(3),
  due: '2026-11-09',
  level: i % 3 === 0 ? 2 : 1,
  sessionId: `s-${i}`,
});

describe('escalation and digest cards', () => {
  it('groups a digest by kind, oldest first (groups and items); a catch-up list has no answer buttons', () => {
    const v = (kind: string, due: string, name: string): EscalationItemView => ({
      findingKey: `${kind}|${name}`,
      kind,
      aboutName: name,
      detail: 'x',
      due,
      level: 0,
    });
    const card = digestCard({
      day: '2026-11-24',
      items: [
        v('case-discussion-due', '2026-11-20', 'C-late'),
        v('agreement-review-due', '2026-09-15', 'A'),
        v('case-discussion-due', '2026-11-18', 'C-early'),
      ],
    });
    const texts = JSON.stringify(card).match(/\*\*[^*]+\*\*/g) ?? [];
    const order = texts.map((t) => t.replace(/\*/g, ''));
    expect(order.indexOf('A')).toBeLessThan(order.indexOf('C-early'));
    expect(order.indexOf('C-early')).toBeLessThan(order.indexOf('C-late'));
    expect(JSON.stringify(card).match(/\*\* \(\d\)/g)).toEqual(['** (1)', '** (2)']);
    const check = checkCard(card);
    expect(check.problems).toEqual([]);
    expect(check.verbs).toEqual([]);
    expect(JSON.stringify(card)).toContain('to catch up on');
  });

  it('a digest of ten is one valid 1.5 card with Arranged/Explained per item', () => {
    const card = digestCard({
      day: '2026-11-24',
      items: Array.from({ length: 10 }, (_, i) => item(i)),
      tabUrl: 'https://example.invalid/tab',
    });
    const check = checkCard(card);
    expect(check.problems).toEqual([]);
    expect(check.version).toBe('1.5');
    expect(check.verbs.filter((v) => v === 'escalation.arranged')).toHaveLength(10);
    expect(check.verbs.filter((v) => v === 'escalation.explained')).toHaveLength(10);
    expect(JSON.stringify(card)).toContain('10 supervision matters');
  });

  it('a huge digest stays under the Teams size limit and says how many more', () => {
    const card = digestCard({
      day: '2026-11-24',
      items: Array.from({ length: 200 }, (_, i) => item(i)),
    });
    const check = checkCard(card);
    expect(check.problems).toEqual([]);
    expect(check.bytes).toBeLessThan(28_000);
    expect(JSON.stringify(card)).toContain('185 more');
  });

  it("an uncovered triage day reads as the desk, not as somebody's supervision", () => {
    const desk: EscalationItemView = {
      findingKey: 'triage-uncovered|2026-11-25',
      kind: 'triage-uncovered',
      aboutName: 'the team',
      actorName: 'Mark Bennett',
      detail: 'nobody covers the triage desk on 2026-11-25 (The Wrekin slot)',
      due: '2026-11-25',
      level: 1,
    };
    for (const card of [
      escalationReminderCard({ ...desk, level: 0 }),
      digestCard({ day: '2026-11-24', items: [desk] }),
    ]) {
      expect(checkCard(card).problems).toEqual([]);
      const json = JSON.stringify(card);
      expect(json).toContain('Family Connect triage desk');
      expect(json).not.toContain('Supervision of the team');
    }
    expect(JSON.stringify(digestCard({ day: '2026-11-24', items: [desk] }))).toContain(
      'Cover is arranged: for which day?',
    );
  });

  it('reminder, answered and admin problem cards are valid', () => {
    for (const card of [
      escalationReminderCard(item(1)),
      escalationAnsweredCard({
        findingKey: 'k',
        kind: 'record-overdue',
        answer: 'explained',
        quietUntil: '2026-12-10',
        reason: 'sick',
      }),
      escalationAnsweredCard({
        findingKey: 'k',
        kind: 'record-overdue',
        answer: 'arranged',
        quietUntil: '2026-12-03',
        arrangedFor: '2026-11-30',
      }),
      adminProblemsCard({
        day: '2026-11-24',
        total: 3,
        byCode: [['invalid-date', 3]],
        lines: [{ file: 'a.csv', row: 2, column: 'x', code: 'invalid-date' }],
      }),
    ]) {
      const check = checkCard(card);
      expect(check.problems).toEqual([]);
      expect(check.version).toBe('1.5');
    }
  });
});

describe('the L0 reminder has its action beside it (issue 17)', () => {
  const base = { aboutName: 'Jess Morgan', detail: 'x', due: '2026-10-29', level: 0 };
  it('signature overdue → Sign now; unconfirmed → Confirm now; record overdue → Write the record', () => {
    const verbs = (kind: string) =>
      checkCard(
        escalationReminderCard({ ...base, findingKey: `${kind}|s-1`, kind, sessionId: 's-1' }),
      ).verbs;
    expect(verbs('signature-overdue')).toEqual(['command.run']);
    expect(
      JSON.stringify(
        escalationReminderCard({
          ...base,
          findingKey: 'k',
          kind: 'signature-overdue',
          sessionId: 's-1',
        }),
      ),
    ).toContain('"command":"sign s-1"');
    expect(verbs('session-unconfirmed')).toEqual(['command.run']);
    expect(verbs('record-overdue')).toEqual(['session.refresh']);
    expect(verbs('agreement-missing')).toEqual([]);
  });
});
