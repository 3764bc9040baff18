import { CARD_BUDGET_BYTES, CUT_NOTE } from '../cards/card-size';
import { RecordingLogger } from '../ports/logger';
import type { OutboundMessage } from '../ports/notifier';
import { SqliteKv } from '../store/sqlite-kv';
import {
  startConnectorServer,
  type ConnectorTestServer,
} from '../test/connector-server/connector-server';
import { createAdapter } from './adapter';
import { ConnectorNotifier } from './connector-notifier';
import { ConversationRefs } from './conversation-refs';

const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Prep' }] };
const msg = (recipientId: string, key = `k-${recipientId}`): OutboundMessage => ({
  recipientId,
  card,
  summary: 'Supervision on Thursday',
  key,
});

describe('ConnectorNotifier over the Bot Connector protocol', () => {
  let server: ConnectorTestServer;
  let kv: SqliteKv;
  let refs: ConversationRefs;
  let logger: RecordingLogger;
  let notifier: ConnectorNotifier;

  beforeEach(async () => {
    server = await startConnectorServer();
    kv = new SqliteKv(':memory:');
    refs = new ConversationRefs(kv);
    logger = new RecordingLogger();
    notifier = new ConnectorNotifier({
      adapter: createAdapter({ mode: 'local' }, logger),
      appId: '',
      refs,
      logger,
      tenantId: 'tenant-1',
    });
  });
  afterEach(async () => {
    await server.close();
    await kv.close();
  });

  async function knownUser(aad: string): Promise<string> {
    const conversationId = `a:conv-29:${aad}`;
    server.registerConversation(conversationId, `29:${aad}`, aad, 'tenant-1');
    await refs.save(aad, {
      channelId: 'msteams',
      serviceUrl: server.url,
      conversationId,
      tenantId: 'tenant-1',
      userId: `29:${aad}`,
      aadObjectId: aad,
      botId: '28:bot',
    });
    return conversationId;
  }

  it('sends a card into the stored conversation and returns its activity id', async () => {
    const conv = await knownUser('fsw-hadley-1');
    const outcome = await notifier.send(msg('fsw-hadley-1'));
    expect(outcome).toEqual({ status: 'sent', activityId: expect.stringMatching(/^act-/) });
    const sent = server.activitiesIn(conv);
    expect(sent).toHaveLength(1);
    const a = sent[0]!.activity as {
      summary: string;
      attachments: Array<{ contentType: string; content: unknown }>;
    };
    expect(a.summary).toBe('Supervision on Thursday');
    expect(a.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(a.attachments[0]!.content).toEqual(card);
  });

  it("shortens a card over Teams' size limit before sending; one that cannot fit is an error, not sent (issue 15)", async () => {
    await knownUser('u9');
    const long = 'Caseload reviewed; LL-204318 plan agreed. '.repeat(2000);
    const big = { ...card, body: [{ type: 'TextBlock', text: long }] };
    const sent = await notifier.send({ ...msg('u9', 'k-big'), card: big });
    expect(sent.status).toBe('sent');
    const a = server.activities[0]!.activity as { attachments: Array<{ content: unknown }> };
    const content = a.attachments[0]!.content;
    expect(Buffer.byteLength(JSON.stringify(content), 'utf8')).toBeLessThanOrEqual(
      CARD_BUDGET_BYTES,
    );
    expect(JSON.stringify(content)).toContain(CUT_NOTE);

    const input = { ...card, body: [{ type: 'Input.Text', id: 'x', value: 'x'.repeat(40_000) }] };
    const refused = await notifier.send({ ...msg('u9', 'k-input'), card: input });
    expect(refused).toEqual({ status: 'failed', code: 'card-too-large' });
    expect(server.activities).toHaveLength(1);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'error', event: 'notify.card-too-large' }),
    );
  });

  it('makes exactly one attempt when throttled and reports Retry-After', async () => {
    await knownUser('u1');
    server.throttleNext(1, 7);
    const outcome = await notifier.send(msg('u1'));
    expect(outcome).toEqual({ status: 'throttled', retryAfterMs: 7000 });
    expect(server.requests.filter((r) => r.status === 429)).toHaveLength(1);
    expect(server.activities).toHaveLength(0);
  });

  it('reports a user who blocked the bot as blocked', async () => {
    await knownUser('u2');
    server.blockUser('u2');
    expect(await notifier.send(msg('u2'))).toEqual({ status: 'blocked' });
  });

  it('tells 403 causes apart: only a user block is permanent', async () => {
    const cases = [
      ['ConversationBlockedByUser', { status: 'blocked' }],
      ['MessageWritesBlocked', { status: 'blocked' }],
      ['ForbiddenOperationException', { status: 'recipient-not-found' }],
      ['BotNotInConversationRoster', { status: 'recipient-not-found' }],
      ['BotDisabledByAdmin', { status: 'failed', code: 'forbidden-BotDisabledByAdmin' }],
      ['NotEnoughPermissions', { status: 'failed', code: 'forbidden-NotEnoughPermissions' }],
    ] as const;
    for (const [cause, outcome] of cases) {
      const user = `u-${cause}`;
      await knownUser(user);
      server.forbid(user, cause);
      expect(await notifier.send(msg(user))).toEqual(outcome);
    }
  });

  it('a government-cloud tenant: follows Teams to the GCC host on InvalidBotApiHost and stays there', async () => {
    notifier = new ConnectorNotifier({
      adapter: createAdapter({ mode: 'local' }, logger),
      appId: '',
      refs,
      logger,
      tenantId: 'tenant-1',
      governmentServiceUrl: server.gccUrl,
    });
    server.governmentTenant('tenant-1');
    const conv = await knownUser('gov-1');
    expect(await notifier.send(msg('gov-1'))).toEqual({
      status: 'sent',
      activityId: expect.any(String),
    });
    expect(server.activitiesIn(conv)).toHaveLength(1);
    expect((await refs.get('gov-1'))?.serviceUrl).toBe(server.gccUrl);
    // A never-seen user of the same tenant: the chat is created on the GCC host.
    expect((await notifier.send(msg('gov-2'))).status).toBe('sent');
    expect((await refs.get('gov-2'))?.serviceUrl).toBe(server.gccUrl);
    server.requests.length = 0;
    expect((await notifier.send(msg('gov-1', 'k-again'))).status).toBe('sent');
    expect(server.requests.map((r) => r.status)).toEqual([201]);
  });

  it('reports a deleted conversation and forgets the reference', async () => {
    const conv = await knownUser('u3');
    server.deleteConversation(conv);
    expect(await notifier.send(msg('u3'))).toEqual({ status: 'conversation-gone' });
    expect(await refs.get('u3')).toBeNull();
  });

  it('reports 5xx as failed with the status code, once', async () => {
    await knownUser('u4');
    server.failNext(1, 503);
    expect(await notifier.send(msg('u4'))).toEqual({ status: 'failed', code: '503' });
    expect(server.requests).toHaveLength(1);
  });

  it('creates a 1:1 chat for a never-seen user with tenant id + Entra id, then reuses it', async () => {
    await knownUser('someone-else'); // teaches the service URL
    const first = await notifier.send(msg('never-seen'));
    expect(first.status).toBe('sent');
    expect(server.creations).toHaveLength(1);
    const c = server.creations[0]!;
    expect(c.memberId).toBe('never-seen');
    expect(c.tenantId).toBe('tenant-1');
    expect((await refs.get('never-seen'))?.conversationId).toBe(c.conversationId);
    await notifier.send(msg('never-seen', 'k2'));
    expect(server.creations).toHaveLength(1);
    expect(server.activitiesIn(c.conversationId)).toHaveLength(2);
  });

  it('a new chat carries its first message: one request, not two (creation counts against the 50 a second)', async () => {
    await knownUser('someone-else');
    const before = server.requests.length;
    const outcome = await notifier.send(msg('first-contact'));
    expect(outcome).toEqual({ status: 'sent', activityId: expect.stringMatching(/^act-/) });
    expect(server.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v3/conversations',
    ]);
    const [c] = server.creations;
    const [a] = server.activitiesIn(c!.conversationId);
    expect(a!.activityId).toBe((outcome as { activityId: string }).activityId);
    expect((a!.activity as { summary: string }).summary).toBe('Supervision on Thursday');
  });

  it('reports recipient-not-found when Teams will not create the chat (app not installed)', async () => {
    await knownUser('someone-else');
    server.notInstalledFor('not-installed');
    expect(await notifier.send(msg('not-installed'))).toEqual({ status: 'recipient-not-found' });
  });

  it('reports blocked when creating a chat with a user who blocked the bot', async () => {
    await knownUser('someone-else');
    server.blockUser('blocker');
    expect(await notifier.send(msg('blocker'))).toEqual({ status: 'blocked' });
  });

  it('never throws: an unreachable connector is a failed outcome', async () => {
    await knownUser('u5');
    await server.close();
    const outcome = await notifier.send(msg('u5'));
    expect(outcome.status).toBe('failed');
  });

  it('logs ids and outcomes only, never the summary text', async () => {
    await knownUser('u6');
    await notifier.send(msg('u6'));
    const text = JSON.stringify(logger.lines);
    expect(text).toContain('notify.sent');
    expect(text).not.toContain('Supervision on Thursday');
  });
});
