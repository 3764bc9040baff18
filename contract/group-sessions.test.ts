/**
 * CONTRACT "Group supervision and the ASYE": `sessions.attendees` (`;`-separated staff ids; for
 * a group session `superviseeId` may be blank, `supervisorId` led it) through every data path:
 * CSV read and write, the embedded store, SharePoint lists (provisioning, import, read). Also
 * the disagreement extension columns, which travel the same way.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { londonInstant } from '../policy/calendar';
import { emptySnapshot, type OrgSnapshot, type Session } from '../policy/domain';
import { staff } from '../policy/test-support';
import { KvSchedule } from '../store/kv-schedule';
import { importSnapshot } from '../store/import-snapshot';
import { SqliteKv } from '../store/sqlite-kv';
import { importToSharePoint } from '../sharepoint/import';
import { LISTS } from '../sharepoint/schema';
import { provisionedSite } from '../test/graph-server/fixture';
import { readCsvFolder } from './read-csv-folder';
import { writeCsvFolder } from './write-csv-folder';
import { tableToCsv } from './write-csv';

const STAFF_CSV =
  'id,name,email,role,caseHolding,employment,supervisorId\n' +
  'tl,Team Leader,tl@example.org,team-leader,no,full-time,\n' +
  'p1,P One,p1@example.org,practitioner,yes,full-time,tl\n' +
  'p2,P Two,p2@example.org,practitioner,yes,part-time,tl\n';

function org(): OrgSnapshot {
  const group: Session = {
    id: 'g1',
    superviseeId: '',
    supervisorId: 'tl',
    kind: 'group',
    scheduledStart: londonInstant('2026-03-10', '14:00'),
    status: 'held',
    attendees: ['p1', 'p2'],
  };
  const one: Session = {
    id: 's1',
    superviseeId: 'p1',
    supervisorId: 'tl',
    kind: 'one-to-one',
    scheduledStart: londonInstant('2026-03-11', '10:00'),
    status: 'held',
    recordCompletedAt: londonInstant('2026-03-11', '12:00'),
    disagreementAt: londonInstant('2026-03-12', '09:30'),
    disagreementResolvedAt: londonInstant('2026-03-20', '16:00'),
  };
  return {
    ...emptySnapshot(),
    staff: [
      staff('tl', { role: 'team-leader', caseHolding: false }),
      staff('p1', { supervisorId: 'tl' }),
      staff('p2', { supervisorId: 'tl', employment: 'part-time' }),
    ],
    sessions: [group, one],
  };
}

describe('sessions.attendees and the disagreement columns: CSV', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sb-group-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes attendees as `a;b` and reads them back as the same snapshot', async () => {
    const snap = org();
    expect(tableToCsv('sessions', snap.sessions)).toContain(',p1;p2,');
    await writeCsvFolder(dir, snap);
    const back = await readCsvFolder(dir);
    expect(back.problems).toEqual([]);
    expect(back.snapshot.sessions).toEqual(snap.sessions);
  });

  it('a group may leave superviseeId blank; any other kind is rejected with the column named', async () => {
    await writeFile(path.join(dir, 'staff.csv'), STAFF_CSV);
    await writeFile(
      path.join(dir, 'sessions.csv'),
      'id,superviseeId,supervisorId,kind,scheduledStart,status,attendees\n' +
        'g1,,tl,group,2026-03-10T14:00,held, p1 ;p2;;p1\n' +
        's1,,tl,one-to-one,2026-03-11T10:00,held,\n',
    );
    const { snapshot, problems } = await readCsvFolder(dir);
    expect(snapshot.sessions.map((s) => [s.id, s.superviseeId, s.attendees])).toEqual([
      ['g1', '', ['p1', 'p2']],
    ]);
    expect(problems.map((p) => [p.file, p.row, p.column, p.code])).toEqual([
      ['sessions.csv', 3, 'superviseeId', 'blank-required'],
    ]);
  });

  it('an unknown attendee is a reported problem; the session and the other attendees stand', async () => {
    await writeFile(path.join(dir, 'staff.csv'), STAFF_CSV);
    await writeFile(
      path.join(dir, 'sessions.csv'),
      'id,superviseeId,supervisorId,kind,scheduledStart,status,attendees\n' +
        'g1,,tl,group,2026-03-10T14:00,held,p1;nobody;p2\n',
    );
    const { snapshot, problems } = await readCsvFolder(dir);
    expect(snapshot.sessions[0]!.attendees).toEqual(['p1', 'p2']);
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'attendees', 'unknown-staff'],
    ]);
    // Ids never appear in a problem's message.
    expect(problems[0]!.message).not.toContain('nobody');
  });

  it('a file without the new optional columns still reads', async () => {
    await writeFile(path.join(dir, 'staff.csv'), STAFF_CSV);
    await writeFile(
      path.join(dir, 'sessions.csv'),
      'id,superviseeId,supervisorId,kind,scheduledStart,status\n' +
        's1,p1,tl,one-to-one,2026-03-11T10:00,held\n',
    );
    const { snapshot, problems } = await readCsvFolder(dir);
    expect(problems).toEqual([]);
    expect(snapshot.sessions[0]!.attendees).toBeUndefined();
  });
});

describe('sessions.attendees and the disagreement columns: embedded store', () => {
  it('imports and loads a group session with a blank supervisee and its attendees', async () => {
    const kv = new SqliteKv(':memory:');
    try {
      const snap = org();
      const r = await importSnapshot(kv, snap);
      expect(r.problems).toEqual([]);
      const loaded = await new KvSchedule(kv).load();
      expect(loaded.problems).toEqual([]);
      expect([...loaded.snapshot.sessions].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
        snap.sessions,
      );
    } finally {
      await kv.close();
    }
  });

  it('a stored one-to-one with a blank supervisee is reported and skipped', async () => {
    const kv = new SqliteKv(':memory:');
    try {
      const snap = org();
      snap.sessions[1] = { ...snap.sessions[1]!, superviseeId: '' };
      const r = await importSnapshot(kv, snap);
      expect(r.problems.map((p) => [p.column, p.code])).toEqual([['superviseeId', 'invalid-row']]);
    } finally {
      await kv.close();
    }
  });
});

describe('sessions.attendees and the disagreement columns: SharePoint', () => {
  it('provisioning creates the columns; import writes and the list reads them back', async () => {
    const cols = LISTS.sessions.columns.map((c) => [c.name, c.kind]);
    expect(cols).toEqual(
      expect.arrayContaining([
        ['attendees', 'note'],
        ['disagreementAt', 'dateTime'],
        ['disagreementResolvedAt', 'dateTime'],
        ['superviseeId', 'text'],
      ]),
    );
    const site = await provisionedSite();
    try {
      const listCols = [...site.list('sessions').columns.values()].map(
        (c) => (c as { name: string }).name,
      );
      expect(listCols).toEqual(
        expect.arrayContaining(['attendees', 'disagreementAt', 'disagreementResolvedAt']),
      );
      const { schedule } = site.openSchedule();
      const snap = org();
      const r = await importToSharePoint(
        site.client,
        schedule.cache,
        site.siteId,
        site.listIds,
        snap,
      );
      expect(r.problems).toEqual([]);
      // Importing the same again writes nothing: the attendees read back equal.
      const again = await importToSharePoint(
        site.client,
        schedule.cache,
        site.siteId,
        site.listIds,
        snap,
      );
      expect(again.counts.sessions).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
      const g1 = [...site.list('sessions').items.values()].find((i) => i.fields['Title'] === 'g1')!;
      expect(g1.fields['attendees']).toBe('p1;p2');
      const loaded = await schedule.load();
      expect(loaded.problems).toEqual([]);
      expect([...loaded.snapshot.sessions].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
        snap.sessions,
      );
    } finally {
      await site.close();
    }
  });
});
