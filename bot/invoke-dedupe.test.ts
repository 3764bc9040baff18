import { InvokeDedupe, invokeKey } from './invoke-dedupe';

type Answer = { text: string; done: boolean };
const keepDone = (a: Answer) => a.done;

describe('InvokeDedupe', () => {
  it('answers a repeat of completed work from memory, without running it again', async () => {
    const d = new InvokeDedupe<Answer>();
    let runs = 0;
    const work = async () => ({ text: `run ${++runs}`, done: true });
    expect(await d.run('k', work, keepDone).result).toEqual({ text: 'run 1', done: true });
    const again = d.run('k', work, keepDone);
    expect(again.duplicate).toBe(true);
    expect(await again.result).toEqual({ text: 'run 1', done: true });
    expect(runs).toBe(1);
  });

  it('forgets an answer that is not completed work, so pressing again really runs again', async () => {
    const d = new InvokeDedupe<Answer>();
    const answers = [
      { text: 'busy, try again in a minute', done: false },
      { text: 'done', done: true },
    ];
    let runs = 0;
    const work = async () => answers[runs++]!;
    expect((await d.run('k', work, keepDone).result).text).toMatch(/busy/);
    const second = d.run('k', work, keepDone);
    expect(second.duplicate).toBe(false);
    expect((await second.result).text).toBe('done');
    expect(runs).toBe(2);
  });

  it('still lets a concurrent duplicate share the in-flight run, whatever its outcome', async () => {
    const d = new InvokeDedupe<Answer>();
    let release!: (a: Answer) => void;
    let runs = 0;
    const work = () => {
      runs++;
      return new Promise<Answer>((r) => (release = r));
    };
    const first = d.run('k', work, keepDone);
    const second = d.run('k', work, keepDone);
    expect(second.duplicate).toBe(true);
    release({ text: 'busy', done: false });
    expect(await second.result).toEqual(await first.result);
    expect(runs).toBe(1);
  });

  it('forgets a failure', async () => {
    const d = new InvokeDedupe<Answer>();
    let runs = 0;
    const work = async (): Promise<Answer> => {
      if (runs++ === 0) throw new Error('boom');
      return { text: 'ok', done: true };
    };
    await expect(d.run('k', work, keepDone).result).rejects.toThrow('boom');
    expect((await d.run('k', work, keepDone).result).text).toBe('ok');
  });

  it('expires entries after the window', async () => {
    let now = 0;
    const d = new InvokeDedupe<Answer>(1000, 10, () => now);
    let runs = 0;
    const work = async () => ({ text: `run ${++runs}`, done: true });
    await d.run('k', work, keepDone).result;
    now = 1001;
    expect(d.run('k', work, keepDone).duplicate).toBe(false);
  });

  it('keys on card, user, verb and data, whatever the key order', () => {
    expect(invokeKey('c', 'u', 'v', { a: 1, b: 2 })).toBe(invokeKey('c', 'u', 'v', { b: 2, a: 1 }));
    expect(invokeKey('c', 'u', 'v', { a: 1 })).not.toBe(invokeKey('c', 'u2', 'v', { a: 1 }));
  });
});
