/**
 * The folder rule (docs/architecture.md, "Rooms and arrows"), checked by `npm run depcheck` as
 * part of `npm test`. Every arrow between rooms that production code may use is listed in
 * `allowed`; anything else fails. The listed arrows form no cycle, so no folder cycle can come
 * back, and `no-circular` refuses module cycles inside a room as well.
 *
 * Test code (`*.test.ts`, `*.contract.ts`, `*.suite.ts`, `testing/` folders, `*test-support*`,
 * test/ and bench/) may import anything; production code may import none of it, so nothing of a
 * test reaches dist/ (tsconfig.build.json leaves the same files out).
 *
 * `npx tsx bench/import-graph.ts` prints the folder → folder edges this rule allows in use.
 */

/** Files that are test code wherever they sit. */
const TEST = '(^(test|bench)/)|(\\.(test|contract|suite)\\.ts$)|(/testing/)|(test-support)';

/** room → the rooms its production code may import (besides itself and npm / node: modules). */
const ARROWS = {
  // kernel/: the error type and its codes, Retry-After; every room may use it (below), it uses none.
  kernel: [],
  policy: [],
  contract: ['policy'],
  ports: ['policy', 'contract'],
  rota: ['policy', 'ports'],
  cards: ['policy'],
  // usecases/: typed commands in, typed outcomes out (usecases/outcome.ts); no card, no
  // scheduler: the edges (present/, tab/) render what they answer.
  usecases: ['policy', 'contract', 'ports', 'rota'],
  // present/: cards built from the use-cases' outcomes and read models (the card-action
  // dispatcher, the views, the notification renderers): the edge's half of a use-case, shared
  // by bot/ (card presses, commands) and the scheduler (planned notifications), so it is a
  // room of its own rather than part of bot/ (the scheduler may not import bot/).
  present: ['policy', 'contract', 'ports', 'rota', 'usecases', 'cards'],
  scheduler: ['policy', 'contract', 'ports', 'rota', 'usecases', 'cards', 'present', 'delivery'],
  // delivery/: the one way a message goes out: claim → render → send → record (the ledger, the
  // outbox, the rate-limited queue, the leases). The tick, the outbox resend and the event
  // messages of card actions, the tab and triage all use it; it knows ports only, no policy.
  delivery: ['ports'],
  store: ['policy', 'contract', 'ports'],
  // sharepoint → telemetry: a span per Graph request and the 429 count (no personal data:
  // telemetry/attributes.ts lets codes and counts through, nothing else).
  sharepoint: ['policy', 'contract', 'ports', 'telemetry'],
  // tab → present: the tab calls the use-cases itself and answers JSON; the Teams messages an
  // outcome asks for (a sign card to the other party, a swap request) are rendered by present/
  // exactly as after a card press.
  tab: ['policy', 'ports', 'usecases', 'print', 'present'],
  bot: [
    'policy',
    'contract',
    'ports',
    'rota',
    'cards',
    'usecases',
    'present',
    'scheduler',
    'delivery',
    'store',
    'sharepoint',
    'tab',
    'config',
    'demo',
    'telemetry',
  ],
  cli: [
    'policy',
    'contract',
    'ports',
    'rota',
    'cards',
    'usecases',
    // cli → present: the app package lists the chat commands (present/commands.ts).
    'present',
    'scheduler',
    'delivery',
    'store',
    'sharepoint',
    'tab',
    'config',
    'demo',
    'manifest',
    'print',
  ],
  // print/: PDFs of records and supervision files, from the use-cases' read models.
  print: ['policy', 'usecases', 'cards'],
  manifest: [],
  config: [],
  // telemetry/: OpenTelemetry traces and metrics (the API only; the Azure Monitor SDK is loaded
  // lazily by telemetry/start.ts when APPLICATIONINSIGHTS_CONNECTION_STRING is set).
  telemetry: ['ports'],
  demo: ['policy', 'contract', 'ports'],
};

/**
 * Single files outside the table, each with its reason. `config/` reads each room's own config
 * fragment (`<room>/config.ts`) and nothing else of it.
 */
const FILE_ARROWS = [
  // One date style everywhere (issue 17): the tab words finding details with the cards' dates.
  { from: '^tab/', to: '^cards/(readable-dates|card-kit)\\.ts$' },
  {
    from: '^config/',
    to: '^(policy/profile|ports/logger|sharepoint/config|store/config|tab/config)\\.ts$',
  },
];

const roomRules = Object.entries(ARROWS).map(([room, targets]) => ({
  from: { path: `^${room}/`, pathNot: TEST },
  to: { path: `^(${[room, 'kernel', ...targets].join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  allowedSeverity: 'error',
  allowed: [
    // npm packages and node: built-ins, anywhere (botbuilder is kept to bot/ by ESLint).
    { from: {}, to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'core'] } },
    // Test code may import anything.
    { from: { path: TEST }, to: {} },
    ...roomRules,
    ...FILE_ARROWS.map((a) => ({ from: { path: a.from, pathNot: TEST }, to: { path: a.to } })),
  ],
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module cycle: two modules that need each other belong together or apart.',
      from: { pathNot: TEST },
      to: { circular: true },
    },
    {
      name: 'no-test-code-in-production',
      severity: 'error',
      comment: 'Production code must not import test code (it would be compiled into dist/).',
      from: { pathNot: TEST },
      to: { path: TEST },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|coverage|artifacts|tab/public)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
