import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '../policy/domain';
import type { Json, KvStore } from '../ports/kv-store';
import { generateOrganisation } from '../test/fixtures/generate-org';
import { importSnapshot, KvSchedule } from './kv-schedule';
import { KeptTables } from './kept-tables';
import { NAMESPACES } from './schedule-docs';
import { SqliteKv } from './sqlite-kv';
import { kvView } from './testing/kv-view';

const org = () => generateOrganisation({ staff: 30, years: 1, seed: 5, asOf: '2026-11-24' });

/** The same SQLite store without its change feed: what a reader sees of Azure Tables. */
const withoutFeed = (kv: SqliteKv): KvStore => kvView(kv, { feed: false, close: true });

/** What a process starting now would load: nothing kept. */
const fresh = async (kv: KvStore) => new KvSchedule(kv).load();

describe.each([
  ['with a change feed (SQLite)', (kv: SqliteKv): KvStore => kv],
  ['by etags (a store without a feed, as Azure Tables)', withoutFeed],
])('KeptTables %s: a load reads again only what changed', (_how, view) => {
  async function stored(): Promise<KvStore> {
    const kv = new SqliteKv(':memory:');
    await importSnapshot(kv, org());
    return view(kv);
  }

  test('a load with nothing changed reads no row and hands out the same frozen array; a change, a new one', async () => {
    const kv = await stored();
    const kept = new KeptTables(kv);
    const first = await kept.load('sessions');
    const read = kept.rowsRead;
    expect(read).toBe(first.rows.length);
    const again = await kept.load('sessions');
    expect(kept.rowsRead).toBe(read);
    expect(again.rows).toBe(first.rows);
    // Shared between loads, so nobody may change them.
    expect(() => {
      (again.rows[0] as { status: string }).status = 'held';
    }).toThrow(TypeError);
    expect(() => again.rows.pop()).toThrow(TypeError);
    const s = first.rows[4]!;
    await kv.upsert(NAMESPACES.sessions, s.id, { ...s, heldMinutes: 33 } as unknown as Json);
    const changed = await kept.load('sessions');
    expect(changed.rows).not.toBe(first.rows);
    expect(changed.rows.find((x) => x.id === s.id)?.heldMinutes).toBe(33);
    // The earlier load's array is as it was read.
    expect(first.rows.find((x) => x.id === s.id)).toBe(s);
    expect(changed.rows[0]).toBe(first.rows[0]);
    await kv.close();
  });

  test('a write by another instance is read, alone, and lands in the store order', async () => {
    const kv = await stored();
    const mine = new KvSchedule(kv);
    const other = new KvSchedule(kv);
    const before = (await mine.load()).snapshot;
    const s = before.sessions.find((x) => x.status === 'scheduled')!;
    const current = await other.getSession(s.id);
    const moved = '2026-06-01T09:00:00.000Z';
    const w = await other.updateSession(s.id, { scheduledStart: moved }, current!.version);
    expect(w.ok).toBe(true);
    const after = (await mine.load()).snapshot;
    expect(after.sessions.find((x) => x.id === s.id)?.scheduledStart).toBe(moved);
    expect(after).toEqual((await fresh(kv)).snapshot);
    await kv.close();
  });

  test('deleted, added and damaged rows, written straight to the store, are all seen', async () => {
    const kv = await stored();
    const schedule = new KvSchedule(kv);
    const before = (await schedule.load()).snapshot;
    const [gone, copied] = [before.sessions[3]!, before.sessions[7]!];
    await kv.delete(NAMESPACES.sessions, gone.id);
    const added: Session = { ...copied, id: 'added-1', scheduledStart: '2026-01-05T10:00:00.000Z' };
    await kv.insert(NAMESPACES.sessions, added.id, added as unknown as Json);
    await kv.insert(NAMESPACES.sessions, 'broken-1', { id: 'broken-1', status: 'maybe' });
    const after = await schedule.load();
    expect(after.snapshot.sessions.some((x) => x.id === gone.id)).toBe(false);
    expect(after.snapshot.sessions.find((x) => x.id === added.id)).toEqual(added);
    expect(after.problems.map((p) => [p.file, p.row, p.code])).toEqual([
      ['org.sessions', 'broken-1', 'invalid-document'],
    ]);
    expect(after).toEqual(await fresh(kv));
    // A damaged row stays reported while it stays damaged, and goes once it is mended.
    expect((await schedule.load()).problems).toHaveLength(1);
    await kv.upsert(NAMESPACES.sessions, 'broken-1', {
      ...(added as unknown as Record<string, Json>),
      id: 'broken-1',
    });
    const mended = await schedule.load();
    expect(mended.problems).toEqual([]);
    expect(mended.snapshot.sessions.some((x) => x.id === 'broken-1')).toBe(true);
    expect(mended).toEqual(await fresh(kv));
    await kv.close();
  });

  test('past a tenth of a table changed, the table is listed whole', async () => {
    const kv = await stored();
    const kept = new KeptTables(kv);
    const first = await kept.load('actions');
    const n = first.rows.length;
    for (const a of first.rows.slice(0, Math.ceil(n / 5)))
      await kv.upsert(NAMESPACES.actions, a.id, { ...a, text: 'Changed' } as unknown as Json);
    const read = kept.rowsRead;
    const after = await kept.load('actions');
    expect(kept.rowsRead - read).toBe(n);
    expect(after.rows.filter((a) => a.text === 'Changed')).toHaveLength(Math.ceil(n / 5));
    await kv.close();
  });

  test('random writes, and loads running alongside each other, agree with a fresh load', async () => {
    const kv = await stored();
    const schedule = new KvSchedule(kv);
    await schedule.load();
    let seed = 17;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 12; round++) {
      const { snapshot } = await fresh(kv);
      for (let i = 0; i < 1 + rand(6); i++) {
        const s = snapshot.sessions[rand(snapshot.sessions.length)]!;
        const op = rand(4);
        if (op === 0) await kv.delete(NAMESPACES.sessions, s.id);
        else if (op === 1)
          await kv.upsert(NAMESPACES.sessions, s.id, {
            ...s,
            scheduledStart: `2026-0${1 + rand(9)}-1${rand(10)}T09:00:00.000Z`,
          } as unknown as Json);
        else if (op === 2)
          await kv.upsert(NAMESPACES.sessions, `r${round}-${i}`, {
            ...s,
            id: `r${round}-${i}`,
            superviseeId: snapshot.staff[rand(snapshot.staff.length)]!.id,
          } as unknown as Json);
        else {
          const c = snapshot.cases[rand(snapshot.cases.length)]!;
          await kv.upsert(NAMESPACES.cases, c.caseId, { ...c, category: 'cp' } as Json);
        }
      }
      const [a, b] = await Promise.all([schedule.load(), schedule.load()]);
      const expected = await fresh(kv);
      expect(a).toEqual(expected);
      expect(b).toEqual(expected);
    }
    await kv.close();
  });
});

describe('KeptTables with a change feed', () => {
  test('a tick lists no keys: it reads only what was written since its mark', async () => {
    const kv = new SqliteKv(':memory:');
    await importSnapshot(kv, org());
    const kept = new KeptTables(kv);
    const first = await kept.load('sessions');
    const versions = jest.spyOn(kv, 'versions');
    const scans = jest.spyOn(kv, 'scanMarked');
    const [a, b] = [first.rows[2]!, first.rows[9]!];
    await kv.upsert(NAMESPACES.sessions, a.id, { ...a, heldMinutes: 75 } as unknown as Json);
    await kv.delete(NAMESPACES.sessions, b.id);
    await kv.upsert(NAMESPACES.staff, 'not-a-session', { id: 'x' });
    const read = kept.rowsRead;
    const after = await kept.load('sessions');
    expect(kept.rowsRead - read).toBe(1);
    expect(after.rows.find((s) => s.id === a.id)?.heldMinutes).toBe(75);
    expect(after.rows.some((s) => s.id === b.id)).toBe(false);
    expect(after.rows).toHaveLength(first.rows.length - 1);
    expect(versions).not.toHaveBeenCalled();
    expect(scans).not.toHaveBeenCalled();
    await kv.close();
  });

  test('another process writing the same file is followed, and a mark the log no longer reaches reads whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kept-tables-'));
    const file = join(dir, 'org.sqlite');
    const options = { logKeeps: 5, pruneEveryWrites: 1 };
    const mine = new SqliteKv(file, options);
    const theirs = new SqliteKv(file, options);
    try {
      await importSnapshot(theirs, org());
      const schedule = new KvSchedule(mine);
      const before = (await schedule.load()).snapshot;
      await theirs.delete(NAMESPACES.actions, before.actions[0]!.id);
      expect(await schedule.load()).toEqual(await fresh(theirs));
      // Ten more writes: the log no longer reaches back to this reader's mark.
      for (let i = 0; i < 10; i++)
        await theirs.upsert(NAMESPACES.actions, before.actions[1]!.id, {
          ...before.actions[1]!,
          text: `v${i}`,
        } as unknown as Json);
      await theirs.delete(NAMESPACES.actions, before.actions[2]!.id);
      const read = schedule.rowsRead;
      const after = await schedule.load();
      const whole = new KvSchedule(theirs);
      expect(after).toEqual(await whole.load());
      // The log is the file's, so every table is read whole, as a start reads it.
      expect(schedule.rowsRead - read).toBe(whole.rowsRead);
    } finally {
      await Promise.all([mine.close(), theirs.close()]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
