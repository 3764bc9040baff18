/**
 * The bot's real HTTP server with an authenticated (single-tenant) adapter and an empty bot, for
 * tests outside bot/ that need a deployed-looking endpoint (cli doctor): /healthz answers what
 * `health` says, /api/messages refuses anything without a valid Bot Framework token.
 */
import { ActivityHandler } from 'botbuilder';
import { RecordingLogger } from '../../ports/logger';
import { createAdapter } from '../adapter';
import { startServer, type HealthReport, type RunningServer } from '../server';

export function startAuthenticatedServer(
  health: () => Promise<HealthReport>,
  auth = { appId: 'bot-app', password: 'bot-secret', tenantId: 'tenant' },
): Promise<RunningServer> {
  const logger = new RecordingLogger();
  return startServer({
    host: '127.0.0.1',
    port: 0,
    adapter: createAdapter({ mode: 'SingleTenant', ...auth }, logger),
    bot: new ActivityHandler(),
    logger,
    localMode: false,
    health,
  });
}
