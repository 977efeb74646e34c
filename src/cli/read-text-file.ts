import fs from 'node:fs';
import { invalid } from '../platform/errors.ts';

/**
 * A CSV as text. UTF-8 (with or without BOM) first; a file that is not valid UTF-8 is read as
 * Shift_JIS, which is what Japanese Excel writes by default.
 */
export function readTextFile(file: string): string {
  if (!fs.existsSync(file)) throw invalid(`File not found: ${file}`);
  const bytes = fs.readFileSync(file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('shift_jis').decode(bytes);
  }
}
