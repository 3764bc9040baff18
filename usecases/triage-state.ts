/**
 * Pending swap offers and sickness requests, kept in the state store (namespace
 * `triage.requests`), one entry per rota day and kind: `swap|<date>`, `sick|<date>`.
 *
 * The rota row itself is the source of truth for who covers a day; these entries only remember
 * who was asked, until when, and how it ended, so cards can show "covered by …" and an
 * unanswered offer can lapse (the day stays with the holder and they are told).
 */
import type { Instant, LocalDate } from '../policy/domain';
import type { Json, KvStore } from '../ports/kv-store';

export const TRIAGE_REQUESTS_NS = 'triage.requests';

export interface SwapRequest {
  kind: 'swap';
  /** `swap|<date>|<createdAt>`: a card names the request it was sent for, so stale cards are spotted. */
  id: string;
  date: LocalDate;
  hub: string | null;
  holderId: string;
  askedIds: string[];
  /** `hub` (everyone in the holder's hub) or `person`. */
  askedScope: 'hub' | 'person';
  createdAt: Instant;
  expiresAt: Instant;
  status: 'open' | 'accepted' | 'declined' | 'expired' | 'withdrawn';
  declinedIds: string[];
  byId?: string;
  giveBackDate?: LocalDate;
  closedAt?: Instant;
}

export interface SickRequest {
  kind: 'sick';
  id: string;
  date: LocalDate;
  hub: string | null;
  holderId: string;
  reportedAt: Instant;
  /** When team leaders of every hub are asked if nobody in the hub has accepted. */
  escalateAt: Instant;
  stage: 'hub' | 'leaders';
  askedIds: string[];
  status: 'open' | 'covered' | 'expired';
  byId?: string;
  closedAt?: Instant;
}

export type TriageRequest = SwapRequest | SickRequest;

export function requestKey(kind: TriageRequest['kind'], date: LocalDate): string {
  return `${kind}|${date}`;
}

export interface Stored<T> {
  value: T;
  etag: string;
}

function isRequest(v: unknown): v is TriageRequest {
  const o = v as Partial<TriageRequest> | null;
  return (
    !!o &&
    typeof o === 'object' &&
    (o.kind === 'swap' || o.kind === 'sick') &&
    typeof o.id === 'string' &&
    typeof o.date === 'string'
  );
}

export async function getRequest<K extends TriageRequest['kind']>(
  kv: KvStore,
  kind: K,
  date: LocalDate,
): Promise<Stored<Extract<TriageRequest, { kind: K }>> | null> {
  const e = await kv.get(TRIAGE_REQUESTS_NS, requestKey(kind, date));
  if (!e || !isRequest(e.value) || e.value.kind !== kind) return null;
  return { value: e.value as unknown as Extract<TriageRequest, { kind: K }>, etag: e.etag };
}

/** Every stored request (for the tick), skipping anything malformed. */
export async function listRequests(kv: KvStore): Promise<Array<Stored<TriageRequest>>> {
  const entries = await kv.list(TRIAGE_REQUESTS_NS);
  return entries
    .filter((e) => isRequest(e.value))
    .map((e) => ({ value: e.value as unknown as TriageRequest, etag: e.etag }));
}

/** Writes a new request over an absent or closed one; false when an open one got there first. */
export async function putNewRequest(
  kv: KvStore,
  req: TriageRequest,
  existing: Stored<TriageRequest> | null,
): Promise<boolean> {
  const key = requestKey(req.kind, req.date);
  const value = req as unknown as Json;
  const res = existing
    ? await kv.replace(TRIAGE_REQUESTS_NS, key, value, existing.etag)
    : await kv.insert(TRIAGE_REQUESTS_NS, key, value);
  return res.ok;
}

/**
 * Applies `change` to the stored request with an etag check, re-reading and re-applying on
 * conflict. `change` returns null to leave it as it is. Returns the stored result.
 */
export async function updateRequest<K extends TriageRequest['kind']>(
  kv: KvStore,
  kind: K,
  date: LocalDate,
  change: (
    current: Extract<TriageRequest, { kind: K }>,
  ) => Extract<TriageRequest, { kind: K }> | null,
): Promise<Extract<TriageRequest, { kind: K }> | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const cur = await getRequest(kv, kind, date);
    if (!cur) return null;
    const next = change(cur.value);
    if (!next) return cur.value;
    const res = await kv.replace(
      TRIAGE_REQUESTS_NS,
      requestKey(kind, date),
      next as unknown as Json,
      cur.etag,
    );
    if (res.ok) return next;
  }
  throw new Error('triage request update kept conflicting');
}
