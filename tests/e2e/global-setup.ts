import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The tests use the built web app (dist/web); it is built once if missing. */
export default function setup() {
  const root = path.resolve(import.meta.dirname, '../..');
  if (fs.existsSync(path.join(root, 'dist/web/index.html'))) return;
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
}
