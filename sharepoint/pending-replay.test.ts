import type { Json } from '../ports/kv-store';
import type { SignatureEntry } from '../ports/schedule';
import { generateOrganisation } from '../test/fixtures/generate-org';
import { seededSiteForEach } from '../test/graph-server/fixture';
import { recordToFields } from './fields';
import { PENDING_NS } from './graph-schedule';
import { REPLAY_LEASE_KEY, REPLAY_LEASE_NS } from './replay-lease';

const ORG = generateOrganisation({
  staff: 20,
  years: 1,
  seed: 11,
  asOf: '2026-11-24',
  profile: 'telford-sf',
});
const held = ORG.sessions.find((s) => s.status === 'held')!;
const entry: SignatureEntry = {
  id: `${held.id}|${held.superviseeId}|abc|signed`,
  sessionId: held.id,
  signerId: held.superviseeId,
  signerRole: 'supervisee',
  decision: 'signed',
  at: '2026-11-24T09:00:00.000Z',
  contentHash: 'abc',
  activityId: 'a1',
};
const pendingSignature = {
  op: 'appendSignature',
  entry,
  keptAt: '2026-11-24T08:55:00.000Z',
} as unknown as Json;

describe('Replaying pending writes: once per process, one instance at a time, no duplicate rows', () => {
  const site = seededSiteForEach(ORG);

  const rows = () =>
    [...site.list('signatures').items.values()].filter((i) => i.fields['Title'] === entry.id);
  const signaturePosts = () =>
    site.server.log.filter((e) => e.method === 'POST' && e.endpoint === 'items').length;

  it('two concurrent loads in one process replay pending writes once', async () => {
    const { schedule, kv } = site.openSchedule();
    await schedule.load();
    // As the audit found it: a session create kept ahead of the signature (keys sort so).
    const session = {
      id: 'new-x',
      superviseeId: held.superviseeId,
      supervisorId: held.supervisorId,
      kind: 'one-to-one',
      scheduledStart: '2026-12-01T10:00:00.000Z',
      status: 'scheduled',
    };
    await kv.upsert(PENDING_NS, 'create|new-x', { op: 'createSession', session } as Json);
    await kv.upsert(PENDING_NS, `sig|${entry.id}`, pendingSignature);
    site.server.resetLog();
    await Promise.all([schedule.load(), schedule.load()]);
    expect(signaturePosts()).toBe(2); // the session and the signature, each once
    expect(rows()).toHaveLength(1);
    expect(
      [...site.list('sessions').items.values()].filter((i) => i.fields['Title'] === 'new-x'),
    ).toHaveLength(1);
    expect(await kv.list(PENDING_NS)).toEqual([]);
  });

  it('two instances on one state store: only the lease holder replays, and it lets go after', async () => {
    const a = site.openSchedule();
    const b = site.openSchedule({ kv: a.kv });
    await Promise.all([a.schedule.load(), b.schedule.load()]);
    await a.kv.upsert(PENDING_NS, `sig|${entry.id}`, pendingSignature);
    site.server.resetLog();
    await Promise.all([a.schedule.load(), b.schedule.load()]);
    expect(signaturePosts()).toBe(1);
    expect(rows()).toHaveLength(1);
    expect(await a.kv.list(PENDING_NS)).toEqual([]);
    expect(await a.kv.get(REPLAY_LEASE_NS, REPLAY_LEASE_KEY)).toBeNull();
  });

  it("respects another instance's live lease and takes it over once it has run out", async () => {
    const { schedule, kv, clock } = site.openSchedule();
    await schedule.load();
    await kv.upsert(PENDING_NS, `sig|${entry.id}`, pendingSignature);
    const now = clock.now().getTime();
    await kv.upsert(REPLAY_LEASE_NS, REPLAY_LEASE_KEY, {
      owner: 'other-instance',
      leaseUntil: now + 60_000,
    });
    site.server.resetLog();
    await schedule.load();
    expect(signaturePosts()).toBe(0);
    expect(await kv.list(PENDING_NS)).toHaveLength(1);

    // The other instance died mid-replay: its lease runs out and this one carries on.
    clock.advance(61_000);
    await schedule.load();
    expect(signaturePosts()).toBe(1);
    expect(rows()).toHaveLength(1);
    expect(await kv.list(PENDING_NS)).toEqual([]);
  });

  it.each([409, 400, 500] as const)(
    'a signature SharePoint refuses (%i) as a duplicate of the unique Title counts as already written',
    async (refusal) => {
      site.server.behaviour.duplicateStatus = refusal;
      const { schedule, kv } = site.openSchedule();
      await schedule.load();
      const list = site.list('signatures');
      // Another instance appends the same entry between our duplicate check and our POST.
      site.server.hooks.beforeRoute = ({ method, path }) => {
        if (method !== 'POST' || !path.endsWith(`/lists/${list.id}/items`)) return;
        site.server.hooks.beforeRoute = undefined;
        site.server.state.addItem(list, recordToFields('signatures', { ...entry }));
      };
      expect(await schedule.appendSignature(entry)).toMatchObject({ ok: true });
      expect(site.server.log.filter((e) => e.status === refusal)).toHaveLength(1);
      expect(rows()).toHaveLength(1);
      expect(await kv.list(PENDING_NS)).toEqual([]);
      expect(await schedule.listSignatures(held.id)).toEqual([entry]);
    },
  );
});
