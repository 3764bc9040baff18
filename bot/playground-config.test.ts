import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_MOCK_USERS, playgroundConfigYaml } from './playground-config';
import { loadDemoOrg } from '../demo/demo-org';

describe('Agents Playground config', () => {
  it('the committed .m365agentsplayground.yml is the generated one (fsw-hadley-1 current)', () => {
    const committed = readFileSync(path.join(__dirname, '..', '.m365agentsplayground.yml'), 'utf8');
    expect(committed).toBe(playgroundConfigYaml('fsw-hadley-1'));
  });

  it('mock users are demo staff, their aadObjectId is the staff id, and there are enough of them', async () => {
    const demo = await loadDemoOrg();
    const ids = new Set(demo.staff.map((s) => s.id));
    for (const u of DEMO_MOCK_USERS) expect(ids.has(u.staffId)).toBe(true);
    for (const required of ['fsw-hadley-1', 'tl-hadley', 'sm-1', 'sp-wrekin']) {
      expect(DEMO_MOCK_USERS.map((u) => u.staffId)).toContain(required);
    }
    const yaml = playgroundConfigYaml('tl-hadley');
    expect(yaml).toMatch(/currentUser:\n {2}id: user-tl-hadley\n[\s\S]*?aadObjectId: tl-hadley/);
    // The Playground refuses fewer than five `users` besides the current one.
    expect((yaml.match(/^ {2}- id: user-/gm) ?? []).length).toBeGreaterThanOrEqual(5);
  });

  it('refuses an unknown current user', () => {
    expect(() => playgroundConfigYaml('nobody')).toThrow(/PLAYGROUND_USER/);
  });
});
