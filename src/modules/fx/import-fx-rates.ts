import { z } from 'zod';
import { defineAction } from '../../platform/action.ts';
import { forbidden } from '../../platform/errors.ts';
import { importRefused, readCsvTable, type CsvTable } from '../companies/rules/csv-table.ts';
import { actorLabel, can } from '../identity/rules/roles.ts';
import { storeFxRates } from './fx-rate-store.ts';
import { loadFxSettings } from './fx-settings-store.ts';
import { FX_RATE_COLUMNS, validateFxRateRows } from './rules/fx-rate-rows.ts';
import { FxSourceName } from './rules/fx-settings.ts';

const RateCells = z.object({ date: z.string().max(40), usdJpy: z.string().max(40), source: z.string().max(40).optional() });

/** A CSV file's text, or rows already split (JSON clients; numbered from 1 in error messages). */
export const ImportFxRatesInput = z.union([
  z.object({
    csv: z.string().max(2_000_000),
    /** The source of rows whose `source` cell is empty or missing; default: the active source. */
    source: FxSourceName.optional(),
  }),
  z.object({ rows: z.array(RateCells).max(50_000), source: FxSourceName.optional() }),
]);

/** Rows as the CSV reader would give them, so one validation serves files, JSON and feeds. */
export function tableOfRates(rows: readonly z.infer<typeof RateCells>[]): CsvTable {
  return {
    columns: ['date', 'usd_jpy', 'source'],
    rows: rows.map((r, i) => ({ line: i + 1, cells: { date: r.date.trim(), usd_jpy: r.usdJpy.trim(), source: (r.source ?? '').trim() } })),
    errors: [],
  };
}

/**
 * Imports USD→JPY rates (billing, admins): every row is checked first and every problem reported
 * by line and column; any problem and nothing is stored. Re-importing updates changed values and
 * leaves equal ones alone. One audit row with the counts and every replaced value.
 */
export const importFxRates = defineAction({
  name: 'fx_rate.import',
  input: ImportFxRatesInput,
  authorize: (_tx, { actor }) => {
    if (!can(actor, 'fx.manage')) throw forbidden();
  },
  run: async (tx, caller, input, ctx) => {
    const table = 'csv' in input ? readCsvTable(input.csv, FX_RATE_COLUMNS) : tableOfRates(input.rows);
    const source = input.source ?? (await loadFxSettings(tx)).source;
    const { rows, errors } = validateFxRateRows(table, source);
    if (table.errors.length + errors.length > 0) throw importRefused([...table.errors, ...errors]);
    const { result, audit } = await storeFxRates(tx, rows, {
      importedBy: actorLabel(caller.actor),
      now: ctx.now(),
      action: 'fx_rate.import',
    });
    return { result, audit: [audit] };
  },
});
