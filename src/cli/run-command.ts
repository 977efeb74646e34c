import { loadConfig } from '../platform/config.ts';
import { bootstrap } from '../platform/bootstrap.ts';
import type { AppContext, Caller } from '../platform/context.ts';
import { DomainError } from '../platform/errors.ts';

/** The operator at the terminal, as the audit log names them. */
export function cliCaller(): Caller {
  return { actor: { kind: 'system', label: process.env.USER ?? 'operator' }, ip: null };
}

/**
 * Opens the database named by DAIKO_DATA_DIR / DATABASE_URL (migrating it), runs one command, closes.
 * Domain errors print their message (and per-line details) and exit 1; the CLI never seeds demo data.
 */
export async function runCommand(fn: (ctx: AppContext) => Promise<void>) {
  const config = loadConfig();
  const { ctx, handle } = await bootstrap(config);
  try {
    await fn(ctx);
  } catch (error) {
    process.exitCode = 1;
    if (error instanceof DomainError) {
      console.error(`error: ${error.message}`);
      if (Array.isArray(error.details)) {
        for (const d of error.details as Array<{ line?: number; column?: string; message?: string }>) {
          if (d.line !== undefined) console.error(`  line ${d.line}${d.column ? `, column ${d.column}` : ''}: ${d.message}`);
        }
      }
    } else {
      throw error;
    }
  } finally {
    await handle.close();
  }
}
