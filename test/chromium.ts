/**
 * Debian's headless Chromium (/usr/bin/chromium, installed by .ci/run) through playwright-core,
 * for the browser tests (the tab page, the Agents Playground end to end). One place for the
 * path, the flags and the skip rule.
 *
 * The flags are the ones this workplace's machines need: no sandbox as root, and no background
 * networking (the closed network refuses Chromium's own connections, many at a time).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * `describe` when Chromium is there. Without it a developer's run skips the browser tests and
 * says why; CI (CI=true) fails instead, so a missing install step can never pass as green.
 */
export function describeWithBrowser(what: string): jest.Describe {
  if (existsSync(CHROMIUM)) return describe;
  if (process.env.CI === 'true')
    throw new Error(`${what}: ${CHROMIUM} is missing on CI (.ci/run installs Debian's chromium)`);
  console.log(`Skipping ${what}: ${CHROMIUM} is not installed (apt-get install -y chromium).`);
  return describe.skip;
}

export interface Chromium {
  context: BrowserContext;
  /** Closes the browser and removes its throw-away profile. */
  close(): Promise<void>;
}

/** A persistent context on a fresh temporary profile (`prefix` names the folder). */
export async function launchChromium(
  prefix: string,
  options: Parameters<typeof chromium.launchPersistentContext>[1] = {},
): Promise<Chromium> {
  const profileDir = mkdtempSync(path.join(tmpdir(), `${prefix}chromium-`));
  try {
    const context = await chromium.launchPersistentContext(profileDir, {
      ...options,
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
    });
    return {
      context,
      close: async () => {
        await context.close();
        rmSync(profileDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(profileDir, { recursive: true, force: true });
    throw err;
  }
}
