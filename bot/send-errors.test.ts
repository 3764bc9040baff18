import { classifySendError } from './send-errors';

const httpError = (status: number, headers: Record<string, string> = {}) => ({
  statusCode: status,
  response: { status, headers },
});

describe('classifySendError', () => {
  it('reads Retry-After on 429 and on 503 (the service asking us to come back later)', () => {
    expect(classifySendError(httpError(429, { 'retry-after': '7' }), 'existing')).toEqual({
      status: 'throttled',
      retryAfterMs: 7000,
    });
    expect(classifySendError(httpError(503, { 'retry-after': '120' }), 'existing')).toEqual({
      status: 'failed',
      code: '503',
      retryAfterMs: 120_000,
    });
  });

  it('a 503 without Retry-After is a plain transient failure (the queue backs off itself)', () => {
    expect(classifySendError(httpError(503), 'existing')).toEqual({
      status: 'failed',
      code: '503',
    });
    expect(classifySendError(httpError(500, { 'retry-after': '5' }), 'existing')).toEqual({
      status: 'failed',
      code: '500',
    });
  });

  it('tells 403s apart by code (Teams status codes table): only a user block is permanent', () => {
    const forbidden = (error: Record<string, unknown>) => ({
      statusCode: 403,
      response: { status: 403, headers: {}, bodyAsText: JSON.stringify({ error }) },
    });
    for (const route of ['existing', 'create'] as const) {
      expect(classifySendError(forbidden({ code: 'ConversationBlockedByUser' }), route)).toEqual({
        status: 'blocked',
      });
      expect(
        classifySendError(forbidden({ code: 'Forbidden', subCode: 'MessageWritesBlocked' }), route),
      ).toEqual({ status: 'blocked' });
      expect(classifySendError(forbidden({ code: 'ForbiddenOperationException' }), route)).toEqual({
        status: 'recipient-not-found',
      });
      expect(classifySendError(forbidden({ code: 'InvalidBotApiHost' }), route)).toEqual({
        status: 'failed',
        code: 'invalid-bot-api-host',
      });
      expect(classifySendError(forbidden({ code: 'BotDisabledByAdmin' }), route)).toEqual({
        status: 'failed',
        code: 'forbidden-BotDisabledByAdmin',
      });
      // A 403 whose body says nothing is not taken for a block (it would drop messages for good).
      expect(classifySendError(httpError(403), route)).toEqual({
        status: 'failed',
        code: 'forbidden-unknown',
      });
    }
  });
});

describe('classifySendError: the bot’s own credentials (issue 19 item 7)', () => {
  it('a 401 from the Bot Connector is the bot’s token refused, retryable, never a block', () => {
    for (const route of ['existing', 'create'] as const)
      expect(classifySendError(httpError(401), route)).toEqual({
        status: 'failed',
        code: 'bot-unauthorized',
      });
  });

  it('no token could be had (ours, or the identity library’s errors) is `bot-token`', () => {
    for (const name of ['BotTokenError', 'AuthenticationError', 'CredentialUnavailableError']) {
      const err = Object.assign(new Error('AADSTS7000215 tenant details'), {
        name,
        statusCode: 401,
      });
      expect(classifySendError(err, 'existing')).toEqual({ status: 'failed', code: 'bot-token' });
    }
  });
});
