/**
 * Two bot instances on one state store (issue 16): exactly one ticks; when it stops, the other
 * takes over at its next tick; when it dies without stopping, the other takes over once the
 * lease runs out. And an authenticated deployment runs no scheduler unless SEND_ENABLED=true.
 */
import { loadConfig } from '../config/config';
import { ManualClock } from '../ports/clock';
import type { KvStore } from '../ports/kv-store';
import { RecordingLogger } from '../ports/logger';
import { SqliteKv } from '../store/sqlite-kv';
import { kvView } from '../store/testing/kv-view';
import { buildApp } from './main';
import { startHttpBot } from './testing/http-bot';

describe('one scheduler across instances', () => {
  it('ticks on one instance at a time and hands over on stop or death', async () => {
    const clock = new ManualClock('2026-11-24T09:30:00Z');
    const kv = new SqliteKv(':memory:');
    const env = { DEMO: 'true', TICK_SECONDS: '60' };
    // Both instances share one store, as two App Service instances share one Azure Table; the
    // store is closed once, at the end.
    const view = (): KvStore => kvView(kv, { feed: true, close: false });
    const a = await startHttpBot({ clock, env, kv: view() });
    const b = await startHttpBot({ clock, env, kv: view() });
    const c = await startHttpBot({ clock, env, kv: view() });
    try {
      expect(await a.app.scheduler!.tickOnce()).not.toBeNull();
      expect(await b.app.scheduler!.tickOnce()).toBeNull();
      expect(await c.app.scheduler!.tickOnce()).toBeNull();
      const standby = (await (await fetch(`${b.app.server.url}/healthz`)).json()) as Record<
        string,
        unknown
      >;
      expect(standby.scheduler).toBe('standby');
      expect(standby.ok).toBe(true);

      await a.close(); // graceful: releases the lease
      expect(await b.app.scheduler!.tickOnce()).not.toBeNull();
      expect(await c.app.scheduler!.tickOnce()).toBeNull();

      // b dies: it simply stops ticking. c waits out the lease (2.5 × 60 s), then takes over.
      clock.advance(149_000);
      expect(await c.app.scheduler!.tickOnce()).toBeNull();
      clock.advance(2_000);
      expect(await c.app.scheduler!.tickOnce()).not.toBeNull();
    } finally {
      await b.close();
      await c.close();
      await kv.close();
    }
  });

  it('runs no scheduler in an authenticated deployment without SEND_ENABLED=true', async () => {
    const base = {
      PORT: '0',
      HOST: '127.0.0.1',
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'pw',
      MicrosoftAppTenantId: 't',
      SQLITE_PATH: ':memory:',
    };
    const logger = new RecordingLogger();
    const off = await buildApp(loadConfig(base), { logger, kv: new SqliteKv(':memory:') });
    try {
      expect(off.scheduler).toBeNull();
      expect(logger.lines.some((l) => l.event === 'scheduler.send-disabled')).toBe(true);
      const h = (await (await fetch(`${off.server.url}/healthz`)).json()) as Record<
        string,
        unknown
      >;
      expect(h.scheduler).toBe('send-disabled');
    } finally {
      await off.close();
    }
    const on = await buildApp(loadConfig({ ...base, SEND_ENABLED: 'true' }), {
      logger,
      kv: new SqliteKv(':memory:'),
      startScheduler: false,
    });
    try {
      expect(on.scheduler).not.toBeNull();
    } finally {
      await on.close();
    }
  });
});
