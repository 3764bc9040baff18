import { Hierarchy } from './hierarchy';
import { staff } from './test-support';

// sm-1 → tl-hadley → fsw (line manager blank) ; sp supervised by tl, line-managed by lm
const org = new Hierarchy([
  staff('sm-1', { role: 'service-manager' }),
  staff('tl-hadley', { role: 'team-leader', supervisorId: 'sm-1' }),
  staff('fsw-hadley-1', { supervisorId: 'tl-hadley' }),
  staff('lm', { role: 'team-manager', supervisorId: 'sm-1' }),
  staff('sp', { role: 'senior-practitioner', supervisorId: 'tl-hadley', lineManagerId: 'lm' }),
  staff('loner'),
]);

describe('hierarchy (CONTRACT staff: blank lineManagerId = the supervisor)', () => {
  test('supervisorOf / lineManagerOf', () => {
    expect(org.supervisorOf('fsw-hadley-1')).toBe('tl-hadley');
    expect(org.lineManagerOf('fsw-hadley-1')).toBe('tl-hadley');
    expect(org.lineManagerOf('sp')).toBe('lm');
    expect(org.supervisorOf('loner')).toBeNull();
    expect(org.lineManagerOf('nobody')).toBeNull();
  });

  test("escalationTarget: the supervisor's line manager when the line manager is the supervisor (003 §12)", () => {
    expect(org.escalationTarget('fsw-hadley-1')).toBe('sm-1');
  });

  test("escalationTarget: the supervisee's own line manager when that is someone else", () => {
    expect(org.escalationTarget('sp')).toBe('lm');
  });

  test('escalationTarget: nobody above the top', () => {
    expect(org.escalationTarget('tl-hadley')).toBeNull();
    expect(org.escalationTarget('loner')).toBeNull();
  });

  test('nextLevelUp, directReports, treeOf, isInTree', () => {
    expect(org.nextLevelUp('tl-hadley')).toBe('sm-1');
    expect(org.directReports('tl-hadley')).toEqual(['fsw-hadley-1', 'sp']);
    expect(org.directReports('lm')).toEqual(['sp']);
    expect(org.treeOf('sm-1')).toEqual(['fsw-hadley-1', 'lm', 'sp', 'tl-hadley']);
    expect(org.isInTree('sm-1', 'fsw-hadley-1')).toBe(true);
    expect(org.isInTree('lm', 'sp')).toBe(true);
    expect(org.isInTree('lm', 'fsw-hadley-1')).toBe(false);
    expect(org.isInTree('fsw-hadley-1', 'sm-1')).toBe(false);
  });

  test('cycles in bad data do not hang', () => {
    const loop = new Hierarchy([
      staff('a', { supervisorId: 'b' }),
      staff('b', { supervisorId: 'a' }),
    ]);
    expect(loop.isInTree('c', 'a')).toBe(false);
    expect(loop.isInTree('b', 'a')).toBe(true);
    expect(loop.treeOf('a')).toEqual(['b']);
    expect(loop.escalationTarget('a')).toBeNull();
  });
});

describe('hierarchyOf', () => {
  it('indexes a staff list once and shares it; a new list (a new load) gets a new index', async () => {
    const { hierarchyOf } = await import('./hierarchy');
    const staff = [
      {
        id: 'tl-1',
        name: 'A',
        email: 'a@x',
        role: 'team-leader' as const,
        caseHolding: false,
        employment: 'full-time' as const,
      },
      {
        id: 'fsw-1',
        name: 'B',
        email: 'b@x',
        role: 'practitioner' as const,
        caseHolding: true,
        employment: 'full-time' as const,
        supervisorId: 'tl-1',
      },
    ];
    const h = hierarchyOf(staff);
    expect(hierarchyOf(staff)).toBe(h);
    expect(h.directReports('tl-1')).toEqual(['fsw-1']);
    const reloaded = staff.map((s) => ({ ...s }));
    expect(hierarchyOf(reloaded)).not.toBe(h);
    expect(hierarchyOf(reloaded).supervisorOf('fsw-1')).toBe('tl-1');
  });
});
