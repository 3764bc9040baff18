import { closeTestClients, graphClientFor } from '../test/graph-server/client-for';
import { SITE_URL, provisionedSite } from '../test/graph-server/fixture';
import { startGraphServer } from '../test/graph-server/server';
import { describeReport, provision, sitePath } from './provision';
import { LIST_KEYS, LISTS } from './schema';

describe('provision', () => {
  it('reads site references in every form', () => {
    expect(sitePath('https://contoso.sharepoint.com/sites/supervision/')).toBe(
      '/sites/contoso.sharepoint.com:/sites/supervision',
    );
    expect(sitePath('contoso.sharepoint.com:/sites/supervision')).toBe(
      '/sites/contoso.sharepoint.com:/sites/supervision',
    );
    expect(sitePath('contoso.sharepoint.com,1,2')).toBe('/sites/contoso.sharepoint.com,1,2');
  });

  it('creates every list with typed, indexed columns; a re-run changes nothing', async () => {
    const site = await provisionedSite();
    try {
      const lists = [...site.server.state.sites.get(site.siteId)!.lists.values()];
      expect(lists.map((l) => l.displayName).sort()).toEqual(
        LIST_KEYS.map((k) => LISTS[k].displayName).sort(),
      );
      const status = site.list('sessions').columns.find((c) => c.name === 'status')!;
      expect(status).toMatchObject({
        indexed: true,
        choice: { choices: ['scheduled', 'held', 'cancelled', 'not-held'] },
      });
      expect(site.list('sessions').columns.find((c) => c.name === 'scheduledStart')).toMatchObject({
        dateTime: { format: 'dateTime' },
        indexed: true,
      });
      expect(site.list('staff').columns.find((c) => c.name === 'startDate')).toMatchObject({
        dateTime: { format: 'dateOnly' },
      });
      // Every list's Title holds the record key and is unique (issue 19: a create is idempotent
      // on every list, so SharePoint itself refuses a second row with one key).
      for (const key of LIST_KEYS)
        expect(site.list(key).columns.find((c) => c.name === 'Title')).toMatchObject({
          indexed: true,
          enforceUniqueValues: true,
        });

      site.server.resetLog();
      const again = await provision(site.client, SITE_URL);
      expect(again).toMatchObject({
        ok: true,
        report: { listsCreated: [], columnsAdded: [], differing: [] },
      });
      expect(site.server.log.filter((e) => e.method !== 'GET')).toEqual([]);
      expect(describeReport((again as unknown as { report: never }).report)).toEqual([
        'schema up to date: nothing to change',
      ]);
    } finally {
      await site.close();
    }
  });

  it('on an older schema adds missing columns and reports differing ones without touching data', async () => {
    const server = await startGraphServer();
    try {
      const s = server.state.addSite('contoso.sharepoint.com', '/sites/supervision');
      const old = server.state.createList(s, 'Supervision Sessions', [
        { name: 'superviseeId', text: {} },
        { name: 'plannedMinutes', text: {} },
        { name: 'status', choice: { choices: ['scheduled', 'held'] } },
      ]);
      // An audit list from before its Title was made unique, already holding a duplicate.
      const audit = server.state.createList(s, 'Supervision Signatures');
      for (let i = 0; i < 2; i++) server.state.addItem(audit, { Title: 'dup' });
      const kept = server.state.addItem(old, {
        Title: 's-1',
        superviseeId: 'fsw-1',
        plannedMinutes: 'ninety',
        status: 'held',
      });
      const { client } = graphClientFor(server);
      const out = await provision(client, SITE_URL);
      if (!out.ok) throw new Error(out.message);
      expect(out.report.listsCreated).not.toContain('Supervision Sessions');
      expect(out.report.listsCreated).toHaveLength(LIST_KEYS.length - 2);
      expect(out.report.columnsAdded.map((c) => c.column)).toEqual(
        expect.arrayContaining(['supervisorId', 'kind', 'scheduledStart', 'superviseeSignedAt']),
      );
      // The older sessions list repeats no key: its Title is made unique.
      expect(out.report.titlesMadeUnique).toEqual(['Supervision Sessions']);
      expect(old.columns.find((c) => c.name === 'Title')).toMatchObject({
        indexed: true,
        enforceUniqueValues: true,
      });
      expect(out.report.differing).toEqual([
        {
          list: 'Supervision Sessions',
          column: 'plannedMinutes',
          expected: 'number',
          actual: 'text',
        },
        expect.objectContaining({ list: 'Supervision Sessions', column: 'status' }),
        {
          list: 'Supervision Signatures',
          column: 'Title',
          expected: 'unique values (indexed)',
          actual: 'duplicates allowed',
        },
      ]);
      expect(describeReport(out.report)).toContain(
        'column differs (left unchanged): Supervision Signatures.Title expected unique values (indexed), found duplicates allowed',
      );
      expect(audit.columns.find((c) => c.name === 'Title')?.enforceUniqueValues).toBeUndefined();
      expect(audit.items.size).toBe(2);
      expect(old.items.get(kept.id)!.fields).toMatchObject({
        plannedMinutes: 'ninety',
        status: 'held',
      });
      expect(old.columns.find((c) => c.name === 'plannedMinutes')).toMatchObject({ text: {} });
      const rerun = await provision(client, SITE_URL);
      expect(rerun).toMatchObject({ ok: true, report: { listsCreated: [], columnsAdded: [] } });
    } finally {
      await server.close();
      await closeTestClients();
    }
  });

  it('names a missing site clearly', async () => {
    const server = await startGraphServer();
    try {
      const { client } = graphClientFor(server);
      expect(await provision(client, 'https://contoso.sharepoint.com/sites/nope')).toMatchObject({
        ok: false,
        code: 'itemNotFound',
        message: expect.stringContaining('Site not found'),
      });
    } finally {
      await server.close();
      await closeTestClients();
    }
  });
});
