/**
 * The tick's signature re-check: a record edited outside the bot (in the SharePoint list: the
 * summary, the agreed actions, the held minutes) after someone signed keeps its signed-at
 * fields, yet the signature covered other content. Each tick this finds such records cheaply
 * and voids + re-requests the signature exactly as `record.complete` does for a changed record
 * (usecases/sign-record.ts).
 *
 * Cheap: the candidates and their current hashes come from the tick's snapshot (no per-session
 * read); the audit trails of all candidates come in one batch read (`listSignaturesFor`). Only
 * a record found stale is loaded on its own (ETag-checked writes need the versioned session).
 * Logs ids and codes only, never record text.
 */
import { errorName } from '../kernel/errors';
import type { Instant, OrgSnapshot, Session } from '../policy/domain';
import type { SignatureEntry } from '../ports/schedule';
import { signKey } from '../ports/planned';
import type { AppContext } from './context';
import { voidStale } from './record-writes';
import { loadSession } from './session-scope';
import { signRequest, type SignRequest } from './sign-record';
import {
  currentHash,
  hashOfRecord,
  isStale,
  PARTIES,
  type Party,
  type SignState,
} from './signatures';

/** Recorded as the `activityId` of a `voided` entry the tick wrote (no card was acted on). */
export const RECHECK_ACTIVITY = 'tick-recheck';
export const RECHECK_SUMMARY =
  'A supervision record you signed has changed: please read it and sign again.';
const DAY = 86_400_000;

export interface RecheckCandidate {
  session: Session;
  /** The current record's hash, from the snapshot (sign-view hashOfRecord, as currentHash). */
  hash: string;
}

/**
 * Pure: held one-to-ones whose record was completed within the last `lookbackDays` and that
 * carry at least one signed-at field, with their current hash.
 */
export function recheckCandidates(
  snapshot: OrgSnapshot,
  now: Instant,
  lookbackDays = 30,
): RecheckCandidate[] {
  const fromIso = new Date(Date.parse(now) - lookbackDays * DAY).toISOString();
  const sessions = snapshot.sessions.filter(
    (s) =>
      s.kind === 'one-to-one' &&
      s.status === 'held' &&
      !!s.recordCompletedAt &&
      s.recordCompletedAt >= fromIso &&
      (!!s.supervisorSignedAt || !!s.superviseeSignedAt),
  );
  const wanted = new Set(sessions.map((s) => s.id));
  const records = new Map(
    snapshot.records.filter((r) => wanted.has(r.sessionId)).map((r) => [r.sessionId, r]),
  );
  const actions = new Map<string, OrgSnapshot['actions']>();
  for (const a of snapshot.actions) {
    if (!wanted.has(a.sessionId)) continue;
    const list = actions.get(a.sessionId);
    if (list) list.push(a);
    else actions.set(a.sessionId, [a]);
  }
  return sessions.map((session) => ({
    session,
    hash: hashOfRecord(session, actions.get(session.id) ?? [], records.get(session.id)),
  }));
}

/** Pure: the parties whose set signature does not stand for `hash` (sign-view isStale). */
export function staleParties(entries: readonly SignatureEntry[], c: RecheckCandidate): Party[] {
  return PARTIES.filter((p) => isStale(entries, c.session, p, c.hash));
}

export interface RecheckResult {
  /** Signed records checked. */
  candidates: number;
  /** Records with at least one signature on other content. */
  stale: number;
  /** Signatures voided (0 on a dry run). */
  voided: number;
  /** Records whose void could not be written now (retried next tick). */
  busy: number;
  /**
   * Re-requests for the voided signatures (deterministic keys: sent once), each with the
   * record as it stands for the edge to render the sign card from (present/recheck.ts).
   */
  requests: Array<{ request: SignRequest; state: SignState }>;
}

export async function recheckSignedRecords(
  ctx: AppContext,
  snapshot: OrgSnapshot,
  opts: { lookbackDays?: number; dryRun?: boolean } = {},
): Promise<RecheckResult> {
  const candidates = recheckCandidates(snapshot, ctx.clock.now().toISOString(), opts.lookbackDays);
  const result: RecheckResult = {
    candidates: candidates.length,
    stale: 0,
    voided: 0,
    busy: 0,
    requests: [],
  };
  if (candidates.length === 0) return result;
  const trails = await ctx.writer.listSignaturesFor(candidates.map((c) => c.session.id));
  const stale = candidates.filter((c) => staleParties(trails.get(c.session.id) ?? [], c).length);
  result.stale = stale.length;
  if (opts.dryRun) return result;
  for (const c of stale) {
    const id = c.session.id;
    try {
      // As sign-record.ts does: the versioned session, the hash recomputed from what was read.
      const scope = await loadSession(ctx, id);
      if (!scope) continue;
      const { hash } = currentHash(scope);
      const { scope: after, voided } = await voidStale(ctx, scope, hash, RECHECK_ACTIVITY);
      if (after === 'gone') continue;
      if (after === 'busy') {
        result.busy++;
        continue;
      }
      result.voided += voided.length;
      const state: SignState | null = voided.length
        ? { scope: after, entries: await ctx.writer.listSignatures(id) }
        : null;
      for (const party of voided) {
        result.requests.push({
          request: signRequest(
            after.session,
            party,
            `${signKey(id, party)}|${hash.slice(0, 16)}`,
            RECHECK_SUMMARY,
          ),
          state: state!,
        });
      }
      if (voided.length)
        ctx.logger.info('record.recheck-voided', { sessionId: id, parties: voided.join(',') });
    } catch (err) {
      result.busy++;
      ctx.logger.warn('record.recheck-failed', { sessionId: id, code: errorName(err) });
    }
  }
  return result;
}
