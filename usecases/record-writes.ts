/**
 * The two writes signing rests on: an ETag-checked session patch that re-reads and re-decides
 * when someone else wrote first, and voiding signatures made on an earlier version of the
 * record (a `voided` audit entry, then the signed-at field cleared).
 */
import type { Session } from '../policy/domain';
import type { AppContext } from './context';
import { nowIso, reloadSession, type SessionScope } from './session-scope';
import {
  isStale,
  lastSignature,
  nextEntryId,
  PARTIES,
  signedField,
  signerOf,
  type Party,
} from './signatures';

/** Writes a patch with the session's version, re-reading and re-deciding on a conflict. */
export async function writeSession(
  ctx: AppContext,
  scope: SessionScope,
  decide: (s: Session) => Partial<Session> | null,
): Promise<SessionScope | 'gone' | 'busy'> {
  let cur: SessionScope | null = scope;
  for (let attempt = 0; attempt < 4; attempt++) {
    if (!cur) return 'gone';
    const patch = decide(cur.session);
    if (!patch) return cur;
    const res = await ctx.writer.updateSession(cur.session.id, patch, cur.entry.version);
    // The write answers the session as written (a session patch leaves its actions alone).
    if (res.ok)
      return { ...cur, entry: { value: res.value, version: res.version }, session: res.value };
    if (res.code === 'not-found') return 'gone';
    if (res.code !== 'conflict') {
      ctx.logger.warn('record.write-failed', { sessionId: cur.session.id, code: res.code });
      return 'busy';
    }
    cur = await reloadSession(ctx, cur);
  }
  return 'busy';
}

/**
 * Voids every signature made on other content than the current record. Returns the parties
 * whose signature was voided, and the scope after the write.
 */
export async function voidStale(
  ctx: AppContext,
  scope: SessionScope,
  hash: string,
  activityId: string,
): Promise<{ scope: SessionScope | 'gone' | 'busy'; voided: Party[] }> {
  const entries = await ctx.writer.listSignatures(scope.session.id);
  const stale = PARTIES.filter((p) => isStale(entries, scope.session, p, hash));
  if (stale.length === 0) return { scope, voided: [] };
  for (const party of stale) {
    // Stale means a signature event is on the trail (an unchecked field is never stale).
    const last = lastSignature(entries, scope.session, party)!;
    // Its `voided` entry landed but clearing the field did not: only the clearing is left.
    if (last.decision === 'voided') continue;
    const signer = signerOf(scope.session, party);
    const appended = await ctx.writer.appendSignature({
      id: nextEntryId(entries, scope.session, party, last.contentHash, 'voided'),
      sessionId: scope.session.id,
      signerId: signer,
      signerRole: party,
      decision: 'voided',
      at: nowIso(ctx),
      contentHash: last.contentHash,
      activityId,
    });
    // Without its `voided` entry the audit trail could not explain the cleared field: keep the
    // signature (still shown as void) until the entry lands. A conflict means it already did.
    if (!appended.ok && appended.code !== 'conflict') {
      ctx.logger.warn('record.audit-failed', { sessionId: scope.session.id, code: appended.code });
      return { scope: 'busy', voided: [] };
    }
    ctx.logger.info('record.signature-voided', {
      sessionId: scope.session.id,
      signerId: signer,
      role: party,
    });
  }
  const after = await writeSession(ctx, scope, (s) => {
    const patch: Partial<Session> = {};
    for (const p of stale) if (s[signedField(p)]) patch[signedField(p)] = undefined;
    return Object.keys(patch).length ? patch : null;
  });
  return { scope: after, voided: stale };
}
