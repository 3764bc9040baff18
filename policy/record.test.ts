import type { Session, SupervisionRecord } from './domain';
import { getProfile } from './profiles';
import { checkRecord, recordFromSummary, recordText } from './record';
import { RECORD_TEMPLATES } from './record-templates';

const manchester = RECORD_TEMPLATES['manchester-cs'];
const telford = RECORD_TEMPLATES['telford-sf'];
const base: SupervisionRecord = {
  sections: {},
  cases: [],
  status: 'draft',
  updatedAt: '2026-11-24T10:00:00.000Z',
};
const opts = { staffNames: ['Jess Morgan', 'Helen Ashford'], staffIds: new Set(['fsw-1']) };
const codes = (r: SupervisionRecord, t = manchester) =>
  checkRecord(r, t, opts).errors.map((e) => `${e.code}@${e.field}`);

describe('checkRecord against the template', () => {
  it('a draft may leave required sections blank; finishing may not', () => {
    expect(codes(base)).toEqual([]);
    const required = manchester.sections.filter((s) => s.required).map((s) => s.id);
    expect(codes({ ...base, status: 'final' })).toEqual(
      required.map((id) => `required-section@sections.${id}`),
    );
    const full = Object.fromEntries(required.map((id) => [id, 'Text']));
    expect(codes({ ...base, sections: full, status: 'final' })).toEqual([]);
  });

  it('refuses unknown sections, bad case ids (never repeating them), duplicates, scales the template lacks', () => {
    const entry = {
      caseId: 'LL-1',
      discussion: '',
      decision: '',
      actions: [],
      significantDecision: false,
    };
    expect(codes({ ...base, sections: { nope: 'x' } })).toEqual(['unknown-section@sections.nope']);
    const named = checkRecord(
      { ...base, cases: [{ ...entry, caseId: 'Amy Brown' }] },
      manchester,
      opts,
    );
    expect(named.errors.map((e) => e.code)).toEqual(['case-id']);
    expect(JSON.stringify(named)).not.toContain('Amy');
    expect(codes({ ...base, cases: [entry, entry] })).toEqual(['duplicate-case@cases[LL-1]']);
    expect(codes({ ...base, cases: [{ ...entry, riskScale: 11 }] })).toEqual([
      'risk-scale@cases[LL-1].riskScale',
    ]);
    expect(codes({ ...base, cases: [{ ...entry, riskScale: 4 }] })).toEqual([]);
    // Telford's case entry has no Signs of Safety scale.
    expect(codes({ ...base, cases: [{ ...entry, riskScale: 4 }] }, telford)).toEqual([
      'no-risk-scale@cases[LL-1].riskScale',
    ]);
    expect(
      codes({
        ...base,
        cases: [{ ...entry, actions: [{ text: 'Call', ownerId: 'nobody', dueDate: '2026-13' }] }],
      }),
    ).toEqual([
      'unknown-owner@cases[LL-1].actions[0].ownerId',
      'invalid-date@cases[LL-1].actions[0].dueDate',
    ]);
    expect(codes({ ...base, status: 'final', cases: [entry] })).toContain(
      'required-field@cases[LL-1].discussion',
    );
  });

  it('warns, never refuses, where any free text looks like a child’s name', () => {
    const r: SupervisionRecord = {
      ...base,
      sections: { wellbeing: 'Talked with Helen Ashford about leave' },
      cases: [
        {
          caseId: 'LL-1',
          discussion: 'Visited Jayden Smith at home',
          decision: 'Continue',
          actions: [{ text: 'Call Kayla Jones', ownerId: 'fsw-1' }],
          significantDecision: false,
        },
      ],
    };
    const check = checkRecord(r, manchester, opts);
    expect(check.errors).toEqual([]);
    expect(check.warnings.map((w) => w.field)).toEqual([
      'cases[LL-1].discussion',
      'cases[LL-1].actions[0].text',
    ]);
  });
});

describe('an old single-summary record', () => {
  const session: Session = {
    id: 's',
    superviseeId: 'a',
    supervisorId: 'b',
    kind: 'one-to-one',
    scheduledStart: '2026-11-20T10:00:00.000Z',
    status: 'held',
    recordCompletedAt: '2026-11-20T12:00:00.000Z',
  };
  it('is read as the first section, or by its headings', () => {
    expect(recordFromSummary({ ...session, recordSummary: 'All fine' }, manchester)).toEqual({
      sections: { wellbeing: 'All fine' },
      cases: [],
      status: 'final',
      updatedAt: '2026-11-20T12:00:00.000Z',
    });
    const r = recordFromSummary(
      {
        ...session,
        recordSummary: 'Intro\nLearning and development: ASYE\nAny other business:\nNone',
      },
      manchester,
    );
    expect(r.sections).toEqual({
      wellbeing: 'Intro',
      'learning-development': 'ASYE',
      'any-other-business': 'None',
    });
    expect(recordText(r, getProfile('manchester-cs').recordTemplate ?? manchester)).toContain(
      'Learning and development:\nASYE',
    );
  });
});
