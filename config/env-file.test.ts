import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';
import { withEnvFile } from './env-file';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'envfile-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('withEnvFile', () => {
  it('reads .env from the working folder, under the real environment', () => {
    const dir = folder({
      '.env': '\uFEFF# comment\nPORT=4000\nPROFILE="durham-eh"\nLOCAL_MODE=true\nDEMO=\n',
    });
    const { env, file } = withEnvFile({ PORT: '5000' }, dir);
    expect(file).toBe(path.join(dir, '.env'));
    expect(env).toMatchObject({ PORT: '5000', PROFILE: 'durham-eh', LOCAL_MODE: 'true' });
    const c = loadConfig(env);
    expect(c.port).toBe(5000);
    expect(c.profile).toBe('durham-eh');
  });

  it('is a no-op without a .env file', () => {
    const dir = folder({});
    expect(withEnvFile({ A: '1' }, dir)).toEqual({ env: { A: '1' }, file: null });
  });

  it('reads the file ENV_FILE names, and refuses one that is missing, naming ENV_FILE', () => {
    const dir = folder({ 'prod.env': 'PROFILE=islington-eh\n' });
    expect(withEnvFile({ ENV_FILE: 'prod.env' }, dir).env.PROFILE).toBe('islington-eh');
    let caught: unknown;
    try {
      withEnvFile({ ENV_FILE: 'nope.env' }, dir);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe('ENV_FILE');
    expect((caught as Error).message).toMatch(/ENV_FILE.*nope\.env/);
  });

  it('lets a bad value in the file stop start-up naming the variable', () => {
    const dir = folder({ '.env': 'LOCAL_MODE=true\nWORKING_HOURS=late\n' });
    expect(() => loadConfig(withEnvFile({}, dir).env)).toThrow(/WORKING_HOURS/);
  });
});
