/**
 * The manifest's websiteUrl, privacyUrl and termsOfUseUrl answer on the running bot (they were
 * 404), with the organisation's name and contact, or the organisation's own files.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/config';
import { ManualClock } from '../ports/clock';
import { RecordingLogger } from '../ports/logger';
import { SqliteKv } from '../store/sqlite-kv';
import { loadLegalPages } from './legal-pages';
import { buildApp } from './main';
import { startHttpBot } from './testing/http-bot';

const clock = new ManualClock('2026-11-24T09:30:00Z');

function manifestPaths(): string[] {
  const text = readFileSync(
    path.join(__dirname, '..', 'manifest', 'manifest.template.json'),
    'utf8',
  );
  const m = JSON.parse(text) as { developer: Record<string, string> };
  return ['websiteUrl', 'privacyUrl', 'termsOfUseUrl'].map((k) =>
    m.developer[k]!.replace('${{PUBLIC_BASE_URL}}', ''),
  );
}

describe('privacy notice and terms', () => {
  it('serves every page the manifest links to, naming the organisation and its contact', async () => {
    const bot = await startHttpBot({
      clock,
      env: {
        DEMO: 'true',
        TICK_SECONDS: '0',
        ORGANISATION_NAME: 'Telford & Wrekin <Council>',
        PRIVACY_CONTACT: 'dpo@example.org',
      },
    });
    try {
      const paths = manifestPaths();
      expect(paths).toEqual(['/', '/privacy', '/terms']);
      for (const p of paths) {
        const res = await fetch(`${bot.app.server.url}${p}`);
        expect({ p, status: res.status }).toEqual({ p, status: 200 });
        expect(res.headers.get('content-type')).toMatch(/text\/html/);
        expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
        const html = await res.text();
        expect(html).toContain('Telford &#38; Wrekin &#60;Council&#62;');
        expect(html).not.toContain('<Council>');
      }
      const privacy = await (await fetch(`${bot.app.server.url}/privacy`)).text();
      expect(privacy).toContain('dpo@example.org');
      expect(privacy).toMatch(/kept for 7 years/);
      expect(privacy).toMatch(/case-system ids/);
    } finally {
      await bot.close();
    }
  });

  it("serves the organisation's own files, and refuses to start without a readable one", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'legal-'));
    writeFileSync(path.join(dir, 'privacy.txt'), 'Our notice.\n\nSecond <b>paragraph</b>.');
    writeFileSync(path.join(dir, 'terms.html'), '<!doctype html><p>Our terms</p>');
    const pages = loadLegalPages({
      privacyNoticeFile: path.join(dir, 'privacy.txt'),
      termsFile: path.join(dir, 'terms.html'),
      auditRetentionYears: 7,
    });
    expect(pages['/privacy']).toContain('<p>Our notice.</p>');
    expect(pages['/privacy']).toContain('Second &#60;b&#62;paragraph&#60;/b&#62;.');
    expect(pages['/terms']).toBe('<!doctype html><p>Our terms</p>');

    const config = loadConfig({
      LOCAL_MODE: 'true',
      PORT: '0',
      TICK_SECONDS: '0',
      PRIVACY_NOTICE_FILE: path.join(dir, 'missing.html'),
    });
    await expect(
      buildApp(config, { clock, logger: new RecordingLogger(), kv: new SqliteKv(':memory:') }),
    ).rejects.toThrow(/PRIVACY_NOTICE_FILE.*missing\.html/);
  });
});
