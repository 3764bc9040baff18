import { childNameWarning, possibleChildNames } from './child-name-guard';

const staff = ['Helen Ashford', 'Jess Morgan'];

describe('the free-text guard: children by case number, never by name (issue 18)', () => {
  test('a first-and-last name that is not staff is flagged', () => {
    expect(possibleChildNames('Discussed Jayden Smith and the plan for LL-204318.', staff)).toEqual(
      ['Jayden Smith'],
    );
    expect(possibleChildNames('Visit to Zoë O’Neill-Hart at home.', staff)).toEqual([
      'Zoë O’Neill-Hart',
    ]);
  });

  test('case ids, staff names, services, days and sentence starts are not', () => {
    const text =
      'Reviewed LL-204318 with Helen Ashford. Signs of Safety mapping done. Family Connect on ' +
      'Tuesday. Jess Morgan to book the Core Group. Next session in December.';
    expect(possibleChildNames(text, staff)).toEqual([]);
    expect(childNameWarning([])).toBeNull();
  });

  test('never pairs words across a sentence end; each phrase once; at most three', () => {
    expect(possibleChildNames('Spoke to Mum. Jayden attends school.', staff)).toEqual([]);
    const many = 'Amy Brown, Amy Brown, Ben Cole, Cara Dunn, Dev Patel';
    expect(possibleChildNames(many, staff)).toEqual(['Amy Brown', 'Ben Cole', 'Cara Dunn']);
    expect(childNameWarning(['Amy Brown'])).toMatch(
      /may name a child \("Amy Brown"\).*case number/,
    );
  });
});
