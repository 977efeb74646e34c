import type { z } from 'zod';
import { recordAudit, type AuditEntry } from '../modules/audit/record-audit.ts';
import type { AppContext, Caller } from './context.ts';
import type { Tx } from './db/database.ts';
import { invalid } from './errors.ts';

/**
 * Every change to Daiko's data goes through one of these. The wrapper does, once and the same way
 * for all: validate the input, open a transaction, ask the action to authorize (it may load what it
 * needs to decide), run it, and write its audit rows in that same transaction. An action cannot
 * forget its audit row: `run` must return it.
 */
export type ActionSpec<S extends z.ZodType, R> = {
  name: string;
  input: S;
  authorize: (tx: Tx, caller: Caller, input: z.output<S>, ctx: AppContext) => Promise<void> | void;
  run: (tx: Tx, caller: Caller, input: z.output<S>, ctx: AppContext) => Promise<{ result: R; audit: AuditEntry[] }>;
};

export type Action<S extends z.ZodType, R> = ((ctx: AppContext, caller: Caller, input: z.input<S>) => Promise<R>) & {
  actionName: string;
};

export function defineAction<S extends z.ZodType, R>(spec: ActionSpec<S, R>): Action<S, R> {
  const action = async (ctx: AppContext, caller: Caller, rawInput: z.input<S>) => {
    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) {
      throw invalid(
        `Invalid input for ${spec.name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`,
        parsed.error.issues,
      );
    }
    return ctx.db.transaction().execute(async (tx) => {
      await spec.authorize(tx, caller, parsed.data, ctx);
      const { result, audit } = await spec.run(tx, caller, parsed.data, ctx);
      await recordAudit(tx, caller.actor, audit, caller.ip);
      return result;
    });
  };
  return Object.assign(action, { actionName: spec.name });
}
