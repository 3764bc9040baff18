/**
 * `supervision-bot doctor`: checks a configuration (the environment and .env) against what it
 * points at, and says what is wrong in plain words:
 *
 *   configuration  every variable parses (as the bot itself would parse it);
 *   bot identity   a token for the Bot Framework from the bot's app registration (client secret)
 *                  or its managed identity (only where the identity exists: on the Azure host);
 *   SharePoint     a Graph token, the site, and every list the bot reads (DATA_SOURCE=sharepoint);
 *   state store    a write, read and delete of a probe entry (SQLite or Azure Tables);
 *   bot endpoint   PUBLIC_BASE_URL/healthz answers ready, and /api/messages refuses an
 *                  unauthenticated activity (proof the public bot is not in local mode);
 *   tab sign-in    TAB_APP_ID_URI names the app registration the tab's SSO uses (a
 *                  managed-identity bot cannot be that registration).
 *
 * Exit codes: 0 all well, 1 something is wrong (each problem printed), 2 the configuration
 * itself does not parse. Never prints a secret, a token or a connection string.
 */
import { randomUUID } from 'node:crypto';
import {
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import { ConfigError, loadConfig, type AppConfig } from '../../config/config';
import { silentLogger } from '../../ports/logger';
import { graphClientFromConfig, locateLists, type GraphDeps } from '../../sharepoint/open-graph';
import { provision } from '../../sharepoint/provision';
import { openKvStore } from '../../store/open-store';
import type { CliCommand, CliIo } from '../command';

export type Verdict = 'ok' | 'problem' | 'skipped';

export interface Check {
  name: string;
  verdict: Verdict;
  /** Plain words for an administrator: what was found, or what is wrong and what to do. */
  detail: string;
}

export interface DoctorDeps {
  /** Graph test hooks (the loopback server's certificate). */
  graph?: Partial<GraphDeps>;
  /** Where the bot's token comes from (default Entra's public cloud; tests: a test server). */
  botAuthorityHost?: string;
  /** Extra CA for the bot's token endpoint (tests). */
  trustedCa?: string;
  /** For the bot endpoint checks (tests may pass one trusting their certificate). */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const BOT_SCOPE = 'https://api.botframework.com/.default';

function why(err: unknown): string {
  const name = (err as { name?: string })?.name ?? 'Error';
  // Identity errors quote the tenant and the request id; keep the kind only.
  if (/CredentialUnavailable/i.test(name)) return 'no managed identity is available here';
  if (/Authentication/i.test(name)) return 'the sign-in was refused';
  return name;
}

async function botIdentity(config: AppConfig, deps: DoctorDeps): Promise<Check> {
  const name = 'bot identity';
  const auth = config.auth;
  if (auth.mode === 'local') {
    return {
      name,
      verdict: 'problem',
      detail:
        'LOCAL_MODE=true: activities are not authenticated. For a developer machine only; a deployment needs MicrosoftAppId.',
    };
  }
  const options = {
    ...(deps.botAuthorityHost ? { authorityHost: deps.botAuthorityHost } : {}),
    disableInstanceDiscovery: Boolean(deps.botAuthorityHost),
    ...(deps.trustedCa ? { tlsOptions: { ca: deps.trustedCa } } : {}),
  };
  const credential: TokenCredential =
    auth.mode === 'SingleTenant'
      ? new ClientSecretCredential(auth.tenantId, auth.appId, auth.password, options)
      : new ManagedIdentityCredential({ clientId: auth.appId });
  try {
    const token = await credential.getToken(BOT_SCOPE);
    if (!token) throw new Error('no token');
    return {
      name,
      verdict: 'ok',
      detail: `${auth.mode === 'SingleTenant' ? 'app registration' : 'managed identity'} ${auth.appId} gets a Bot Framework token`,
    };
  } catch (err) {
    return {
      name,
      verdict: 'problem',
      detail:
        auth.mode === 'SingleTenant'
          ? `no Bot Framework token for MicrosoftAppId ${auth.appId} (${why(err)}): check MicrosoftAppId, MicrosoftAppTenantId and MicrosoftAppPassword (secrets expire)`
          : `no Bot Framework token for the managed identity ${auth.appId} (${why(err)}): run doctor on the Azure host the identity is assigned to, and check MicrosoftAppId is its client id`,
    };
  }
}

/** Graph's failure codes in an administrator's words (what to check, which variable). */
function graphProblem(r: { code: string; message: string }, config: AppConfig): string {
  const site = config.graph?.SHAREPOINT_SITE ?? '';
  switch (r.code) {
    case 'auth':
      return config.graph?.GRAPH_MANAGED_IDENTITY_CLIENT_ID
        ? `Could not get a Graph token from the managed identity ${config.graph.GRAPH_MANAGED_IDENTITY_CLIENT_ID}: run doctor on the Azure host the identity is assigned to, and check GRAPH_MANAGED_IDENTITY_CLIENT_ID is its client id`
        : 'Could not sign in to Microsoft Graph: check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH (secrets and certificates expire)';
    case 'forbidden':
    case 'accessDenied':
      return `Graph refused access to ${site}: grant the app Sites.Selected on this site (docs/deploy.md)`;
    case 'network':
      return `Graph could not be reached at ${config.graph?.GRAPH_BASE_URL ?? ''} (${r.message})`;
    default:
      return r.message;
  }
}

async function sharePoint(config: AppConfig, deps: DoctorDeps): Promise<Check> {
  const name = 'SharePoint';
  if (!config.graph) {
    return { name, verdict: 'skipped', detail: 'DATA_SOURCE=embedded: no SharePoint site' };
  }
  const client = graphClientFromConfig(config.graph, { logger: silentLogger, ...deps.graph });
  const lists = await locateLists(client, config.graph.SHAREPOINT_SITE);
  if (!lists.ok) return { name, verdict: 'problem', detail: graphProblem(lists, config) };
  // Schema drift (issue 19 item 4): a column the bot reads that a list lacks is read around
  // and reported by the bot; doctor names it up front. provision's dry run only reads.
  const plan = await provision(client, config.graph.SHAREPOINT_SITE, { dryRun: true });
  if (plan.ok && plan.report.columnsAdded.length > 0) {
    const cols = plan.report.columnsAdded.map((c) => `${c.list}.${c.column}`).join(', ');
    return {
      name,
      verdict: 'problem',
      detail: `schema drift: the site lacks ${cols}; the bot reads around them, but their data is not kept: run supervision-bot provision --site ${config.graph.SHAREPOINT_SITE}`,
    };
  }
  return {
    name,
    verdict: 'ok',
    detail: `site ${config.graph.SHAREPOINT_SITE} and its ${Object.keys(lists.listIds).length} lists are reachable`,
  };
}

async function stateStore(config: AppConfig): Promise<Check> {
  const name = 'state store';
  const where =
    config.store.kind === 'sqlite'
      ? `SQLite at ${config.store.path}`
      : `Azure Table ${config.store.table}`;
  let kv;
  try {
    kv = await openKvStore(config.store);
  } catch (err) {
    return { name, verdict: 'problem', detail: `cannot open ${where} (${why(err)})` };
  }
  try {
    const key = `probe-${randomUUID()}`;
    await kv.upsert('doctor', key, { at: new Date().toISOString() });
    const back = await kv.get('doctor', key);
    await kv.delete('doctor', key);
    if (!back) return { name, verdict: 'problem', detail: `${where} lost a probe entry` };
    return { name, verdict: 'ok', detail: `${where}: write, read and delete work` };
  } catch (err) {
    return {
      name,
      verdict: 'problem',
      detail: `${where} refused a probe write (${why(err)}): check the connection string or the identity's Storage Table Data Contributor role`,
    };
  } finally {
    await kv.close().catch(() => undefined);
  }
}

async function endpoint(config: AppConfig, deps: DoctorDeps): Promise<Check[]> {
  const name = 'bot endpoint';
  if (!config.publicBaseUrl) {
    return [
      {
        name,
        verdict: config.auth.mode === 'local' ? 'skipped' : 'problem',
        detail:
          'PUBLIC_BASE_URL is not set: the tab, the privacy page and the Azure Bot messaging endpoint need the https address of this app',
      },
    ];
  }
  const get = deps.fetch ?? fetch;
  const signal = () => AbortSignal.timeout(deps.timeoutMs ?? 10_000);
  const out: Check[] = [];
  try {
    const res = await get(`${config.publicBaseUrl}/healthz`, { signal: signal() });
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    out.push(
      res.status === 200
        ? { name, verdict: 'ok', detail: `${config.publicBaseUrl}/healthz says ready` }
        : {
            name,
            verdict: 'problem',
            detail: `${config.publicBaseUrl}/healthz answers ${res.status}, not ready: ${
              Array.isArray(body.reasons) ? body.reasons.join('; ') : `store ${String(body.store)}`
            }`,
          },
    );
  } catch (err) {
    return [
      {
        name,
        verdict: 'problem',
        detail: `cannot reach ${config.publicBaseUrl}/healthz (${why(err)}): is the app running, and is PUBLIC_BASE_URL its address?`,
      },
    ];
  }
  try {
    const res = await get(`${config.publicBaseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', channelId: 'doctor', text: '' }),
      signal: signal(),
    });
    out.push(
      res.status === 401
        ? {
            name: 'bot authentication',
            verdict: 'ok',
            detail: '/api/messages refuses an unauthenticated activity (401)',
          }
        : {
            name: 'bot authentication',
            verdict: 'problem',
            detail: `/api/messages answered ${res.status} to an unauthenticated activity, expected 401: the running bot may be in local mode`,
          },
    );
  } catch (err) {
    out.push({
      name: 'bot authentication',
      verdict: 'problem',
      detail: `cannot reach ${config.publicBaseUrl}/api/messages (${why(err)})`,
    });
  }
  return out;
}

/** The tab's sign-in: which app registration it asks tokens for (nothing to reach offline). */
function tabSignIn(config: AppConfig): Check {
  const name = 'tab sign-in';
  const tab = config.tab;
  if (tab.mode === 'local')
    return { name, verdict: 'skipped', detail: 'local mode: the tab offers a developer picker' };
  if (tab.mode === 'off')
    return {
      name,
      verdict: 'problem',
      detail:
        'TAB_APP_ID_URI is not set: the tab refuses everyone. Set it to the Application ID URI of the app registration that exposes access_as_user (docs/deploy.md); a managed identity cannot be that registration, so a managed-identity bot always needs it',
    };
  return {
    name,
    verdict: 'ok',
    detail: `the tab asks sign-in tokens for ${tab.appIdUri} (tenant ${tab.tenantId}); the Teams package's webApplicationInfo must name the same (npm run package)`,
  };
}

/** Runs every check; never throws (a failed check is a verdict). */
export async function runDoctor(config: AppConfig, deps: DoctorDeps = {}): Promise<Check[]> {
  const guard = async (name: string, f: () => Promise<Check | Check[]>): Promise<Check[]> => {
    try {
      const r = await f();
      return Array.isArray(r) ? r : [r];
    } catch (err) {
      return [{ name, verdict: 'problem', detail: `check failed (${why(err)})` }];
    }
  };
  return [
    ...(await guard('bot identity', () => botIdentity(config, deps))),
    ...(await guard('SharePoint', () => sharePoint(config, deps))),
    ...(await guard('state store', () => stateStore(config))),
    ...(await guard('bot endpoint', () => endpoint(config, deps))),
    tabSignIn(config),
  ];
}

const MARK: Record<Verdict, string> = { ok: 'OK     ', problem: 'PROBLEM', skipped: 'skipped' };

export function makeDoctorCommand(deps: DoctorDeps = {}): CliCommand {
  return {
    name: 'doctor',
    summary: 'Check the configuration against the tenant, store and bot it points at',
    options: {},
    help: 'Reads the environment and .env like the bot does.\nExit codes: 0 all well, 1 something is wrong (each problem printed), 2 the configuration does not parse.',
    async run(_values, _positionals, io: CliIo): Promise<number> {
      let config: AppConfig;
      try {
        config = loadConfig(io.env);
      } catch (err) {
        if (err instanceof ConfigError) {
          io.stdout(`PROBLEM configuration: ${err.message}\n`);
          return 2;
        }
        throw err;
      }
      io.stdout(`OK      configuration: every variable parses (${config.auth.mode})\n`);
      const checks = await runDoctor(config, deps);
      for (const c of checks) io.stdout(`${MARK[c.verdict]} ${c.name}: ${c.detail}\n`);
      const problems = checks.filter((c) => c.verdict === 'problem').length;
      io.stdout(
        problems === 0 ? '\nAll checks passed.\n' : `\n${problems} problem(s): see above.\n`,
      );
      return problems === 0 ? 0 : 1;
    },
  };
}

export const command: CliCommand = makeDoctorCommand();
