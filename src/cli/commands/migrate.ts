import type { Command } from 'commander';
import { loadConfig } from '../../platform/config.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';

export function migrateCommand(program: Command) {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const handle = await openDatabase(loadConfig());
      try {
        const applied = await migrateToLatest(handle.db);
        console.log(applied.length ? `Applied ${applied.length} migration(s) to ${handle.location}: ${applied.join(', ')}` : `${handle.location} is up to date.`);
      } finally {
        await handle.close();
      }
    });
}
