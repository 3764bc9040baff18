import { ConnectorRateLimiter } from './rate-limiter';
import { startConnectorServer } from './connector-server';

describe('ConnectorRateLimiter (Teams limits)', () => {
  it('allows 7 per conversation per second, then answers Retry-After', () => {
    let t = 0;
    const l = new ConnectorRateLimiter(undefined, () => t);
    for (let i = 0; i < 7; i++) expect(l.admit('c1', 't')).toBe(0);
    expect(l.admit('c1', 't')).toBeGreaterThan(0);
    expect(l.admit('c2', 't')).toBe(0);
    t = 1000;
    expect(l.admit('c1', 't')).toBe(0);
  });

  it('allows 60 per conversation in 30 seconds', () => {
    let t = 0;
    const l = new ConnectorRateLimiter(undefined, () => t);
    for (let i = 0; i < 60; i++) {
      expect(l.admit('c1', 't')).toBe(0);
      t += 200; // 5 a second: under the per-second limit
    }
    expect(l.admit('c1', 't')).toBeGreaterThan(0);
    t = 30_000;
    expect(l.admit('c1', 't')).toBe(0);
  });

  it('allows 50 per app per tenant per second across conversations', () => {
    const t = 0;
    const l = new ConnectorRateLimiter(undefined, () => t);
    for (let i = 0; i < 50; i++) expect(l.admit(`c${i}`, 'tenant-a')).toBe(0);
    expect(l.admit('c-new', 'tenant-a')).toBe(1);
    expect(l.admit('c-new', 'tenant-b')).toBe(0);
  });
});

describe('ConnectorTestServer', () => {
  it('records creations, activities (new and replies) and updates over HTTP', async () => {
    const s = await startConnectorServer();
    try {
      const created = await fetch(`${s.url}v3/conversations`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          bot: { id: '28:b' },
          members: [{ id: 'user-1' }],
          tenantId: 't',
          isGroup: false,
        }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const conv = encodeURIComponent(id);
      const sent = await fetch(`${s.url}v3/conversations/${conv}/activities`, {
        method: 'POST',
        body: JSON.stringify({ type: 'message' }),
      });
      const { id: activityId } = (await sent.json()) as { id: string };
      await fetch(`${s.url}v3/conversations/${conv}/activities/${activityId}`, {
        method: 'POST',
        body: '{"type":"message"}',
      });
      const upd = await fetch(`${s.url}v3/conversations/${conv}/activities/${activityId}`, {
        method: 'PUT',
        body: '{"type":"message"}',
      });
      expect(upd.status).toBe(200);
      expect(s.creations).toHaveLength(1);
      expect(s.activitiesIn(id)).toHaveLength(2);
      expect(s.activitiesIn(id)[1]!.replyToId).toBe(activityId);
      expect(s.updates).toEqual([expect.objectContaining({ conversationId: id, activityId })]);
    } finally {
      await s.close();
    }
  });

  it('enforces the limits over HTTP when asked to', async () => {
    const s = await startConnectorServer({ enforceLimits: true });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 9; i++) {
        const r = await fetch(`${s.url}v3/conversations/a%3Aconv-x/activities`, {
          method: 'POST',
          body: '{}',
        });
        statuses.push(r.status);
        if (r.status === 429)
          expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      expect(statuses.filter((x) => x === 201)).toHaveLength(7);
      expect(statuses.filter((x) => x === 429)).toHaveLength(2);
      expect(s.throttled).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('answers every n-th new message 429 with Retry-After when asked to', async () => {
    const s = await startConnectorServer({ throttleEvery: { n: 10, retryAfterSeconds: 2 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) {
        const r = await fetch(`${s.url}v3/conversations/a%3Aconv-${i}/activities`, {
          method: 'POST',
          body: '{}',
        });
        statuses.push(r.status);
        if (r.status === 429) expect(r.headers.get('retry-after')).toBe('2');
      }
      expect(statuses.flatMap((x, i) => (x === 429 ? [i + 1] : []))).toEqual([10, 20]);
      expect(s.activities).toHaveLength(23);
    } finally {
      await s.close();
    }
  });
});
