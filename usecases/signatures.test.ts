import type { Session } from '../policy/domain';
import type { SignatureEntry } from '../ports/schedule';
import { stateOf } from './signatures';

const session: Session = {
  id: 's',
  superviseeId: 'see',
  supervisorId: 'sup',
  kind: 'one-to-one',
  scheduledStart: '2026-11-23T10:00:00.000Z',
  status: 'held',
  recordCompletedAt: '2026-11-24T09:00:00.000Z',
  superviseeSignedAt: '2026-11-24T09:00:00.000Z',
};
const [A, B] = ['a'.repeat(64), 'b'.repeat(64)];
const AT = '2026-11-24T09:00:00.000Z';
const entry = (id: string, decision: SignatureEntry['decision'], hash: string): SignatureEntry => ({
  id,
  sessionId: 's',
  signerId: 'see',
  signerRole: 'supervisee',
  decision,
  at: AT,
  contentHash: hash,
  activityId: 'x',
});

describe('the supervisee signed A, B, then A again (record A → B → A)', () => {
  // As a store lists them when all share one millisecond: by id, not in the order they happened.
  const trail = [
    entry(`s|see|${A}|signed`, 'signed', A),
    entry(`s|see|${A}|signed|4`, 'signed', A),
    entry(`s|see|${A}|voided|1`, 'voided', A),
    entry(`s|see|${B}|signed|2`, 'signed', B),
    entry(`s|see|${B}|voided|3`, 'voided', B),
  ];

  it('the latest signature is the one on A, so it stands on A and is void on B', () => {
    expect(stateOf(trail, session, 'supervisee', A)).toEqual({ state: 'signed', at: AT });
    expect(stateOf(trail, session, 'supervisee', B).state).toBe('voided');
  });

  it('a void whose clearing of the field did not land still shows as void, even on A', () => {
    const voidedAgain = [...trail, entry(`s|see|${A}|voided|5`, 'voided', A)];
    expect(stateOf(voidedAgain, session, 'supervisee', A).state).toBe('voided');
  });
});
