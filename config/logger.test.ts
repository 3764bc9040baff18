import { JsonLogger, REDACTED, redactFields } from './logger';

function capture(level?: 'debug' | 'info' | 'warn' | 'error') {
  const lines: string[] = [];
  const logger = new JsonLogger({
    level,
    write: (l) => lines.push(l),
    now: () => new Date('2026-11-24T09:00:00Z'),
  });
  return {
    logger,
    lines,
    parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('JsonLogger', () => {
  it('writes one JSON object per line with time, level and event', () => {
    const { logger, lines, parsed } = capture();
    logger.info('notify.sent', { staffId: 'fsw-hadley-1', attempts: 1 });
    expect(lines[0]!.endsWith('\n')).toBe(true);
    expect(parsed()[0]).toEqual({
      time: '2026-11-24T09:00:00.000Z',
      level: 'info',
      event: 'notify.sent',
      staffId: 'fsw-hadley-1',
      attempts: 1,
    });
  });

  it('drops fields named like personal data or secrets', () => {
    const { logger, parsed } = capture();
    logger.warn('x', {
      name: 'Jo Bloggs',
      email: 'jo@example.org',
      accessToken: 'abc',
      text: 'my record',
      comment: 'disagree because',
      summary: 'Supervision with Jo',
      sessionId: 's-1',
    });
    const line = parsed()[0]!;
    for (const k of ['name', 'email', 'accessToken', 'text', 'comment', 'summary'])
      expect(line[k]).toBe(REDACTED);
    expect(line.sessionId).toBe('s-1');
    expect(JSON.stringify(line)).not.toMatch(/Jo|example\.org|my record|disagree/);
  });

  it('masks token-looking values whatever the field is called', () => {
    const { logger, lines } = capture();
    logger.error('auth.failed', { header: `Bearer ${JWT}`, code: JWT });
    expect(lines.join('')).not.toContain(JWT);
    expect(lines.join('')).not.toContain('eyJ');
  });

  it('masks email addresses (UPN staff ids) whatever the field is called', () => {
    const { logger, lines } = capture();
    logger.warn('deliver.failed', {
      recipientId: 'jo.bloggs@council.example.org',
      key: "prep|s-1|o'neill@example.org",
      sessionId: 's-1',
    });
    const all = lines.join('');
    expect(all).not.toMatch(/bloggs|council|neill|example\.org/);
    expect(all).toContain('prep|s-1|');
    expect(all).toContain('"sessionId":"s-1"');
  });

  it('honours the level threshold', () => {
    const { logger, lines } = capture('warn');
    logger.debug('a');
    logger.info('b');
    logger.warn('c');
    logger.error('d');
    expect(lines.map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(['c', 'd']);
  });

  it('redactFields keeps ids and codes', () => {
    expect(
      redactFields({ staffId: 'tl-hadley', code: '429', ok: true, n: 3, gone: undefined }),
    ).toEqual({
      staffId: 'tl-hadley',
      code: '429',
      ok: true,
      n: 3,
    });
  });
});
