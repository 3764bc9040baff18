/**
 * The Teams app package, offline: the filled manifest, the icons and the zip.
 *
 * The official schema comes offline from Microsoft's @microsoft/app-manifest package, which
 * bundles every published version (@microsoft/teams-manifest's validateManifest() would
 * download it from the `$schema` URL, which this network cannot reach). It is checked with
 * @microsoft/teams-manifest's own validateManifestAgainstSchema (ajv draft-04).
 */
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { ManifestUtil } from '@microsoft/teams-manifest';
import { COMMANDS } from '../present/commands';
import {
  buildPackage,
  fillManifest,
  manifestCommands,
  MAX_COMMANDS,
  PackageError,
  resolveVars,
  TEMPLATE_PATH,
} from './package';
import { decodePng } from './png';

const ENV = {
  TEAMS_APP_ID: '6d2b3a51-3c1f-4b7e-9a51-0f2f1c7b9e11',
  MicrosoftAppId: '0f6d2c1e-8a33-4f0e-b5c2-7d9a4e1b2c3d',
  PUBLIC_BASE_URL: 'https://supervision.example.org/',
};
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Manifest = {
  $schema: string;
  manifestVersion: string;
  id: string;
  bots: Array<{
    botId: string;
    scopes: string[];
    commandLists: Array<{
      scopes: string[];
      commands: Array<{ title: string; description: string }>;
    }>;
  }>;
  staticTabs: Array<{ entityId: string; name?: string; contentUrl?: string; scopes: string[] }>;
  webApplicationInfo: { id: string; resource: string };
  validDomains: string[];
  icons: { color: string; outline: string };
  accentColor: string;
  name: { short: string; full: string };
  description: { short: string; full: string };
};

describe('Teams app package', () => {
  let manifest: Manifest;
  let zipBytes: Buffer;

  beforeAll(async () => {
    const pkg = await buildPackage(ENV, COMMANDS);
    manifest = pkg.manifest as unknown as Manifest;
    zipBytes = pkg.zip;
  });

  it('fills every placeholder', () => {
    const text = JSON.stringify(manifest);
    expect(text).not.toMatch(/\$\{\{/);
    expect(manifest.id).toBe(ENV.TEAMS_APP_ID);
    expect(manifest.bots[0]!.botId).toBe(ENV.MicrosoftAppId);
    expect(manifest.validDomains).toEqual(['supervision.example.org']);
    expect(manifest.webApplicationInfo).toEqual({
      id: ENV.MicrosoftAppId,
      resource: `api://supervision.example.org/${ENV.MicrosoftAppId}`,
    });
  });

  it('uses TAB_APP_ID_URI for the tab SSO when set', async () => {
    const uri = 'api://tab.example.org/11111111-2222-3333-4444-555555555555';
    const m = (await buildPackage({ ...ENV, TAB_APP_ID_URI: uri }, COMMANDS))
      .manifest as unknown as Manifest;
    expect(m.webApplicationInfo).toEqual({
      id: '11111111-2222-3333-4444-555555555555',
      resource: uri,
    });
  });

  it('is a personal bot with a command menu drawn from the commands the bot answers', () => {
    const bot = manifest.bots[0]!;
    expect(bot.scopes).toEqual(['personal']);
    const titles = bot.commandLists[0]!.commands.map((c) => c.title);
    expect(titles.length).toBeLessThanOrEqual(MAX_COMMANDS);
    for (const core of ['next', 'actions', 'status', 'team', 'help'])
      expect(titles).toContain(core);
    const known = new Set(COMMANDS.map((c) => c.name));
    for (const t of titles) expect(known.has(t)).toBe(true);
    expect(titles.some((t) => t.includes('triage'))).toBe(true);
    for (const c of bot.commandLists[0]!.commands) {
      expect(c.title.length).toBeLessThanOrEqual(32);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(128);
    }
  });

  it('has the "My supervision" static tab under PUBLIC_BASE_URL/tab/', () => {
    const tab = manifest.staticTabs.find((t) => t.entityId === 'my-supervision');
    expect(tab).toMatchObject({
      name: 'My supervision',
      contentUrl: 'https://supervision.example.org/tab/',
      scopes: ['personal'],
    });
  });

  it('meets the schema limits that matter (ids, lengths, colour)', () => {
    // The newest stable schema @microsoft/app-manifest ships (not devPreview), and its URL.
    expect(manifest.manifestVersion).toBe('1.30');
    expect(manifest.$schema).toBe(
      'https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json',
    );
    expect(manifest.id).toMatch(GUID);
    expect(manifest.accentColor).toMatch(/^#[0-9a-fA-F]{6}$/);
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.name.full.length).toBeLessThanOrEqual(100);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
  });

  it('validates against the official Teams manifest schema (offline copy)', async () => {
    const schemaPath = require.resolve(
      `@microsoft/app-manifest/build/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
    expect(
      (schema.properties as { manifestVersion: { const: string } }).manifestVersion.const,
    ).toBe(manifest.manifestVersion);
    const errors = await ManifestUtil.validateManifestAgainstSchema(
      manifest as never,
      schema as never,
    );
    expect(errors).toEqual([]);
  });

  it('ships a 192×192 colour icon and a 32×32 white-on-transparent outline icon', async () => {
    const zip = await JSZip.loadAsync(zipBytes);
    const color = decodePng(await zip.file('color.png')!.async('nodebuffer'));
    const outline = decodePng(await zip.file('outline.png')!.async('nodebuffer'));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let transparent = 0;
    let white = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = [
        outline.data[i],
        outline.data[i + 1],
        outline.data[i + 2],
        outline.data[i + 3],
      ];
      if (a === 0) transparent++;
      else {
        expect([r, g, b, a]).toEqual([255, 255, 255, 255]);
        white++;
      }
    }
    expect(transparent).toBeGreaterThan(white);
    expect(white).toBeGreaterThan(30);
    // The committed icons are what the code draws.
    expect(readFileSync(`${__dirname}/color.png`)).toEqual(
      await zip.file('color.png')!.async('nodebuffer'),
    );
    expect(readFileSync(`${__dirname}/outline.png`)).toEqual(
      await zip.file('outline.png')!.async('nodebuffer'),
    );
  });

  it('zips exactly manifest.json and the two icons at the root', async () => {
    const zip = await JSZip.loadAsync(zipBytes);
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const inZip = JSON.parse(await zip.file('manifest.json')!.async('string')) as Manifest;
    expect(inZip).toEqual(manifest);
  });

  it.each([
    [{ ...ENV, TEAMS_APP_ID: '' }, 'TEAMS_APP_ID'],
    [{ ...ENV, TEAMS_APP_ID: 'not-a-guid' }, 'TEAMS_APP_ID'],
    [{ ...ENV, MicrosoftAppId: undefined }, 'MicrosoftAppId'],
    [{ ...ENV, PUBLIC_BASE_URL: 'http://insecure.example.org' }, 'PUBLIC_BASE_URL'],
    [{ ...ENV, APP_VERSION: 'v1' }, 'APP_VERSION'],
    [{ ...ENV, TAB_APP_ID_URI: 'https://not-an-app-id-uri' }, 'TAB_APP_ID_URI'],
    // A managed-identity bot: the tab's SSO app must be named (the identity exposes no API).
    [{ ...ENV, MicrosoftAppType: 'UserAssignedMSI', TAB_APP_ID_URI: '' }, 'TAB_APP_ID_URI'],
  ])('fails naming the variable: %j', (env, variable) => {
    expect(() => resolveVars(env)).toThrow(PackageError);
    expect(() => resolveVars(env)).toThrow(new RegExp(`^${variable}`));
  });

  it('refuses a template placeholder with no value', () => {
    expect(() => fillManifest('{"a":"${{NOPE}}"}', {}, [])).toThrow(/NOPE/);
    expect(readFileSync(TEMPLATE_PATH, 'utf8')).toContain('"${{COMMANDS}}"');
    expect(manifestCommands([{ name: 'x', description: 'y' }])).toEqual([
      { title: 'x', description: 'y' },
    ]);
  });
});
