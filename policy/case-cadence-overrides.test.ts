/** Case cadences are profile values an organisation can tune (issue 12 "What to build"). */
import { ProfileError } from './profile-overrides';
import { getProfile } from './profiles';
import { caseDiscussionDue } from './rules/case-discussion';

describe('case cadence overrides', () => {
  const c = {
    caseId: 'C-1',
    workerId: 'p',
    category: 'cp',
    openedAt: '2026-01-01',
    lastDiscussedAt: '2026-10-01',
  };

  it('takes every with its unit, and maxDays as days', () => {
    const months = getProfile('telford-sf', {
      caseCadence: [{ categories: ['*'], every: { unit: 'calendar-months', count: 2 } }],
    });
    expect(caseDiscussionDue(months, c)?.due).toBe('2026-12-01');
    const days = getProfile('telford-sf', { caseCadence: [{ categories: ['cp'], maxDays: 14 }] });
    expect(caseDiscussionDue(days, c)?.due).toBe('2026-10-15');
  });

  it('refuses nonsense, naming the key', () => {
    expect(() =>
      getProfile('telford-sf', {
        caseCadence: [{ categories: ['*'], every: { unit: 'days', count: -3 } }],
      }),
    ).toThrow(ProfileError);
    expect(() => getProfile('telford-sf', { caseCadence: [{ categories: ['*'] }] })).toThrow(
      /caseCadence\.0/,
    );
    expect(() =>
      getProfile('telford-sf', { caseCadence: [{ categories: ['hihg'], maxDays: 30 }] }),
    ).toThrow(/caseCadence\.0\.categories\.0: a case label/);
  });
});
