import { alreadyApplied, sameRecord } from './write-rules';

describe('write-rules: id lists (sessions.attendees)', () => {
  it('the same ids are the same; a different list, or none against some, is not', () => {
    expect(sameRecord({ attendees: ['a', 'b'] }, { attendees: ['a', 'b'] })).toBe(true);
    expect(sameRecord({ attendees: ['a', 'b'] }, { attendees: ['a'] })).toBe(false);
    expect(sameRecord({ attendees: ['a'] }, {})).toBe(false);
    expect(sameRecord({ attendees: [] }, {})).toBe(true);
    expect(
      alreadyApplied({ attendees: ['a', 'b'], status: 'held' }, { attendees: ['a', 'b'] }),
    ).toBe(true);
    expect(alreadyApplied({ attendees: ['a'] }, { attendees: 'a' })).toBe(false);
  });
});
