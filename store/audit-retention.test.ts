import { ManualClock } from '../ports/clock';
import { RecordingLogger } from '../ports/logger';
import type { SignatureEntry } from '../ports/schedule';
import { pruneSignatureAudit, retentionCutoff } from './audit-retention';
import { KvSchedule } from './kv-schedule';
import { SIGNATURES_NAMESPACE } from './schedule-docs';
import { SqliteKv } from './sqlite-kv';

function entry(sessionId: string, at: string): SignatureEntry {
  return {
    id: `${sessionId}|tl-hadley|h|signed`,
    sessionId,
    signerId: 'tl-hadley',
    signerRole: 'supervisor',
    decision: 'signed',
    at,
    contentHash: 'h',
    activityId: 'act',
  };
}

describe('signature audit retention', () => {
  let kv: SqliteKv;
  let schedule: KvSchedule;
  const clock = new ManualClock('2026-11-24T12:00:00.000Z');

  beforeEach(async () => {
    kv = new SqliteKv(':memory:');
    schedule = new KvSchedule(kv);
    await schedule.appendSignature(entry('s-old', '2019-11-24T11:59:59.999Z')); // just over 7 years
    await schedule.appendSignature(entry('s-edge', '2019-11-24T12:00:00.000Z')); // exactly 7 years
    await schedule.appendSignature(entry('s-new', '2026-01-05T09:00:00.000Z'));
    await schedule.appendSignature(entry('s-ancient', '2010-03-01T09:00:00.000Z'));
    await kv.upsert(SIGNATURES_NAMESPACE, 's-bad|x', {
      id: 'x',
      sessionId: 's-bad',
      at: 'yesterday',
    });
  });

  afterEach(() => kv.close());

  test('prunes entries signed before the cutoff, keeps the rest and undated ones', async () => {
    const logger = new RecordingLogger();
    const result = await pruneSignatureAudit(kv, { clock, logger });
    expect(result).toEqual({ pruned: 2, kept: 2, undated: 1, cutoff: '2019-11-24T12:00:00.000Z' });
    expect(await schedule.listSignatures('s-old')).toEqual([]);
    expect(await schedule.listSignatures('s-ancient')).toEqual([]);
    expect(await schedule.listSignatures('s-edge')).toHaveLength(1);
    expect(await schedule.listSignatures('s-new')).toHaveLength(1);
    expect((await kv.list(SIGNATURES_NAMESPACE)).map((e) => e.key)).toContain('s-bad|x');
    expect(logger.lines[0]).toMatchObject({
      event: 'audit.retention',
      fields: { pruned: 2, years: 7 },
    });
    // Running again prunes nothing more.
    expect((await pruneSignatureAudit(kv, { clock })).pruned).toBe(0);
  });

  test('dry run counts without deleting; retention is configurable', async () => {
    expect((await pruneSignatureAudit(kv, { clock, dryRun: true })).pruned).toBe(2);
    expect(await kv.list(SIGNATURES_NAMESPACE)).toHaveLength(5);
    const oneYear = await pruneSignatureAudit(kv, { clock, retentionYears: 1 });
    expect(oneYear).toMatchObject({ pruned: 3, kept: 1 });
    await expect(pruneSignatureAudit(kv, { clock, retentionYears: 0 })).rejects.toThrow(
      /whole number/,
    );
  });

  test('the cutoff is calendar years back from now (29 February falls on 1 March)', () => {
    expect(retentionCutoff(new Date('2028-02-29T10:00:00Z'), 7).toISOString()).toBe(
      '2021-03-01T10:00:00.000Z',
    );
  });
});
