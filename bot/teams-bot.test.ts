/**
 * Routing through the Teams activity handler with botbuilder's TestAdapter: every command and
 * every card verb reaches the use-cases (the real ones, on the demo organisation), refusals
 * come back as message responses, and a retried invoke does its work once.
 */
import { Ledger } from '../delivery/ledger';
import { TestAdapter, type Activity } from 'botbuilder';
import { ManualClock } from '../ports/clock';
import { RecordingLogger } from '../ports/logger';
import type { OutboundMessage } from '../ports/notifier';
import { SqliteKv } from '../store/sqlite-kv';
import { KvSchedule } from '../store/kv-schedule';
import { getProfile } from '../policy/profiles';
import { defaultCalendar } from '../policy/calendar';
import { CARD_ACTIONS, runCardAction } from '../present/card-actions';
import { COMMANDS, runCommand } from '../present/commands';
import type { AppContext } from '../usecases/context';
import type { CardActionRequest, CardActionResult } from '../present/card-types';
import { ConversationRefs } from './conversation-refs';
import { seedDemo } from './demo-seed';
import { TeamsBot, type RunCardAction } from './teams-bot';

interface Harness {
  adapter: TestAdapter;
  commands: Array<{ userId: string; text: string }>;
  actions: CardActionRequest[];
  delivered: OutboundMessage[];
  refs: ConversationRefs;
  kv: SqliteKv;
  logger: RecordingLogger;
}

let kv: SqliteKv;
let ctx: AppContext;
/** Yesterday's one-to-one of fsw-hadley-1, still `scheduled` in the demo. */
let pastId: string;

beforeAll(async () => {
  kv = new SqliteKv(':memory:');
  const clock = new ManualClock('2026-11-24T10:00:00Z');
  const logger = new RecordingLogger();
  await seedDemo(kv, clock, logger);
  const schedule = new KvSchedule(kv);
  ctx = {
    source: schedule,
    writer: schedule,
    kv,
    profile: getProfile('telford-sf'),
    calendar: defaultCalendar,
    clock,
    logger,
    notifier: { send: async () => ({ status: 'sent', activityId: 'x' }) },
    deliveries: new Ledger(kv, { clock }),
    baseUrl: '',
  };
  const { snapshot } = await schedule.load();
  pastId = snapshot.sessions.find(
    (s) =>
      s.superviseeId === 'fsw-hadley-1' &&
      s.kind === 'one-to-one' &&
      s.status === 'scheduled' &&
      s.scheduledStart < clock.now().toISOString(),
  )!.id;
});
afterAll(async () => kv.close());

interface HarnessOptions {
  /** Stands in for the use-cases' card actions (default: the real ones). */
  cardAction?: RunCardAction;
  /** The bot's configured tenant (default none, as in local mode). */
  tenantId?: string;
  /** A store of its own (default the shared, seeded one). */
  kv?: SqliteKv;
}

function harness(options: HarnessOptions = {}): Harness {
  const commands: Harness['commands'] = [];
  const actions: CardActionRequest[] = [];
  const delivered: OutboundMessage[] = [];
  const logger = new RecordingLogger();
  const refs = new ConversationRefs(options.kv ?? kv);
  const cardAction = options.cardAction ?? runCardAction;
  const bot = new TeamsBot({
    ctx,
    refs,
    logger,
    runCommand: async (c, userId, text) => {
      commands.push({ userId, text });
      return runCommand(c, userId, text);
    },
    runCardAction: async (c, req) => {
      actions.push(req);
      return cardAction(c, req);
    },
    deliver: async (m) => {
      delivered.push(...m);
    },
    ...(options.tenantId ? { tenantId: options.tenantId } : {}),
  });
  const adapter = new TestAdapter(async (context) => bot.run(context));
  return { adapter, commands, actions, delivered, refs, kv: options.kv ?? kv, logger };
}

function from(aadObjectId: string): Partial<Activity> {
  return {
    channelId: 'msteams',
    from: { id: `29:${aadObjectId}`, name: 'x', aadObjectId },
    recipient: { id: '28:bot', name: 'Supervision Bot' },
    conversation: {
      id: `a:conv-${aadObjectId}`,
      conversationType: 'personal',
      isGroup: false,
      name: '',
      tenantId: 't',
    },
  };
}

function invoke(
  userId: string,
  verb: string,
  data: Record<string, unknown>,
  id = `inv-${Math.random()}`,
): Partial<Activity> {
  return {
    ...from(userId),
    type: 'invoke',
    name: 'adaptiveCard/action',
    id,
    replyToId: 'card-1',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

type InvokeBody = { statusCode: number; type: string; value: unknown };
function invokeBody(a: Partial<Activity>): InvokeBody {
  expect(a.type).toBe('invokeResponse');
  return (a.value as { body: InvokeBody }).body;
}

describe('TeamsBot commands', () => {
  it.each(COMMANDS.map((c) => c.name))(
    'routes `%s` (with the @mention stripped) and replies',
    async (name) => {
      const h = harness();
      const user =
        name === 'team' ? 'sm-1' : name.startsWith('triage') ? 'sp-wrekin' : 'fsw-hadley-1';
      await h.adapter
        .send({
          ...from(user),
          type: 'message',
          text: `<at>Supervision Bot</at> ${name}`,
          entities: [
            {
              type: 'mention',
              mentioned: { id: '28:bot', name: 'Supervision Bot' },
              text: '<at>Supervision Bot</at>',
            },
          ],
        })
        .assertReply((a) => {
          expect(Boolean(a.text) || (a.attachments?.length ?? 0) > 0).toBe(true);
        });
      expect(h.commands).toEqual([{ userId: user, text: name }]);
    },
  );

  it('answers unknown text with help', async () => {
    const h = harness();
    await h.adapter
      .send({ ...from('fsw-hadley-1'), type: 'message', text: 'what?' })
      .assertReply((a) => {
        expect(a.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
      });
  });

  it('stores the conversation reference keyed by Entra object id on message and on install', async () => {
    const h = harness();
    await h.adapter.send({ ...from('sp-wrekin'), type: 'message', text: 'help' }).startTest();
    expect((await h.refs.get('sp-wrekin'))?.conversationId).toBe('a:conv-sp-wrekin');
    await h.adapter
      .send({ ...from('tl-wrekin'), type: 'installationUpdate', action: 'add' })
      .startTest();
    expect((await h.refs.get('tl-wrekin'))?.aadObjectId).toBe('tl-wrekin');
  });

  it("does not key a group chat as anyone's personal conversation", async () => {
    const h = harness();
    const a = from('tl-lakeside');
    await h.adapter
      .send({
        ...a,
        conversation: { ...a.conversation!, conversationType: 'groupChat', isGroup: true },
        type: 'message',
        text: 'help',
      })
      .startTest();
    expect(await h.refs.get('tl-lakeside')).toBeNull();
  });

  it('asks who you are when Teams gives no object id', async () => {
    const h = harness();
    const a = from('x');
    await h.adapter
      .send({ ...a, from: { id: '29:anon', name: 'x' }, type: 'message', text: 'next' })
      .assertReply((r) => expect(r.text).toMatch(/couldn't tell who you are/));
    expect(h.commands).toHaveLength(0);
  });
});

describe('TeamsBot card actions', () => {
  it.each(Object.keys(CARD_ACTIONS))(
    'routes verb `%s` to the use-case and answers a Universal Action response',
    async (verb) => {
      const h = harness();
      await h.adapter
        .send(invoke('sp-wrekin', verb, { sessionId: 'no-such-session' }))
        .assertReply((a) => {
          const body = invokeBody(a);
          expect(body.statusCode).toBe(200);
          expect([
            'application/vnd.microsoft.card.adaptive',
            'application/vnd.microsoft.activity.message',
          ]).toContain(body.type);
        });
      expect(h.actions.map((r) => r.verb)).toEqual([verb]);
      expect(h.actions[0]).toMatchObject({ userId: 'sp-wrekin', activityId: 'card-1' });
    },
  );

  it('answers a refusal with a message and leaves the card alone', async () => {
    const h = harness();
    await h.adapter
      .send(invoke('fsw-hadley-1', 'session.cancelled', { sessionId: pastId }))
      .assertReply((a) => {
        const body = invokeBody(a);
        expect(body.type).toBe('application/vnd.microsoft.activity.message');
        expect(typeof body.value).toBe('string');
      });
  });

  it('confirms held with a new card, sends follow-up messages, and does the work once on a retried invoke', async () => {
    const h = harness();
    const act = invoke(
      'tl-hadley',
      'session.held',
      { sessionId: pastId, heldMinutes: '90' },
      'same-id',
    );
    let first: InvokeBody | undefined;
    await h.adapter.send(act).assertReply((a) => {
      first = invokeBody(a);
      expect(first.type).toBe('application/vnd.microsoft.card.adaptive');
    });
    await h.adapter.send(act).assertReply((a) => expect(invokeBody(a)).toEqual(first));
    expect(h.actions).toHaveLength(1);
    // The use-case's follow-up messages (e.g. to the supervisee) went to delivery, once.
    expect(h.delivered.length).toBeGreaterThan(0);
    expect(new Set(h.delivered.map((m) => m.key)).size).toBe(h.delivered.length);
    expect((await ctx.writer.getSession(pastId))?.value.status).toBe('held');
    // A second press from a different invoke id is idempotent in the use-case.
    await h.adapter
      .send(
        invoke('tl-hadley', 'session.held', { sessionId: pastId, heldMinutes: '90' }, 'other-id'),
      )
      .assertReply((a) => expect(invokeBody(a).statusCode).toBe(200));
  });

  it('answers 400 for a non-Execute action', async () => {
    const h = harness();
    const a = invoke('tl-hadley', 'x', {});
    (a.value as { action: { type: string } }).action.type = 'Action.Submit';
    await h.adapter
      .send(a)
      .assertReply((r) => expect((r.value as { status: number }).status).toBe(400));
    expect(h.actions).toHaveLength(0);
  });
});

describe('TeamsBot invoke memory', () => {
  const BUSY = 'The supervision list could not be updated just now; please try again in a minute.';
  const DONE: CardActionResult = {
    kind: 'card',
    card: { type: 'AdaptiveCard', version: '1.5', body: [] },
  };
  /** A use-case that answers with `first`, then with completed work. */
  const firstThenDone = (first: CardActionResult) => {
    let calls = 0;
    return async (): Promise<CardActionResult> => (calls++ === 0 ? first : DONE);
  };
  const sign = (id: string) => invoke('tl-hadley', 'record.sign', { sessionId: 's1' }, id);

  it.each<[string, CardActionResult]>([
    ['busy (invalid)', { kind: 'invalid', message: BUSY }],
    [
      'refused',
      { kind: 'refused', message: 'Could not record the swap request; please try again.' },
    ],
    [
      'a card marked transient',
      {
        ...DONE,
        card: { ...DONE.card, body: [{ type: 'TextBlock', text: BUSY }] },
        transient: true,
      },
    ],
  ])('runs the action again when the first press answered %s', async (_label, first) => {
    const h = harness({ cardAction: firstThenDone(first) });
    await h.adapter.send(sign('press-1')).assertReply(() => undefined);
    await h.adapter
      .send(sign('press-2'))
      .assertReply((a) => expect(invokeBody(a).value).toEqual(DONE.card));
    expect(h.actions).toHaveLength(2);
  });

  it('answers a retry of completed work from memory', async () => {
    const h = harness({ cardAction: firstThenDone(DONE) });
    await h.adapter.send(sign('press-1')).assertReply(() => undefined);
    await h.adapter.send(sign('press-2')).assertReply(() => undefined);
    expect(h.actions).toHaveLength(1);
  });
});

describe('TeamsBot tenant check', () => {
  const OURS = '11111111-2222-3333-4444-555555555555';
  const THEIRS = '99999999-8888-7777-6666-555555555555';
  let own: SqliteKv;
  beforeEach(() => (own = new SqliteKv(':memory:')));
  afterEach(async () => own.close());

  function inTenant(
    a: Partial<Activity>,
    conversationTenant: string | undefined,
    channelTenant?: string,
  ): Partial<Activity> {
    const conversation = { ...a.conversation! };
    delete conversation.tenantId;
    if (conversationTenant) conversation.tenantId = conversationTenant;
    return {
      ...a,
      serviceUrl: 'https://smba.example/elsewhere/',
      conversation,
      ...(channelTenant ? { channelData: { tenant: { id: channelTenant } } } : {}),
    };
  }
  const message = (t: string | undefined, channelTenant?: string): Partial<Activity> =>
    inTenant({ ...from('sp-wrekin'), type: 'message', text: 'help' }, t, channelTenant);

  it.each<[string, string | undefined, string | undefined]>([
    ['conversation.tenantId', THEIRS, undefined],
    ['channelData.tenant.id', undefined, THEIRS],
    ['either one', OURS, THEIRS],
  ])(
    'ignores an activity from another tenant (%s): no reply, no reference, logged by code',
    async (_label, conversationTenant, channelTenant) => {
      const h = harness({ tenantId: OURS, kv: own });
      await h.adapter.send(message(conversationTenant, channelTenant)).startTest();
      expect(h.adapter.activeQueue).toHaveLength(0);
      expect(h.commands).toHaveLength(0);
      expect(await h.refs.get('sp-wrekin')).toBeNull();
      expect(await h.refs.meta()).toEqual({});
      const line = h.logger.lines.find((l) => l.event === 'bot.foreign-tenant');
      expect(line).toBeDefined();
      expect(JSON.stringify(line)).not.toMatch(/sp-wrekin|99999999/);

      await h.adapter
        .send(inTenant(invoke('tl-hadley', 'record.sign', { sessionId: 's1' }), THEIRS))
        .startTest();
      expect(h.actions).toHaveLength(0);
      expect(await h.refs.get('tl-hadley')).toBeNull();
    },
  );

  it('serves its own tenant (either field, any letter case) and stores the reference', async () => {
    const h = harness({ tenantId: OURS, kv: own });
    await h.adapter
      .send(message(OURS.toUpperCase(), OURS))
      .assertReply((a) => expect(a.type).toBe('message'));
    expect(h.commands).toHaveLength(1);
    expect(await h.refs.get('sp-wrekin')).toMatchObject({ tenantId: OURS.toUpperCase() });
  });

  it('checks nothing when no tenant is configured (local mode, Agents Playground)', async () => {
    const h = harness({ kv: own });
    await h.adapter.send(message(THEIRS)).assertReply((a) => expect(a.type).toBe('message'));
    expect(await h.refs.get('sp-wrekin')).not.toBeNull();
  });
});
