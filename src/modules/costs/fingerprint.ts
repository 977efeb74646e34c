import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IngestedFile } from './tables.ts';

export async function sha256File(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * The identity of a delivery's content: the same files (in any order, under any name) give the same
 * fingerprint, so ingesting them again is recognized and changes nothing.
 */
export function deliveryFingerprint(files: IngestedFile[]): string {
  return createHash('sha256')
    .update(files.map((f) => f.sha256).sort().join('\n'))
    .digest('hex');
}
