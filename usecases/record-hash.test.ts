import type { AgreedAction, Session } from '../policy/domain';
import { canonicalJson, recordContent, recordHash } from './record-hash';

const session: Session = {
  id: 's-1',
  superviseeId: 'fsw-1',
  supervisorId: 'tl-1',
  kind: 'one-to-one',
  // 23:30 UTC on 31 Mar is 00:30 on 1 Apr in London (BST): the record's date is London's.
  scheduledStart: '2026-03-31T23:30:00.000Z',
  status: 'held',
  heldMinutes: 90,
};
const a1: AgreedAction = {
  id: 's-1|a1',
  sessionId: 's-1',
  ownerId: 'fsw-1',
  text: 'Update plan',
  due: '2026-04-10',
};
const a2: AgreedAction = { id: 's-1|a2', sessionId: 's-1', ownerId: 'tl-1', text: 'Book training' };

describe('record hash', () => {
  it('is a stable SHA-256 hex of the canonical content', () => {
    const h = recordHash(recordContent(session, 'Summary', [a1, a2]));
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(recordHash(recordContent(session, 'Summary', [a2, a1]))).toBe(h);
    expect(recordContent(session, '', []).date).toBe('2026-04-01');
  });

  it('ignores invisible differences and unrelated actions, and progress on actions', () => {
    const h = recordHash(recordContent(session, 'Line one\nLine two', [a1]));
    expect(recordHash(recordContent(session, ' Line one\r\nLine two  ', [a1]))).toBe(h);
    const other: AgreedAction = { ...a2, id: 's-9|a1', sessionId: 's-9' };
    expect(recordHash(recordContent(session, 'Line one\nLine two', [a1, other]))).toBe(h);
    expect(
      recordHash(recordContent(session, 'Line one\nLine two', [{ ...a1, doneAt: '2026-04-05' }])),
    ).toBe(h);
  });

  it('changes when anything signed changes', () => {
    const base = recordHash(recordContent(session, 'S', [a1]));
    expect(recordHash(recordContent(session, 'S.', [a1]))).not.toBe(base);
    expect(recordHash(recordContent({ ...session, heldMinutes: 91 }, 'S', [a1]))).not.toBe(base);
    expect(recordHash(recordContent(session, 'S', [{ ...a1, due: '2026-04-11' }]))).not.toBe(base);
    expect(recordHash(recordContent(session, 'S', [{ ...a1, ownerId: 'tl-1' }]))).not.toBe(base);
    expect(recordHash(recordContent(session, 'S', [a1, a2]))).not.toBe(base);
  });

  it('cannot be confused by field boundaries', () => {
    const x = canonicalJson(recordContent(session, 'a","b', []));
    const y = canonicalJson(recordContent(session, 'a', [{ ...a1, text: 'b' }]));
    expect(x).not.toBe(y);
  });
});
