import { evaluate } from '../policy/evaluate';
import { loadSession } from './session-scope';
import { signCardFor } from '../present/sign-view';
import { checkCard } from '../cards/testing/parse-card';
import type { CardActionResult } from './context';
import { runCardAction } from '../present/card-actions';
import { recordContent, recordHash } from './record-hash';
import { demoSessions, makeHarness, request, type Harness } from './testing/harness';

let PAST: string; // 2026-11-23, to be confirmed held first
let HALF_SIGNED: string; // record complete, signed by the supervisor only
let FUTURE: string;
beforeAll(async () => {
  ({ past: PAST, halfSigned: HALF_SIGNED, upcoming: FUTURE } = await demoSessions());
});
const SUPERVISOR = 'tl-hadley';
const SUPERVISEE = 'fsw-hadley-1';
const SUMMARY = 'Discussed LL-204332 in depth; wellbeing good. Plan agreed.';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
  const held = await runCardAction(
    h.ctx,
    request(SUPERVISOR, 'session.held', {
      sessionId: PAST,
      heldMinutes: 90,
      action1Text: 'Update the chronology',
    }),
  );
  expect(held.kind).toBe('card');
});
afterEach(() => h.close());

function card(r: CardActionResult) {
  if (r.kind !== 'card')
    throw new Error(`expected a card, got ${r.kind}: ${'message' in r ? r.message : ''}`);
  expect(checkCard(r.card).problems).toEqual([]);
  return r;
}
const json = (x: unknown) => JSON.stringify(x);
const complete = (userId = SUPERVISOR, summary = SUMMARY) =>
  runCardAction(
    h.ctx,
    request(userId, 'record.complete', { sessionId: PAST, recordSummary: summary }),
  );
async function currentHash(id?: string) {
  const s = (await h.schedule.getSession(id ?? PAST))!.value;
  const actions = (await h.schedule.load()).snapshot.actions;
  return recordHash(recordContent(s, s.recordSummary, actions));
}
const sign = (userId: string, contentHash?: string, id?: string) =>
  runCardAction(
    h.ctx,
    request(userId, 'record.sign', {
      sessionId: id ?? PAST,
      ...(contentHash ? { contentHash } : {}),
    }),
  );

describe('record.complete', () => {
  it('only the supervisor completes, only a held session, and the summary is never logged', async () => {
    expect((await complete(SUPERVISEE)).kind).toBe('refused');
    expect((await complete('sm-1')).kind).toBe('refused');
    const future = await runCardAction(
      h.ctx,
      request(SUPERVISOR, 'record.complete', { sessionId: FUTURE }),
    );
    expect(future.kind).toBe('invalid');
    const tooLong = await complete(SUPERVISOR, 'x'.repeat(4001));
    expect(tooLong.kind).toBe('invalid');

    const r = card(await complete());
    const s = (await h.schedule.getSession(PAST))!.value;
    expect(s.recordCompletedAt).toBe(h.clock.now().toISOString());
    expect(s.recordSummary).toBe(SUMMARY);
    expect(r.messages!.map((m) => [m.recipientId, m.key])).toEqual([
      [SUPERVISOR, `sign-request|${PAST}|supervisor`],
      [SUPERVISEE, `sign-request|${PAST}|supervisee`],
    ]);
    for (const m of r.messages!) {
      expect(json(m.card)).toContain(SUMMARY);
      expect(m.summary).not.toContain('LL-');
      expect(checkCard(m.card).verbs).toEqual(
        expect.arrayContaining(['record.sign', 'record.disagree']),
      );
    }
    expect(json(h.logger.lines)).not.toContain('LL-204332');
  });

  it('a summary that seems to name a child is saved, with a warning and nothing of it logged (issue 18)', async () => {
    const named = 'Discussed Jayden Smith (LL-204332): plan agreed with Helen Ashford.';
    const r = card(await complete(SUPERVISOR, named));
    expect((await h.schedule.getSession(PAST))!.value.recordSummary).toBe(named);
    expect(json(r.card)).toMatch(/may name a child \(\\"Jayden Smith\\"\)/);
    expect(json(r.card)).not.toContain('Helen Ashford\\"');
    expect(r.messages!.length).toBe(2);
    expect(json(h.logger.lines)).not.toContain('Jayden');
    expect(h.logger.lines.map((l) => l.event)).toContain('record.name-warning');
  });

  it('a second click sends nothing and writes nothing', async () => {
    card(await complete());
    const before = h.counts.sessionUpdates[PAST];
    const again = card(await complete());
    expect(again.messages).toEqual([]);
    expect(h.counts.sessionUpdates[PAST]).toBe(before);
  });
});

describe('record.sign and record.disagree', () => {
  beforeEach(async () => {
    card(await complete());
    h.clock.advance(3_600_000);
  });

  it('a signature is an audit entry with the record hash plus the signed-at field; twice = once', async () => {
    const hash = await currentHash();
    const r = card(await sign(SUPERVISOR, hash));
    const entries = await h.schedule.listSignatures(PAST);
    expect(entries).toEqual([
      {
        id: `${PAST}|${SUPERVISOR}|${hash}|signed`,
        sessionId: PAST,
        signerId: SUPERVISOR,
        signerRole: 'supervisor',
        decision: 'signed',
        at: h.clock.now().toISOString(),
        contentHash: hash,
        activityId: expect.stringMatching(/^activity-/),
      },
    ]);
    expect((await h.schedule.getSession(PAST))!.value.supervisorSignedAt).toBe(
      h.clock.now().toISOString(),
    );
    expect(json(r.card)).toContain('waiting');
    expect(r.messages).toEqual([]);

    const signedAt = (await h.schedule.getSession(PAST))!.value.supervisorSignedAt;
    h.clock.advance(60_000);
    card(await sign(SUPERVISOR, hash));
    expect(await h.schedule.listSignatures(PAST)).toHaveLength(1);
    expect((await h.schedule.getSession(PAST))!.value.supervisorSignedAt).toBe(signedAt);
  });

  it('when both have signed, the signer sees it final; the other party gets one line (issue 17)', async () => {
    const hash = await currentHash();
    card(await sign(SUPERVISOR, hash));
    const r = card(await sign(SUPERVISEE, hash));
    // The signer's own card is the answer (final); a full record card to both as well showed
    // the final record three times.
    expect(json(r.card)).toContain('this record is final');
    expect(r.messages!.map((m) => m.recipientId)).toEqual([SUPERVISOR]);
    for (const m of r.messages!) {
      expect(json(m.card)).toContain('signed by both of you');
      expect(checkCard(m.card).verbs).not.toContain('record.sign'); // nothing left to sign
    }
    const s = (await h.schedule.getSession(PAST))!.value;
    expect(s.supervisorSignedAt && s.superviseeSignedAt).toBeTruthy();
  });

  it('two concurrent identical signs: one audit entry, one session update', async () => {
    const hash = await currentHash();
    const before = h.counts.sessionUpdates[PAST] ?? 0;
    const results = await Promise.all([sign(SUPERVISEE, hash), sign(SUPERVISEE, hash)]);
    expect(results.map((r) => r.kind)).toEqual(['card', 'card']);
    expect(await h.schedule.listSignatures(PAST)).toHaveLength(1);
    expect(h.counts.sessionUpdates[PAST]).toBe(before + 1);
    // Both really raced past the "already signed?" check; the ETag let only one write.
    const signed = h.logger.lines
      .filter((l) => l.event === 'record.signed')
      .map((l) => l.fields.repeat);
    expect(signed.sort()).toEqual([false, true]);
  });

  it('only the two parties sign', async () => {
    for (const who of ['sm-1', 'tl-wrekin']) expect((await sign(who)).kind).toBe('refused');
    expect(await h.schedule.listSignatures(PAST)).toEqual([]);
  });

  it('a card showing an older version of the record cannot be signed', async () => {
    const r = card(await sign(SUPERVISEE, 'f'.repeat(64)));
    expect(json(r.card)).toContain('The record changed since this card was sent');
    expect(await h.schedule.listSignatures(PAST)).toEqual([]);
  });

  it('disagreeing needs a comment, is audited, tells the other party, and is never logged', async () => {
    const hash = await currentHash();
    const bad = await runCardAction(
      h.ctx,
      request(SUPERVISEE, 'record.disagree', { sessionId: PAST, contentHash: hash }),
    );
    expect(bad.kind).toBe('invalid');
    const comment = 'The plan for LL-204332 was not agreed as written';
    const r = card(
      await runCardAction(
        h.ctx,
        request(SUPERVISEE, 'record.disagree', {
          sessionId: PAST,
          contentHash: hash,
          disagreeComment: comment,
        }),
      ),
    );
    const [entry] = await h.schedule.listSignatures(PAST);
    expect(entry).toMatchObject({
      decision: 'disagreed',
      comment,
      signerId: SUPERVISEE,
      contentHash: hash,
    });
    expect((await h.schedule.getSession(PAST))!.value.superviseeSignedAt).toBeUndefined();
    expect(r.messages!.map((m) => m.recipientId)).toEqual([SUPERVISOR]);
    expect(json(r.messages![0]!.card)).toContain('disagreed');
    expect(json(h.logger.lines)).not.toContain('not agreed');
  });

  it('changing the record voids an earlier signature and asks again', async () => {
    const oldHash = await currentHash();
    card(await sign(SUPERVISOR, oldHash));
    h.clock.advance(60_000);
    const r = card(await complete(SUPERVISOR, `${SUMMARY} Corrected.`));
    const newHash = await currentHash();
    expect(newHash).not.toBe(oldHash);
    const entries = await h.schedule.listSignatures(PAST);
    expect(entries.map((e) => [e.decision, e.contentHash])).toEqual([
      ['signed', oldHash],
      ['voided', oldHash],
    ]);
    expect((await h.schedule.getSession(PAST))!.value.supervisorSignedAt).toBeUndefined();
    expect(r.messages!.map((m) => m.key)).toEqual([
      `sign-request|${PAST}|supervisor|${newHash.slice(0, 16)}`,
      `sign-request|${PAST}|supervisee|${newHash.slice(0, 16)}`,
    ]);
    expect(json(r.messages![0]!.card)).toContain('signature void');
    // Signing the new version works again.
    card(await sign(SUPERVISOR, newHash));
    expect((await h.schedule.getSession(PAST))!.value.supervisorSignedAt).toBeTruthy();
  });
  it('a record changed A → B → A can be signed again on A, and the new signature counts', async () => {
    const minute = () => h.clock.advance(60_000);
    const a = await currentHash();
    card(await sign(SUPERVISEE, a));
    minute();
    card(await complete(SUPERVISOR, `${SUMMARY} Version B.`));
    const b = await currentHash();
    minute();
    card(await sign(SUPERVISEE, b));
    minute();
    card(await complete(SUPERVISOR, SUMMARY));
    expect(await currentHash()).toBe(a);
    minute();
    const again = card(await sign(SUPERVISEE, a));
    expect(json(again.card)).not.toContain('signature void');
    expect((await h.schedule.getSession(PAST))!.value.superviseeSignedAt).toBeTruthy();
    const trail = async () =>
      (await h.schedule.listSignatures(PAST)).map((e) => [e.decision, e.contentHash]);
    expect(await trail()).toEqual([
      ['signed', a],
      ['voided', a],
      ['signed', b],
      ['voided', b],
      ['signed', a],
    ]);
    // The same card pressed again still signs once.
    card(await sign(SUPERVISEE, a));
    expect(await trail()).toHaveLength(5);
    // And a second change away from A is audited as its own void, not lost as a duplicate.
    minute();
    card(await complete(SUPERVISOR, `${SUMMARY} Version B.`));
    expect((await trail()).slice(5)).toEqual([['voided', a]]);
    expect((await h.schedule.getSession(PAST))!.value.superviseeSignedAt).toBeUndefined();
    const ids = (await h.schedule.listSignatures(PAST)).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('a signature is not cleared while its voided audit entry cannot be written', async () => {
    const oldHash = await currentHash();
    card(await sign(SUPERVISOR, oldHash));
    const realAppend = h.ctx.writer.appendSignature;
    h.ctx.writer.appendSignature = async (e) =>
      e.decision === 'voided' ? { ok: false, code: 'unavailable', message: 'down' } : realAppend(e);
    h.clock.advance(60_000);
    const r = await complete(SUPERVISOR, `${SUMMARY} Corrected.`);
    expect(r.kind).toBe('invalid');
    // The field stays (shown as void on cards) until the audit entry can explain its removal.
    expect((await h.schedule.getSession(PAST))!.value.supervisorSignedAt).toBeTruthy();
    h.ctx.writer.appendSignature = realAppend;
    card(await complete(SUPERVISOR, `${SUMMARY} Corrected.`));
    expect((await h.schedule.listSignatures(PAST)).map((e) => e.decision)).toEqual([
      'signed',
      'voided',
    ]);
    expect((await h.schedule.getSession(PAST))!.value.supervisorSignedAt).toBeUndefined();
  });
  it('a change made elsewhere (an agreed action edited in the list) voids on the next signature', async () => {
    const oldHash = await currentHash();
    card(await sign(SUPERVISOR, oldHash));
    const action = (await h.schedule.load()).snapshot.actions.find((a) => a.sessionId === PAST)!;
    await h.schedule.upsertActions([{ ...action, text: `${action.text} (edited)` }]);
    h.clock.advance(60_000);
    const newHash = await currentHash();
    const r = card(await sign(SUPERVISEE, newHash));
    const s = (await h.schedule.getSession(PAST))!.value;
    expect(s.supervisorSignedAt).toBeUndefined();
    expect(s.superviseeSignedAt).toBeTruthy();
    const trail = (await h.schedule.listSignatures(PAST)).map((e) => `${e.signerId} ${e.decision}`);
    expect(trail.sort()).toEqual([
      `${SUPERVISEE} signed`,
      `${SUPERVISOR} signed`,
      `${SUPERVISOR} voided`,
    ]);
    expect(r.messages!.map((m) => [m.recipientId, m.key])).toEqual([
      [SUPERVISOR, `sign-request|${PAST}|supervisor|${newHash.slice(0, 16)}`],
    ]);
  });
});

describe('the demo record waiting for the supervisee', () => {
  it('the supervisee signs it: their card shows it signed by both; the supervisor gets one line, not the record again', async () => {
    const hash = await currentHash(HALF_SIGNED);
    const r = card(await sign(SUPERVISEE, hash, HALF_SIGNED));
    // Before issue 17 both got the full record card again: the signer saw it three times.
    expect(r.messages!.map((m) => m.key)).toEqual([
      `record-signed|${HALF_SIGNED}|supervisor|${hash.slice(0, 16)}`,
    ]);
    const note = JSON.stringify(r.messages![0]!.card);
    expect(note).toContain('signed by both of you');
    expect(note).not.toContain('Record summary');
  });
});

describe('disagreement-open (002 §2.1, §3.3; 003 §12): recorded on the session until resolved', () => {
  beforeEach(async () => {
    card(await complete());
  });
  const disagree = async (hash: string) =>
    runCardAction(
      h.ctx,
      request(SUPERVISEE, 'record.disagree', {
        sessionId: PAST,
        contentHash: hash,
        disagreeComment: 'Not as agreed',
      }),
    );
  const resolve = (userId: string) =>
    runCardAction(h.ctx, request(userId, 'record.resolve-disagreement', { sessionId: PAST }));

  it('a disagreement sets disagreementAt once; the supervisor marks it resolved once', async () => {
    const hash = await currentHash();
    card(await disagree(hash));
    const at = (await h.schedule.getSession(PAST))!.value.disagreementAt;
    expect(at).toBe(h.clock.now().toISOString());
    // The record itself did not change: the fingerprint stands.
    expect(await currentHash()).toBe(hash);
    h.clock.advance(60_000);
    card(await disagree(hash)); // a repeat press
    expect((await h.schedule.getSession(PAST))!.value.disagreementAt).toBe(at);
    // The supervisor sees the button; the supervisee does not; only the supervisor may press it.
    const supCard = json(await signCardFor(h.ctx, (await loadSession(h.ctx, PAST))!, SUPERVISOR));
    expect(supCard).toContain('record.resolve-disagreement');
    const seeCard = json(await signCardFor(h.ctx, (await loadSession(h.ctx, PAST))!, SUPERVISEE));
    expect(seeCard).not.toContain('record.resolve-disagreement');
    expect((await resolve(SUPERVISEE)).kind).toBe('refused');
    const r = card(await resolve(SUPERVISOR));
    expect(json(r.card)).toContain('marked resolved');
    const resolvedAt = (await h.schedule.getSession(PAST))!.value.disagreementResolvedAt;
    expect(resolvedAt).toBe(h.clock.now().toISOString());
    h.clock.advance(60_000);
    card(await resolve(SUPERVISOR));
    expect((await h.schedule.getSession(PAST))!.value.disagreementResolvedAt).toBe(resolvedAt);
    // A retried press of the old disagreement does not reopen it.
    card(await disagree(hash));
    expect((await h.schedule.getSession(PAST))!.value.disagreementResolvedAt).toBe(resolvedAt);
  });

  it('the finding follows the session: open after disagreeing, gone once resolved', async () => {
    const hash = await currentHash();
    card(await disagree(hash));
    const kinds = async () => {
      const { snapshot } = await h.schedule.load();
      return evaluate(snapshot, h.ctx.profile, '2026-11-24')
        .findings.filter((f) => f.kind === 'disagreement-open')
        .map((f) => [f.sessionId, f.notify]);
    };
    expect(await kinds()).toEqual([[PAST, SUPERVISOR]]);
    card(await resolve(SUPERVISOR));
    expect(await kinds()).toEqual([]);
  });
});
