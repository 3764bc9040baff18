/**
 * Issue 18 "Printable" in the tab: a record and a supervision file as PDF downloads, to the
 * people entitled to them (the parties and their line chain) and nobody else. The PDF is read
 * back with pdftotext (poppler-utils, installed by .ci/run).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoSessions, type DemoSessions } from '../../usecases/testing/harness';
import { startTabServer, type TabServer } from './tab-server';

let tab: TabServer;
let demo: DemoSessions;

beforeAll(async () => {
  tab = await startTabServer({ mode: 'local' });
  demo = await demoSessions();
});
afterAll(async () => {
  await tab?.close();
});

async function get(as: string, p: string) {
  const res = await fetch(`${tab.url}${p}`, { headers: { 'X-Dev-User': as } });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

function pdfText(pdf: Buffer): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tab-pdf-')), 'x.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

test('a record: the supervisee, the supervisor and the line manager may download it', async () => {
  for (const who of ['fsw-hadley-1', 'tl-hadley', 'sm-1']) {
    const r = await get(who, `/api/tab/records/${demo.halfSigned}.pdf`);
    expect({ who, status: r.status, type: r.type }).toEqual({
      who,
      status: 200,
      type: 'application/pdf',
    });
    const text = pdfText(r.body);
    expect(text).toContain('Supervision record');
    expect(text).toContain('Supervisee: Jess Morgan (fsw-hadley-1)');
    expect(text).toMatch(/This record's content SHA-256: [0-9a-f]{64}/);
    expect(text).toMatch(/Supervisee: Jess Morgan \(fsw-hadley-1\) - not signed/);
  }
});

test('a record: a colleague or a manager outside the line chain is refused, and learns nothing', async () => {
  for (const who of ['fsw-hadley-2', 'tl-wrekin']) {
    const r = await get(who, `/api/tab/records/${demo.halfSigned}.pdf`);
    expect(r.status).toBe(403);
    expect(r.body.toString()).not.toContain('Jess');
  }
  // An unknown session answers as one they may not see.
  const unknown = await get('sm-1', '/api/tab/records/no-such-session.pdf');
  expect(unknown.status).toBe(403);
  expect((await get('sm-1', `/api/tab/records/${demo.halfSigned}`)).status).toBe(404);
});

test('a supervision file: the person and their line chain, for a period; others refused', async () => {
  const ok = await get(
    'tl-hadley',
    '/api/tab/people/fsw-hadley-1/file.pdf?from=2026-04-01&to=2026-11-30',
  );
  expect(ok.status).toBe(200);
  const text = pdfText(ok.body);
  expect(text).toContain('Supervision file: Jess Morgan');
  expect(text).toContain('Supervision agreements');
  expect(text).toContain('Open actions');
  expect((await get('fsw-hadley-1', '/api/tab/people/fsw-hadley-1/file.pdf')).status).toBe(200);
  expect((await get('tl-wrekin', '/api/tab/people/fsw-hadley-1/file.pdf')).status).toBe(403);
  expect((await get('fsw-hadley-1', '/api/tab/people/fsw-hadley-2/file.pdf')).status).toBe(403);
  expect(
    (
      await get(
        'fsw-hadley-1',
        '/api/tab/people/fsw-hadley-1/file.pdf?from=2026-12-01&to=2026-01-01',
      )
    ).status,
  ).toBe(400);
});
