/**
 * The tab's public surface for the composition root (bot/main.ts buildApp):
 *
 *   tabRoutes({ config: config.tab, deliver: (m) => delivery.deliver(m) })
 *
 * `deliver` sends the messages the sign / swap use-cases hand back (the same ledger + queue
 * path as card actions), so the other party hears about a tab signature exactly as about a
 * card signature.
 */
export { tabRoutes, type TabOptions } from './routes';
export { parseTabConfig, type TabConfig } from './config';
export { createTokenVerifier, type TokenVerifier } from './token';
