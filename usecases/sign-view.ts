/**
 * Signature state of a record and the sign card built from it. A signature stands only for
 * the record content it was made on: the session's `…SignedAt` field says someone signed,
 * the audit trail says what they signed (its content hash).
 */
import { londonDateOf } from '../policy/calendar';
import type { Session } from '../policy/domain';
import { signCard, type SignatureState, type SignView } from '../cards/sign-card';
import type { CardJson } from '../cards/card-kit';
import type { SignatureEntry } from '../ports/schedule';
import type { AppContext } from './context';
import { recordContent, recordHash } from './record-hash';
import { actionViews, nameOf, roleIn, todayOf, type SessionScope } from './session-scope';

export type Party = 'supervisor' | 'supervisee';
export const PARTIES: readonly Party[] = ['supervisor', 'supervisee'];

export function signedField(party: Party): 'supervisorSignedAt' | 'superviseeSignedAt' {
  return party === 'supervisor' ? 'supervisorSignedAt' : 'superviseeSignedAt';
}

export function signerOf(session: Session, party: Party): string {
  return party === 'supervisor' ? session.supervisorId : session.superviseeId;
}

/** The current record's hash (the session's summary and its agreed actions). */
export function currentHash(scope: SessionScope): { hash: string; summary: string } {
  const summary = scope.session.recordSummary ?? '';
  return { hash: recordHash(recordContent(scope.session, summary, scope.actions)), summary };
}

/** The hash of the latest signature `party` made, or null when none is on the audit trail. */
export function lastSignedHash(
  entries: readonly SignatureEntry[],
  session: Session,
  party: Party,
): string | null {
  const signed = entries.filter(
    (e) =>
      e.signerId === signerOf(session, party) && e.signerRole === party && e.decision === 'signed',
  );
  return signed[signed.length - 1]?.contentHash ?? null;
}

/**
 * Whether a set signature field is stale (made on other content). A field with no audit entry
 * (signed outside the bot, e.g. in the list) cannot be checked and is trusted.
 */
export function isStale(
  entries: readonly SignatureEntry[],
  session: Session,
  party: Party,
  hash: string,
): boolean {
  if (!session[signedField(party)]) return false;
  const last = lastSignedHash(entries, session, party);
  return last !== null && last !== hash;
}

export function stateOf(
  entries: readonly SignatureEntry[],
  session: Session,
  party: Party,
  hash: string,
): SignatureState {
  const at = session[signedField(party)];
  if (at && !isStale(entries, session, party, hash)) return { state: 'signed', at };
  const mine = entries.filter(
    (e) => e.signerId === signerOf(session, party) && e.signerRole === party,
  );
  const last = mine[mine.length - 1];
  if (at) return { state: 'voided', at: session.recordCompletedAt ?? at };
  if (last?.decision === 'disagreed' && last.contentHash === hash) {
    return { state: 'disagreed', at: last.at, comment: last.comment ?? '' };
  }
  if (last?.decision === 'voided') return { state: 'voided', at: last.at };
  return { state: 'waiting' };
}

export async function signCardFor(
  ctx: AppContext,
  scope: SessionScope,
  viewerId: string,
  notice?: SignView['notice'],
): Promise<CardJson> {
  const { session, hierarchy: h } = scope;
  const { hash, summary } = currentHash(scope);
  const entries = await ctx.writer.listSignatures(session.id);
  return signCard({
    sessionId: session.id,
    viewerRole: roleIn(session, viewerId) ?? 'observer',
    superviseeName: nameOf(h, session.superviseeId),
    supervisorName: nameOf(h, session.supervisorId),
    heldDate: londonDateOf(session.scheduledStart),
    heldMinutes: session.heldMinutes,
    summary,
    actions: actionViews(h, scope.actions, todayOf(ctx)),
    contentHash: hash,
    supervisor: stateOf(entries, session, 'supervisor', hash),
    supervisee: stateOf(entries, session, 'supervisee', hash),
    refreshUserIds: [session.supervisorId, session.superviseeId],
    notice,
  });
}
