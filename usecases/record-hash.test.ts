import type { AgreedAction, Session, SupervisionRecord } from '../policy/domain';
import {
  canonicalJson,
  canonicalJsonOf,
  recordContent,
  recordHash,
  structuredContent,
  structuredHash,
} from './record-hash';
import { hashOfRecord } from './signatures';

const session: Session = {
  id: 's-1',
  superviseeId: 'fsw-1',
  supervisorId: 'tl-1',
  kind: 'one-to-one',
  // 23:30 UTC on 31 Mar is 00:30 on 1 Apr in London (BST): the record's date is London's.
  scheduledStart: '2026-03-31T23:30:00.000Z',
  status: 'held',
  heldMinutes: 90,
};
const a1: AgreedAction = {
  id: 's-1|a1',
  sessionId: 's-1',
  ownerId: 'fsw-1',
  text: 'Update plan',
  due: '2026-04-10',
};
const a2: AgreedAction = { id: 's-1|a2', sessionId: 's-1', ownerId: 'tl-1', text: 'Book training' };

describe('record hash', () => {
  it('is a stable SHA-256 hex of the canonical content', () => {
    const h = recordHash(recordContent(session, 'Summary', [a1, a2]));
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(recordHash(recordContent(session, 'Summary', [a2, a1]))).toBe(h);
    expect(recordContent(session, '', []).date).toBe('2026-04-01');
  });

  it('ignores invisible differences and unrelated actions, and progress on actions', () => {
    const h = recordHash(recordContent(session, 'Line one\nLine two', [a1]));
    expect(recordHash(recordContent(session, ' Line one\r\nLine two  ', [a1]))).toBe(h);
    const other: AgreedAction = { ...a2, id: 's-9|a1', sessionId: 's-9' };
    expect(recordHash(recordContent(session, 'Line one\nLine two', [a1, other]))).toBe(h);
    expect(
      recordHash(recordContent(session, 'Line one\nLine two', [{ ...a1, doneAt: '2026-04-05' }])),
    ).toBe(h);
  });

  it('changes when anything signed changes', () => {
    const base = recordHash(recordContent(session, 'S', [a1]));
    expect(recordHash(recordContent(session, 'S.', [a1]))).not.toBe(base);
    expect(recordHash(recordContent({ ...session, heldMinutes: 91 }, 'S', [a1]))).not.toBe(base);
    expect(recordHash(recordContent(session, 'S', [{ ...a1, due: '2026-04-11' }]))).not.toBe(base);
    expect(recordHash(recordContent(session, 'S', [{ ...a1, ownerId: 'tl-1' }]))).not.toBe(base);
    expect(recordHash(recordContent(session, 'S', [a1, a2]))).not.toBe(base);
  });

  it('cannot be confused by field boundaries', () => {
    const x = canonicalJson(recordContent(session, 'a","b', []));
    const y = canonicalJson(recordContent(session, 'a', [{ ...a1, text: 'b' }]));
    expect(x).not.toBe(y);
  });
});

describe('structured record hash (issue 18)', () => {
  const record: SupervisionRecord = {
    sections: { wellbeing: 'Well, busy month', 'learning-development': 'ASYE portfolio' },
    cases: [
      {
        caseId: 'MC-2001',
        discussion: 'Worries: school attendance',
        decision: 'Step up to CIN',
        riskScale: 4,
        actions: [{ text: 'Refer to MASH', ownerId: 'fsw-1', dueDate: '2026-04-08' }],
        significantDecision: true,
      },
      {
        caseId: 'MC-1001',
        discussion: 'Stable',
        decision: 'Continue plan',
        actions: [],
        significantDecision: false,
      },
    ],
    nextSessionAt: '2026-04-29T09:00:00.000Z',
    status: 'draft',
    updatedAt: '2026-04-01T10:00:00.000Z',
  };
  const hash = (r: SupervisionRecord) => structuredHash(structuredContent(session, r, [a1]));

  it('is canonical JSON: sorted keys, no whitespace', () => {
    const json = canonicalJsonOf(structuredContent(session, record, [a1]));
    expect(json).toBe(JSON.stringify(JSON.parse(json)));
    expect(json.indexOf('"actions"')).toBeLessThan(json.indexOf('"cases"'));
    expect(json.indexOf('"caseId":"MC-1001"')).toBeLessThan(json.indexOf('"caseId":"MC-2001"'));
    expect(canonicalJsonOf({ b: 1, a: { d: [2, { f: 1, e: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":2,"f":1}]},"b":1}',
    );
  });

  it('ignores bookkeeping (status, updatedAt), case order, blank sections and invisible spaces', () => {
    const h = hash(record);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hash({ ...record, status: 'final', updatedAt: '2026-04-02T10:00:00.000Z' })).toBe(h);
    expect(hash({ ...record, cases: [...record.cases].reverse() })).toBe(h);
    expect(hash({ ...record, sections: { ...record.sections, 'timesheet-leave': '  ' } })).toBe(h);
    expect(
      hash({ ...record, sections: { ...record.sections, wellbeing: ' Well, busy month\r\n' } }),
    ).toBe(h);
  });

  it('changes when anything in the record changes', () => {
    const h = hash(record);
    const c0 = record.cases[0]!;
    const variants: SupervisionRecord[] = [
      { ...record, sections: { ...record.sections, wellbeing: 'Well, busy month.' } },
      { ...record, sections: { ...record.sections, 'any-other-business': 'x' } },
      { ...record, nextSessionAt: '2026-04-30T09:00:00.000Z' },
      { ...record, nextSessionAt: undefined },
      { ...record, cases: [{ ...c0, riskScale: 5 }, record.cases[1]!] },
      { ...record, cases: [{ ...c0, riskScale: undefined }, record.cases[1]!] },
      { ...record, cases: [{ ...c0, significantDecision: false }, record.cases[1]!] },
      { ...record, cases: [{ ...c0, decision: 'Step up' }, record.cases[1]!] },
      { ...record, cases: [{ ...c0, discussion: 'Worries' }, record.cases[1]!] },
      { ...record, cases: [{ ...c0, actions: [] }, record.cases[1]!] },
      {
        ...record,
        cases: [
          { ...c0, actions: [{ ...c0.actions[0]!, dueDate: '2026-04-09' }] },
          record.cases[1]!,
        ],
      },
      {
        ...record,
        cases: [{ ...c0, actions: [{ ...c0.actions[0]!, ownerId: 'tl-1' }] }, record.cases[1]!],
      },
      { ...record, cases: [c0] },
    ];
    const hashes = variants.map(hash);
    for (const x of hashes) expect(x).not.toBe(h);
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(
      structuredHash(structuredContent({ ...session, heldMinutes: 60 }, record, [a1])),
    ).not.toBe(h);
    expect(structuredHash(structuredContent(session, record, [a1, a2]))).not.toBe(h);
  });

  it('an old summary-only record keeps its original hash (earlier signatures stand)', () => {
    const s = { ...session, recordSummary: 'Summary' };
    expect(hashOfRecord(s, [a1])).toBe(recordHash(recordContent(session, 'Summary', [a1])));
    expect(hashOfRecord(s, [a1], record)).toBe(hash(record));
  });
});
