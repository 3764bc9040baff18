import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from './main';

describe('the bot reads .env (issue 16)', () => {
  it('takes its settings from .env in the working folder: a bad one stops start-up', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bot-dotenv-'));
    writeFileSync(path.join(dir, '.env'), 'LOCAL_MODE=true\nWORKING_HOURS=after lunch\n');
    await expect(main({}, dir)).rejects.toThrow(/WORKING_HOURS/);
    writeFileSync(path.join(dir, '.env'), 'NODE_ENV=production\n');
    await expect(main({}, dir)).rejects.toThrow(/MicrosoftAppId/);
  });
});
