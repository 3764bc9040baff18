import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { OrgSnapshot } from '../policy/domain';
import { snapshotToCsv } from './write-csv';

/** Writes every table of a snapshot as CSV files into dir (created if missing). */
export async function writeCsvFolder(dir: string, snapshot: OrgSnapshot): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [file, text] of Object.entries(snapshotToCsv(snapshot))) {
    await fs.writeFile(path.join(dir, file), text, 'utf8');
    written.push(file);
  }
  return written;
}
