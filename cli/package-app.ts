/**
 * `npm run package`: the Teams app package (manifest/package.ts) with the bot's own command
 * table as its command menu. The entry point lives here, where use-cases may be imported, so
 * the manifest room itself depends on nothing of the app.
 */
import { main } from '../manifest/package';
import { COMMANDS } from '../present/commands';

main(COMMANDS).catch((err: unknown) => {
  process.stderr.write(`package failed: ${(err as Error).message}\n`);
  process.exit(1);
});
