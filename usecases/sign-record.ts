/**
 * Completing and signing the supervision record: `record.complete` (the supervisor, with an
 * optional summary), `record.sign` and `record.disagree` (either party).
 *
 * A signature is an audit entry (signer, role, UTC time, SHA-256 of the canonical record, the
 * card's activity id) plus the session's `supervisorSignedAt` / `superviseeSignedAt`. Audit
 * ids are deterministic per signing event (`session|signer|hash|decision`, then `|round` for
 * each later entry of that signer: sign-view.ts `nextEntryId`) and the session write is
 * ETag-checked, so signing twice signs once, while a record that returns to earlier content can
 * still be signed again. When the record changes after someone signed, their signature is
 * void: a `voided` entry is appended, the field cleared, and the signature re-requested. When
 * both have signed, the other party is told.
 *
 * Each takes a typed command and answers a typed outcome (usecases/outcome.ts) carrying the
 * record and its audit trail as they stand, and the sign requests to send, so the edges (the
 * card, present/sign-actions.ts; the tab, tab/actions.ts) render without reading again.
 */
import { londonDateOf } from '../policy/calendar';
import type { LocalDate, Session } from '../policy/domain';
import { childNameWarning, possibleChildNames } from '../policy/child-name-guard';
import type { SignatureEntry } from '../ports/schedule';
import { recordDisagreedKey, recordSignedKey, signKey } from '../ports/planned';
import type { AppContext } from './context';
import { done, invalid, notFound, refused, unavailable, type Outcome } from './outcome';
import { voidStale, writeSession } from './record-writes';
import { loadSession, nameOf, nowIso, roleIn, type SessionScope } from './session-scope';
import {
  currentHash,
  nextEntryId,
  PARTIES,
  signedField,
  signerOf,
  stateOf,
  trailOf,
  type Party,
  type SignState,
} from './signatures';

const SUMMARY_MAX = 4000;
const COMMENT_MAX = 2000;
const GONE = notFound('That session no longer exists in the supervision list.');
const BUSY = unavailable(
  'The supervision list could not be updated just now; please try again in a minute.',
);

/** A sign card to send to one party, rendered by the edge from the outcome's `SignState`. */
export interface SignRequest {
  recipientId: string;
  key: string;
  summary: string;
}

export function signRequest(
  session: Session,
  party: Party,
  key: string,
  summary: string,
): SignRequest {
  return { recipientId: signerOf(session, party), key, summary };
}

/**
 * A sign request to each party who has not signed this content (`hash`). The first completion
 * asks under the plain sign key (once per session); a later change asks again under a key of
 * the new content, so each version of the record is asked for once.
 */
export function unsignedRequests(
  entries: readonly SignatureEntry[],
  session: Session,
  hash: string,
  firstAsk: boolean,
  summary: string,
): SignRequest[] {
  const requests: SignRequest[] = [];
  for (const party of PARTIES) {
    if (stateOf(entries, session, party, hash).state === 'signed') continue;
    const key = firstAsk
      ? signKey(session.id, party)
      : `${signKey(session.id, party)}|${hash.slice(0, 16)}`;
    requests.push(signRequest(session, party, key, summary));
  }
  return requests;
}

export interface CompleteRecordCommand {
  userId: string;
  sessionId?: string;
  /** The record summary as typed ('' or absent: none). */
  summary?: string;
  /** The card (or `tab`) acted on, recorded with any void this completion causes. */
  activityId: string;
}

export interface RecordCompleted {
  /** The record as it stands after completing. */
  scope: SessionScope;
  /** The record's signatures, to render the sign requests from. */
  sign: SignState;
  /** Sign cards to send: both parties the first time, or on a changed record; else none. */
  requests: SignRequest[];
  /** The summary may name a child (never blocks: policy/child-name-guard.ts). */
  nameWarning?: string;
}

export async function completeRecord(
  ctx: AppContext,
  cmd: CompleteRecordCommand,
): Promise<Outcome<RecordCompleted>> {
  const scope = await loadSession(ctx, cmd.sessionId ?? '');
  if (!scope) return GONE;
  const s = scope.session;
  if (cmd.userId !== s.supervisorId) {
    return refused(
      `Only ${nameOf(scope.hierarchy, s.supervisorId)} (the supervisor) can complete this record.`,
    );
  }
  if (s.status !== 'held')
    return invalid('Only a held session has a record: confirm it as held first.');
  const summary = cmd.summary ?? '';
  if (summary.length > SUMMARY_MAX)
    return invalid(`The summary is too long (${SUMMARY_MAX} characters at most).`);

  const before = currentHash(scope);
  const firstCompletion = !s.recordCompletedAt;
  // One write sets both the completion time and the summary, so nobody can see one without
  // the other. Whether THIS request completed it (false when a concurrent click got there first).
  let wonCompletion = false;
  const written = await writeSession(ctx, scope, (cur) => {
    wonCompletion = !cur.recordCompletedAt;
    const patch: Partial<Session> = {};
    if (wonCompletion) patch.recordCompletedAt = nowIso(ctx);
    if ((cur.recordSummary ?? '') !== summary) patch.recordSummary = summary || undefined;
    return Object.keys(patch).length ? patch : null;
  });
  if (written === 'gone') return GONE;
  if (written === 'busy') return BUSY;
  const { hash } = currentHash(written);
  const { scope: after, voided } = await voidStale(ctx, written, hash, cmd.activityId);
  if (after === 'gone') return GONE;
  if (after === 'busy') return BUSY;

  const changed = hash !== before.hash;
  // Only the first completion (or a changed record) sends sign cards: a second click sends nothing.
  const requests: SignRequest[] = [];
  let entries: readonly SignatureEntry[] = [];
  if (wonCompletion || (!firstCompletion && changed) || voided.length > 0) {
    ctx.logger.info('record.completed', {
      sessionId: s.id,
      by: cmd.userId,
      first: firstCompletion,
    });
    entries = await ctx.writer.listSignatures(s.id);
    requests.push(
      ...unsignedRequests(
        entries,
        after.session,
        hash,
        wonCompletion,
        'A supervision record is ready for your signature.',
      ),
    );
  }
  // Never blocks: the guard cannot tell a child from a colleague or a place (policy/child-name-guard.ts).
  const names = after.hierarchy.all().map((p) => p.name);
  const nameWarning = childNameWarning(possibleChildNames(summary, names));
  if (nameWarning) ctx.logger.info('record.name-warning', { sessionId: s.id });
  return done({
    scope: after,
    sign: { scope: after, entries },
    requests,
    ...(nameWarning ? { nameWarning } : {}),
  });
}

export interface SignCommand {
  userId: string;
  sessionId?: string;
  decision: 'signed' | 'disagreed';
  /** Required to disagree. */
  comment?: string;
  /** The hash of the record as the signer saw it; a different record is not signed. */
  contentHash?: string;
  /** Refuse a command without `contentHash` (the tab: a signature covers what was seen). */
  requireContentHash?: boolean;
  /** The card (or `tab`) acted on, recorded in the audit entry. */
  activityId: string;
}

/** The other party, told that both have now signed. */
export interface SignedNotice {
  recipientId: string;
  key: string;
  heldDate: LocalDate;
}

export interface SignDone {
  /** The record and its audit trail as they stand after the decision. */
  state: SignState;
  /** `already-signed`: this party's signature on this content was there; nothing changed. */
  result: 'signed' | 'already-signed' | 'disagreed';
  /** Sign cards to send (the other party after a disagreement; re-requests after a void). */
  requests: SignRequest[];
  /** Both have signed: the other party is told in one line. */
  bothSigned: SignedNotice[];
}

/**
 * `conflict`: the record changed since the signer saw it (`contentHash`); nothing was signed,
 * and the value is the record as it stands now.
 */
export type SignOutcome = Outcome<SignDone, SignState>;

export async function signRecord(ctx: AppContext, cmd: SignCommand): Promise<SignOutcome> {
  const { decision } = cmd;
  const loaded = await loadSession(ctx, cmd.sessionId ?? '');
  if (!loaded) return GONE;
  const party = roleIn(loaded.session, cmd.userId);
  if (!party) {
    const h = loaded.hierarchy;
    return refused(
      `Only ${nameOf(h, loaded.session.supervisorId)} and ${nameOf(h, loaded.session.superviseeId)} sign this record.`,
      'not-a-party',
    );
  }
  if (cmd.requireContentHash && !cmd.contentHash)
    return invalid(
      'contentHash is required: a signature covers the record as you saw it.',
      'missing-content-hash',
    );
  if (!loaded.session.recordCompletedAt)
    return invalid(
      'The record is not complete yet; it can be signed once the supervisor completes it.',
    );
  const comment = cmd.comment;
  if (decision === 'disagreed' && !comment) return invalid('Please say what you disagree with.');
  if (comment && comment.length > COMMENT_MAX)
    return invalid(`The comment is too long (${COMMENT_MAX} characters at most).`);

  const { hash } = currentHash(loaded);
  const voiding = await voidStale(ctx, loaded, hash, cmd.activityId);
  if (voiding.scope === 'gone') return GONE;
  if (voiding.scope === 'busy') return BUSY;
  const scope = voiding.scope;
  const seen = cmd.contentHash;
  if (seen && seen !== hash) {
    return {
      code: 'conflict',
      reason: 'The record changed since you saw it; nothing was signed.',
      value: { scope, entries: await ctx.writer.listSignatures(scope.session.id) },
    };
  }
  const entries = await ctx.writer.listSignatures(scope.session.id);
  if (stateOf(entries, scope.session, party, hash).state === 'signed') {
    return done({
      state: { scope, entries },
      result: 'already-signed',
      requests: [],
      bothSigned: [],
    });
  }
  // A retry after the entry landed but the rest did not (the signed-at field, the messages):
  // the entry stands, its `at` is the moment of signing, and only the rest is left to do.
  const mine = trailOf(entries, scope.session, party);
  const last = mine[mine.length - 1];
  const recordedNow = last?.decision !== decision || last.contentHash !== hash;
  if (recordedNow) {
    const entry: SignatureEntry = {
      id: nextEntryId(entries, scope.session, party, hash, decision),
      sessionId: scope.session.id,
      signerId: cmd.userId,
      signerRole: party,
      decision,
      ...(decision === 'disagreed' ? { comment } : {}),
      at: nowIso(ctx),
      contentHash: hash,
      activityId: cmd.activityId,
    };
    const appended = await ctx.writer.appendSignature(entry);
    if (!appended.ok && appended.code !== 'conflict') {
      ctx.logger.warn('record.audit-failed', { sessionId: scope.session.id, code: appended.code });
      return BUSY;
    }
  }
  if (decision === 'disagreed') {
    // The session carries the open disagreement (disagreement-open, 002 §2.1, §3.3; 003 §12)
    // until someone marks it resolved. A retry of a disagreement already recorded (and since
    // resolved) must not reopen it; a new disagreement after a resolved one does.
    const at = nowIso(ctx);
    const marked = await writeSession(ctx, scope, (cur) => {
      if (cur.disagreementAt && !cur.disagreementResolvedAt) return null;
      if (!recordedNow && cur.disagreementAt) return null;
      return { disagreementAt: at, disagreementResolvedAt: undefined };
    });
    if (marked === 'gone') return GONE;
    if (marked === 'busy') return BUSY;
    ctx.logger.info('record.disagreed', {
      sessionId: scope.session.id,
      signerId: cmd.userId,
      role: party,
    });
    const other: Party = party === 'supervisor' ? 'supervisee' : 'supervisor';
    return done({
      // The session as read before the mark, the trail with the disagreement in it (as the
      // cards have always shown it).
      state: { scope, entries: await ctx.writer.listSignatures(scope.session.id) },
      result: 'disagreed',
      requests: [
        signRequest(
          scope.session,
          other,
          recordDisagreedKey(scope.session.id, cmd.userId, hash),
          'A disagreement was recorded on a supervision record.',
        ),
      ],
      bothSigned: [],
    });
  }
  const field = signedField(party);
  let firstToSign = false;
  const written = await writeSession(ctx, scope, (cur) => {
    firstToSign = !cur[field];
    return firstToSign ? { [field]: nowIso(ctx) } : null;
  });
  if (written === 'gone') return GONE;
  if (written === 'busy') return BUSY;
  ctx.logger.info('record.signed', {
    sessionId: scope.session.id,
    signerId: cmd.userId,
    role: party,
    repeat: !firstToSign,
  });
  const after = await ctx.writer.listSignatures(scope.session.id);
  const both = PARTIES.every((p) => stateOf(after, written.session, p, hash).state === 'signed');
  const requests: SignRequest[] = [];
  // A signature found stale on the way in is re-requested from its signer.
  for (const p of voiding.voided) {
    if (p === party) continue;
    requests.push(
      signRequest(
        written.session,
        p,
        `${signKey(scope.session.id, p)}|${hash.slice(0, 16)}`,
        'A supervision record changed and needs your signature again.',
      ),
    );
  }
  const bothSigned: SignedNotice[] = [];
  if (both) {
    // Only the other party is told, in one line (issue 17): the signer's own card already
    // shows the record signed by both (this answer), and the other party's sign card updates
    // in place through its refresh. A full record card to both showed it three times.
    for (const p of PARTIES) {
      if (p === party) continue;
      bothSigned.push({
        key: recordSignedKey(scope.session.id, p, hash),
        recipientId: signerOf(written.session, p),
        heldDate: londonDateOf(written.session.scheduledStart),
      });
    }
  }
  return done({
    state: { scope: written, entries: after },
    result: 'signed',
    requests,
    bothSigned,
  });
}

export interface ResolveDisagreementCommand {
  userId: string;
  sessionId?: string;
}

export interface DisagreementResolved {
  state: SignState;
  /** False: it was already marked resolved; nothing changed. */
  resolvedNow: boolean;
}

/**
 * The supervisor marks an open disagreement resolved (it then stops being `disagreement-open`).
 * Pressing it again, or after someone else resolved it, changes nothing.
 */
export async function resolveDisagreement(
  ctx: AppContext,
  cmd: ResolveDisagreementCommand,
): Promise<Outcome<DisagreementResolved>> {
  const scope = await loadSession(ctx, cmd.sessionId ?? '');
  if (!scope) return GONE;
  const s = scope.session;
  if (cmd.userId !== s.supervisorId)
    return refused(
      `Only ${nameOf(scope.hierarchy, s.supervisorId)} (the supervisor) can mark this disagreement resolved.`,
    );
  if (!s.disagreementAt) return invalid('No disagreement is recorded on this record.');
  const at = nowIso(ctx);
  let resolvedNow = false;
  const written = await writeSession(ctx, scope, (cur) => {
    resolvedNow = !cur.disagreementResolvedAt;
    return resolvedNow ? { disagreementResolvedAt: at } : null;
  });
  if (written === 'gone') return GONE;
  if (written === 'busy') return BUSY;
  if (resolvedNow)
    ctx.logger.info('record.disagreement-resolved', { sessionId: s.id, by: cmd.userId });
  return done({
    state: { scope: written, entries: await ctx.writer.listSignatures(s.id) },
    resolvedNow,
  });
}
