import { parseRows } from './rows';
import { ContractError } from './problems';
import { requiredColumns } from './columns';

const sessionRow = (over: Record<string, string> = {}): Record<string, string> => ({
  id: 's1',
  superviseeId: 'p1',
  supervisorId: 'tl1',
  kind: 'one-to-one',
  scheduledStart: '2026-03-30T10:00',
  plannedMinutes: '90',
  status: 'held',
  heldMinutes: '90',
  cancelReason: '',
  rescheduledToId: '',
  recordCompletedAt: '2026-03-31',
  supervisorSignedAt: '',
  superviseeSignedAt: '',
  ...over,
});

function onlyProblem(over: Record<string, string>) {
  const { items, problems } = parseRows(
    'sessions',
    [sessionRow(), sessionRow({ id: 's2', ...over })],
    'sessions.csv',
  );
  expect(items.map((s) => s.id)).toEqual(['s1']);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe('parseRows', () => {
  it('reads a good session row into typed values, London wall clock → UTC', () => {
    const { items, problems } = parseRows(
      'sessions',
      [sessionRow({ significantDecision: 'Yes', recordSummary: 'ok' })],
      'sessions.csv',
    );
    expect(problems).toEqual([]);
    expect(items[0]).toEqual({
      id: 's1',
      superviseeId: 'p1',
      supervisorId: 'tl1',
      kind: 'one-to-one',
      // 30 March 2026 is after the clocks go forward: 10:00 BST = 09:00 UTC.
      scheduledStart: '2026-03-30T09:00:00.000Z',
      plannedMinutes: 90,
      status: 'held',
      heldMinutes: 90,
      // A bare date is 00:00 London that day.
      recordCompletedAt: '2026-03-30T23:00:00.000Z',
      significantDecision: true,
      recordSummary: 'ok',
    });
  });

  it('accepts ISO 8601 with an offset and ignores extra columns', () => {
    const { items, problems } = parseRows(
      'sessions',
      [
        sessionRow({
          scheduledStart: '2026-01-15T10:00:00+00:00',
          supervisorSignedAt: '2026-01-15T12:00:00Z',
          Notes: 'x',
        }),
      ],
      'sessions.csv',
    );
    expect(problems).toEqual([]);
    expect(items[0]!.scheduledStart).toBe('2026-01-15T10:00:00.000Z');
    expect(items[0]!.supervisorSignedAt).toBe('2026-01-15T12:00:00.000Z');
    expect(items[0]).not.toHaveProperty('Notes');
  });

  it.each([
    ['scheduledStart', '2026-02-30T10:00', 'invalid-datetime'],
    ['scheduledStart', '2026-02-03T25:00', 'invalid-datetime'],
    ['scheduledStart', '03/02/2026 10:00', 'invalid-datetime'],
    ['status', 'done', 'invalid-choice'],
    ['kind', 'supervision', 'invalid-choice'],
    ['superviseeId', '', 'blank-required'],
    ['scheduledStart', '', 'blank-required'],
  ])(
    'CONTRACT "a bad value in a required cell rejects the row": %s = %j → %s, naming file, row and column',
    (column, value, code) => {
      const p = onlyProblem({ [column]: value });
      expect(p).toMatchObject({ file: 'sessions.csv', row: 3, column, code });
      expect(p.message).toContain('sessions.csv row 3');
      expect(p.message).toContain('the row was skipped');
      if (value) expect(p.message).not.toContain(value);
    },
  );

  it.each([
    ['recordCompletedAt', '2026-13-01', 'invalid-datetime'],
    ['plannedMinutes', 'ninety', 'invalid-integer'],
    ['heldMinutes', 'ninety', 'invalid-integer'],
    ['heldMinutes', '-5', 'invalid-integer'],
    ['heldMinutes', '1.5', 'invalid-integer'],
    ['significantDecision', 'maybe', 'invalid-boolean'],
    // "a date-only signature time": the contract asks for a date-time.
    ['supervisorSignedAt', '2026-03-31', 'invalid-datetime'],
    ['superviseeSignedAt', '2026-03-31', 'invalid-datetime'],
  ])(
    'CONTRACT "a bad value in an optional cell rejects that cell only": %s = %j → %s, row kept, cell blank',
    (column, value, code) => {
      const { items, problems } = parseRows(
        'sessions',
        [sessionRow(), sessionRow({ id: 's2', [column]: value })],
        'sessions.csv',
      );
      // The held session stays, so no false supervision-gap.
      expect(items.map((s) => s.id)).toEqual(['s1', 's2']);
      expect(items[1]).not.toHaveProperty(column);
      expect(items[1]).toMatchObject({ status: 'held', scheduledStart: items[0]!.scheduledStart });
      expect(problems).toEqual([
        expect.objectContaining({ file: 'sessions.csv', row: 3, column, code }),
      ]);
      expect(problems[0]!.message).toContain(`sessions.csv row 3, column ${column}`);
      expect(problems[0]!.message).toContain('the cell was left blank and the row kept');
      expect(problems[0]!.message).not.toContain(value);
    },
  );

  it('issue 15 item 6: one invalid optional date on a staff row keeps the person', () => {
    const person = {
      id: 'p1',
      name: 'P',
      email: 'p@x',
      role: 'practitioner',
      caseHolding: 'yes',
      employment: 'full-time',
      supervisorId: 'tl',
    };
    const { items, problems } = parseRows(
      'staff',
      [
        { ...person, startDate: '2026-02-30', leftDate: '31/12/2026' },
        { ...person, id: 'p2', startDate: '2026-02-28' },
      ],
      'staff.csv',
    );
    expect(items.map((s) => s.id)).toEqual(['p1', 'p2']);
    expect(items[0]).not.toHaveProperty('startDate');
    expect(items[0]).not.toHaveProperty('leftDate');
    expect(items[1]).toMatchObject({ startDate: '2026-02-28' });
    expect(problems.map((p) => [p.file, p.row, p.column, p.code])).toEqual([
      ['staff.csv', 2, 'startDate', 'invalid-date'],
      ['staff.csv', 2, 'leftDate', 'invalid-date'],
    ]);
  });

  it('an optional cell that is not a plain value (JSON source) is blanked, the row kept', () => {
    const { items, problems } = parseRows(
      'actions',
      [{ id: 'a1', sessionId: 's1', ownerId: 'p1', text: 't', due: { when: 'soon' } }],
      'Actions',
    );
    expect(items).toEqual([{ id: 'a1', sessionId: 's1', ownerId: 'p1', text: 't' }]);
    expect(problems).toEqual([
      expect.objectContaining({ column: 'due', code: 'invalid-value', row: 2 }),
    ]);
  });

  it('reports every bad cell of a row (optional ones too) when a required one rejects it', () => {
    const { items, problems } = parseRows(
      'staff',
      [
        {
          id: 'a',
          name: 'A',
          email: 'a@x',
          role: 'practitioner',
          caseHolding: 'yes',
          employment: 'full-time',
        },
        {
          id: 'b',
          name: 'B',
          email: 'b@x',
          role: 'wizard',
          caseHolding: 'perhaps',
          employment: 'full-time',
          startDate: '2026-02-29',
        },
      ],
      'staff.csv',
    );
    expect(items.map((s) => s.id)).toEqual(['a']);
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, 'role', 'invalid-choice'],
      [3, 'caseHolding', 'invalid-boolean'],
      [3, 'startDate', 'invalid-date'],
    ]);
  });

  it('rejects an impossible date and an absence that ends before it starts', () => {
    const { items, problems } = parseRows(
      'absences',
      [
        { staffId: 'a', from: '2026-04-31', to: '2026-05-02', reason: 'sickness' },
        { staffId: 'a', from: '2026-05-10', to: '2026-05-02', reason: 'annual-leave' },
        { staffId: 'a', from: '2026-05-01', to: '2026-05-02', reason: 'Annual-Leave' },
      ],
      'absences.csv',
    );
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'from', 'invalid-date'],
      [3, 'to', 'invalid-range'],
    ]);
    expect(items).toEqual([
      { staffId: 'a', from: '2026-05-01', to: '2026-05-02', reason: 'annual-leave' },
    ]);
  });

  it('throws ContractError missing-column naming the file and column', () => {
    const row = sessionRow();
    delete row.scheduledStart;
    expect(() => parseRows('sessions', [row], 'sessions.csv')).toThrow(ContractError);
    try {
      parseRows('sessions', [row], 'sessions.csv');
    } catch (err) {
      expect((err as ContractError).code).toBe('missing-column');
      expect((err as Error).message).toContain('sessions.csv');
      expect((err as Error).message).toContain('"scheduledStart"');
    }
  });

  it('checks columns that must exist even when blank only against an explicit header', () => {
    const rows = [{ superviseeId: 'a', supervisorId: 'b' }];
    expect(parseRows('agreements', rows, 'Agreements').problems).toEqual([]);
    expect(() =>
      parseRows('agreements', rows, 'agreements.csv', {
        columns: ['superviseeId', 'supervisorId'],
      }),
    ).toThrow(/agreements.csv has no "signedAt" column/);
    expect(requiredColumns('agreements')).toEqual(['superviseeId', 'supervisorId', 'signedAt']);
  });

  it('staff: the supervisorId column must exist (blank values allowed), lineManagerId need not', () => {
    const person = { id: 'a', name: 'A', email: 'a@x', role: 'assistant', caseHolding: 'no' };
    const row = { ...person, employment: 'part-time', supervisorId: '' };
    // Without the column every supervisee would silently drop out of every supervision rule.
    expect(() =>
      parseRows('staff', [row], 'staff.csv', {
        columns: ['id', 'name', 'email', 'role', 'caseHolding', 'employment'],
      }),
    ).toThrow(/staff.csv has no "supervisorId" column/);
    const { items, problems } = parseRows('staff', [row], 'staff.csv', {
      columns: Object.keys(row),
    });
    expect(problems).toEqual([]);
    expect(items[0]).not.toHaveProperty('supervisorId');
    expect(requiredColumns('staff')).toContain('supervisorId');
    expect(requiredColumns('staff')).not.toContain('lineManagerId');
  });

  it('matches headers case-insensitively and labels rows with the given ids', () => {
    const { items, problems } = parseRows(
      'rota',
      [
        { Date: '2026-12-01', Hub: 'The Wrekin', MemberId: '', Status: 'planned' },
        { Date: '2026-12-02', Hub: 'The Wrekin', MemberId: 'x', Status: 'on' },
      ],
      'Triage Rota',
      { rowIds: ['17', '18'] },
    );
    expect(items).toEqual([{ date: '2026-12-01', hub: 'The Wrekin', status: 'planned' }]);
    expect(problems[0]).toMatchObject({
      file: 'Triage Rota',
      row: '18',
      column: 'status',
      code: 'invalid-choice',
    });
  });

  it('takes values from JSON sources (numbers, booleans, ISO date-times for dates)', () => {
    const { items, problems } = parseRows(
      'staff',
      [
        {
          id: 'a',
          name: 'A',
          email: 'a@x',
          role: 'assistant',
          caseHolding: false,
          employment: 'part-time',
          startDate: '2026-05-31T23:00:00Z',
        },
      ],
      'Staff',
    );
    expect(problems).toEqual([]);
    expect(items[0]).toMatchObject({ caseHolding: false, startDate: '2026-06-01' });
  });

  it('rejects values that are not plain (an unflattened lookup) with invalid-value', () => {
    const { items, problems } = parseRows(
      'rota',
      [{ date: '2026-12-01', hub: { LookupValue: 'H' }, memberId: '', status: 'planned' }],
      'Triage Rota',
    );
    expect(items).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ column: 'hub', code: 'invalid-value' })]);
  });

  it('reports a row that is not an object (null in a JSON import) instead of throwing', () => {
    const rows = [sessionRow(), null, 'text', [1]] as unknown as Array<Record<string, unknown>>;
    for (const columns of [undefined, Object.keys(sessionRow())]) {
      const { items, problems } = parseRows('sessions', rows, 'sessions.json', { columns });
      expect(items.map((s) => s.id)).toEqual(['s1']);
      expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
        [3, null, 'invalid-row'],
        [4, null, 'invalid-row'],
        [5, null, 'invalid-row'],
      ]);
    }
  });
});

describe('cases.category: CONTRACT "Case categories"', () => {
  const row = (category: string) => ({
    caseId: 'LL-1',
    workerId: 'p1',
    category,
    openedAt: '2026-01-01',
  });

  it('accepts known labels separated by ";", trimmed, any case', () => {
    const { items, problems } = parseRows('cases', [row(' High ; NEGLECT;under-1 ')], 'cases.csv');
    expect(problems).toEqual([]);
    expect(items).toHaveLength(1);
  });

  it('"An unknown label is a reported problem (invalid-choice)": the case is kept with its known labels', () => {
    const { items, problems } = parseRows('cases', [row('hihg;neglect')], 'cases.csv');
    expect(items).toHaveLength(1);
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'cases.csv',
        row: 2,
        column: 'category',
        code: 'invalid-choice',
        rowKept: true,
      }),
    ]);
    expect(problems[0]!.message).toContain('kept with its known labels');
    expect(problems[0]!.message).not.toContain('hihg');
  });

  it("none known: the row is kept, the profile's default applies, the problem reported", () => {
    const { items, problems } = parseRows('cases', [row('unborn-or-under-1')], 'cases.csv');
    expect(items).toHaveLength(1);
    expect(problems).toEqual([expect.objectContaining({ code: 'invalid-choice', rowKept: true })]);
    expect(problems[0]!.message).toContain("the profile's default applies");
  });

  it('a blank category is still a blank required cell (the row is skipped)', () => {
    const { items, problems } = parseRows('cases', [row('')], 'cases.csv');
    expect(items).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ code: 'blank-required' })]);
  });
});
