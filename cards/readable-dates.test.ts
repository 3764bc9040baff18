import { readableDates } from './readable-dates';

describe('one date style', () => {
  it('turns ISO dates and months in a sentence into Thu 5 Nov 2026 / Sep 2026', () => {
    expect(
      readableDates(
        'the record of the one-to-one on 2026-10-20 (completed 2026-10-22) still needs a signature',
      ),
    ).toBe(
      'the record of the one-to-one on Tue 20 Oct 2026 (completed Thu 22 Oct 2026) still needs a signature',
    );
    expect(readableDates('no one-to-one held in 2026-09')).toBe('no one-to-one held in Sep 2026');
  });

  it('leaves ids, case numbers and times alone', () => {
    for (const s of [
      'case LL-204318',
      'ses-fsw-hadley-1-13',
      '2026-11-23T11:30:00.000Z',
      '1234-5678',
    ])
      expect(readableDates(s)).toBe(s);
  });
});
