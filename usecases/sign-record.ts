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
 * both have signed, both get the final confirmation card.
 */
import { messageCard } from '../cards/message-card';
import { formatDate } from '../cards/card-kit';
import { londonDateOf } from '../policy/calendar';
import type { Session } from '../policy/domain';
import { childNameWarning, possibleChildNames } from '../policy/child-name-guard';
import { RECORD_COMPLETE_VERB } from '../cards/record-card';
import { SIGN_VERBS } from '../cards/sign-card';
import type { OutboundMessage } from '../ports/notifier';
import type { SignatureEntry } from '../ports/schedule';
import { recordDisagreedKey, recordSignedKey, signKey } from '../ports/planned';
import type { AppContext, CardActionHandler, CardActionRequest, CardActionResult } from './context';
import { recordCardFor } from './record-view';
import { voidStale, writeSession } from './record-writes';
import { input, loadSession, nameOf, nowIso, roleIn, type SessionScope } from './session-scope';
import {
  currentHash,
  nextEntryId,
  PARTIES,
  signCardFor,
  signedField,
  signerOf,
  stateOf,
  trailOf,
  type Party,
} from './sign-view';

const SUMMARY_MAX = 4000;
const COMMENT_MAX = 2000;
const GONE: CardActionResult = {
  kind: 'refused',
  message: 'That session no longer exists in the supervision list.',
};
const BUSY: CardActionResult = {
  kind: 'invalid',
  message: 'The supervision list could not be updated just now; please try again in a minute.',
};

export async function signMessage(
  ctx: AppContext,
  scope: SessionScope,
  party: Party,
  key: string,
  summary: string,
) {
  const recipientId = signerOf(scope.session, party);
  return {
    recipientId,
    card: await signCardFor(ctx, scope, recipientId),
    summary,
    key,
  } satisfies OutboundMessage;
}

async function complete(ctx: AppContext, req: CardActionRequest): Promise<CardActionResult> {
  const scope = await loadSession(ctx, input(req.data, 'sessionId') ?? '');
  if (!scope) return GONE;
  const s = scope.session;
  if (req.userId !== s.supervisorId) {
    return {
      kind: 'refused',
      message: `Only ${nameOf(scope.hierarchy, s.supervisorId)} (the supervisor) can complete this record.`,
    };
  }
  if (s.status !== 'held')
    return {
      kind: 'invalid',
      message: 'Only a held session has a record: confirm it as held first.',
    };
  const summary = input(req.data, 'recordSummary') ?? '';
  if (summary.length > SUMMARY_MAX)
    return {
      kind: 'invalid',
      message: `The summary is too long (${SUMMARY_MAX} characters at most).`,
    };

  const before = currentHash(scope, ctx.profile);
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
  const { hash } = currentHash(written, ctx.profile);
  const { scope: after, voided } = await voidStale(ctx, written, hash, req.activityId);
  if (after === 'gone') return GONE;
  if (after === 'busy') return BUSY;

  const changed = hash !== before.hash;
  // Only the first completion (or a changed record) sends sign cards: a second click sends nothing.
  const messages: OutboundMessage[] = [];
  if (wonCompletion || (!firstCompletion && changed) || voided.length > 0) {
    ctx.logger.info('record.completed', {
      sessionId: s.id,
      by: req.userId,
      first: firstCompletion,
    });
    const entries = await ctx.writer.listSignatures(s.id);
    for (const party of PARTIES) {
      if (stateOf(entries, after.session, party, hash).state === 'signed') continue;
      const key = wonCompletion
        ? signKey(s.id, party)
        : `${signKey(s.id, party)}|${hash.slice(0, 16)}`;
      messages.push(
        await signMessage(
          ctx,
          after,
          party,
          key,
          'A supervision record is ready for your signature.',
        ),
      );
    }
  }
  // Never blocks: the guard cannot tell a child from a colleague or a place (policy/child-name-guard.ts).
  const names = after.hierarchy.all().map((p) => p.name);
  const nameWarning = childNameWarning(possibleChildNames(summary, names));
  if (nameWarning) ctx.logger.info('record.name-warning', { sessionId: s.id });
  const done = messages.length
    ? 'Sent to you both for signature.'
    : 'Already complete; nothing changed.';
  const card = await recordCardFor(ctx, after, req.userId, {
    message: nameWarning ? `${done} ${nameWarning}` : done,
    tone: nameWarning ? 'warning' : messages.length ? 'good' : 'default',
  });
  return { kind: 'card', card, messages };
}

async function signOrDisagree(
  ctx: AppContext,
  req: CardActionRequest,
  decision: 'signed' | 'disagreed',
): Promise<CardActionResult> {
  const loaded = await loadSession(ctx, input(req.data, 'sessionId') ?? '');
  if (!loaded) return GONE;
  const party = roleIn(loaded.session, req.userId);
  if (!party) {
    const h = loaded.hierarchy;
    return {
      kind: 'refused',
      message: `Only ${nameOf(h, loaded.session.supervisorId)} and ${nameOf(h, loaded.session.superviseeId)} sign this record.`,
    };
  }
  if (!loaded.session.recordCompletedAt)
    return {
      kind: 'invalid',
      message: 'The record is not complete yet; it can be signed once the supervisor completes it.',
    };
  const comment = input(req.data, 'disagreeComment');
  if (decision === 'disagreed' && !comment)
    return { kind: 'invalid', message: 'Please say what you disagree with.' };
  if (comment && comment.length > COMMENT_MAX)
    return {
      kind: 'invalid',
      message: `The comment is too long (${COMMENT_MAX} characters at most).`,
    };

  const { hash } = currentHash(loaded, ctx.profile);
  const voiding = await voidStale(ctx, loaded, hash, req.activityId);
  if (voiding.scope === 'gone') return GONE;
  if (voiding.scope === 'busy') return BUSY;
  const scope = voiding.scope;
  const seen = input(req.data, 'contentHash');
  if (seen && seen !== hash) {
    return {
      kind: 'card',
      card: await signCardFor(ctx, scope, req.userId, {
        message:
          'The record changed since this card was sent. Please read it again before you sign.',
        tone: 'warning',
      }),
    };
  }
  const entries = await ctx.writer.listSignatures(scope.session.id);
  if (stateOf(entries, scope.session, party, hash).state === 'signed') {
    return {
      kind: 'card',
      card: await signCardFor(ctx, scope, req.userId, {
        message:
          decision === 'signed'
            ? 'You have signed this record.'
            : 'You have already signed this record; nothing changed.',
        tone: 'default',
      }),
    };
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
      signerId: req.userId,
      signerRole: party,
      decision,
      ...(decision === 'disagreed' ? { comment } : {}),
      at: nowIso(ctx),
      contentHash: hash,
      activityId: req.activityId,
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
      signerId: req.userId,
      role: party,
    });
    const other: Party = party === 'supervisor' ? 'supervisee' : 'supervisor';
    return {
      kind: 'card',
      card: await signCardFor(ctx, scope, req.userId, {
        message: 'Your disagreement is recorded.',
        tone: 'warning',
      }),
      messages: [
        await signMessage(
          ctx,
          scope,
          other,
          recordDisagreedKey(scope.session.id, req.userId, hash),
          'A disagreement was recorded on a supervision record.',
        ),
      ],
    };
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
    signerId: req.userId,
    role: party,
    repeat: !firstToSign,
  });
  const after = await ctx.writer.listSignatures(scope.session.id);
  const both = PARTIES.every((p) => stateOf(after, written.session, p, hash).state === 'signed');
  const messages: OutboundMessage[] = [];
  // A signature found stale on the way in is re-requested from its signer.
  for (const p of voiding.voided) {
    if (p === party) continue;
    messages.push(
      await signMessage(
        ctx,
        written,
        p,
        `${signKey(scope.session.id, p)}|${hash.slice(0, 16)}`,
        'A supervision record changed and needs your signature again.',
      ),
    );
  }
  if (both) {
    // Only the other party is told, in one line (issue 17): the signer's own card already
    // shows the record signed by both (this answer), and the other party's sign card updates
    // in place through its refresh. A full record card to both showed it three times.
    for (const p of PARTIES) {
      if (p === party) continue;
      const recipientId = signerOf(written.session, p);
      messages.push({
        key: recordSignedKey(scope.session.id, p, hash),
        recipientId,
        summary: 'A supervision record is now signed by both of you.',
        card: messageCard(
          `The record of your one-to-one on ${formatDate(londonDateOf(written.session.scheduledStart))} is now signed by both of you. Nothing more to do.`,
        ),
      });
    }
  }
  return { kind: 'card', card: await signCardFor(ctx, written, req.userId), messages };
}

/**
 * The supervisor marks an open disagreement resolved (it then stops being `disagreement-open`).
 * Pressing it again, or after someone else resolved it, changes nothing.
 */
async function resolveDisagreement(
  ctx: AppContext,
  req: CardActionRequest,
): Promise<CardActionResult> {
  const scope = await loadSession(ctx, input(req.data, 'sessionId') ?? '');
  if (!scope) return GONE;
  const s = scope.session;
  if (req.userId !== s.supervisorId)
    return {
      kind: 'refused',
      message: `Only ${nameOf(scope.hierarchy, s.supervisorId)} (the supervisor) can mark this disagreement resolved.`,
    };
  if (!s.disagreementAt)
    return { kind: 'invalid', message: 'No disagreement is recorded on this record.' };
  const at = nowIso(ctx);
  let resolvedNow = false;
  const written = await writeSession(ctx, scope, (cur) => {
    resolvedNow = !cur.disagreementResolvedAt;
    return resolvedNow ? { disagreementResolvedAt: at } : null;
  });
  if (written === 'gone') return GONE;
  if (written === 'busy') return BUSY;
  if (resolvedNow)
    ctx.logger.info('record.disagreement-resolved', { sessionId: s.id, by: req.userId });
  return {
    kind: 'card',
    card: await signCardFor(ctx, written, req.userId, {
      message: resolvedNow
        ? 'The disagreement is marked resolved.'
        : 'The disagreement was already marked resolved.',
      tone: 'good',
    }),
  };
}

export const signActions: Record<string, CardActionHandler> = {
  [RECORD_COMPLETE_VERB]: complete,
  [SIGN_VERBS.sign]: (ctx, req) => signOrDisagree(ctx, req, 'signed'),
  [SIGN_VERBS.disagree]: (ctx, req) => signOrDisagree(ctx, req, 'disagreed'),
  [SIGN_VERBS.resolve]: resolveDisagreement,
};
