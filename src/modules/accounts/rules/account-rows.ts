import { isEmail, type CsvTable, type ImportError } from '../../companies/rules/csv-table.ts';
import { describeWindow, isUtcDate, windowsOverlap, type DateWindow } from './assignment-windows.ts';

/** AWS account ids are 12 digits, leading zeros included; never numbers. */
export const ACCOUNT_ID_PATTERN = /^[0-9]{12}$/;

/**
 * The accounts onboarding file: one row per ownership window. An account moved between companies
 * has several rows. Without a root_email column stored e-mails are left alone.
 */
export const ACCOUNT_COLUMNS = {
  required: ['account_id', 'company_code', 'name', 'from', 'to'],
  optional: ['root_email'],
} as const;

export type AccountRow = {
  line: number;
  accountId: string;
  companyCode: string;
  name: string;
  /** undefined: the file has no root_email column. */
  rootEmail: string | null | undefined;
  window: DateWindow;
};

/**
 * Checks every row on its own, then the rows of one account against each other (same name and
 * root e-mail, windows that do not overlap). Rows with errors are left out of `rows`.
 */
export function validateAccountRows(
  table: CsvTable,
  knownCompanyCodes: ReadonlySet<string>,
): { rows: AccountRow[]; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const rows: AccountRow[] = [];
  const hasRootEmail = table.columns.includes('root_email');

  for (const { line, cells } of table.rows) {
    const before = errors.length;
    const fail = (column: string, message: string) => errors.push({ line, column, message });
    const get = (column: string) => cells[column] ?? '';

    const accountId = get('account_id');
    if (accountId === '') fail('account_id', 'required');
    else if (!ACCOUNT_ID_PATTERN.test(accountId)) {
      const hint = /^[0-9]{1,11}$/.test(accountId) ? ' (leading zeros lost? format the column as text)' : '';
      fail('account_id', `"${accountId}" is not an AWS account id: exactly 12 digits${hint}`);
    }
    const companyCode = get('company_code');
    if (companyCode === '') fail('company_code', 'required');
    else if (!knownCompanyCodes.has(companyCode)) fail('company_code', `no company with the code ${companyCode}`);
    const name = get('name');
    if (name === '') fail('name', 'required');
    else if (name.length > 200) fail('name', 'longer than 200 characters');
    const validFrom = get('from');
    if (validFrom === '') fail('from', 'required (YYYY-MM-DD)');
    else if (!isUtcDate(validFrom)) fail('from', `"${validFrom}" is not a date (YYYY-MM-DD)`);
    const validTo = get('to');
    if (validTo !== '' && !isUtcDate(validTo)) fail('to', `"${validTo}" is not a date (YYYY-MM-DD), or leave it empty for an open end`);
    else if (validTo !== '' && isUtcDate(validFrom) && validTo <= validFrom)
      fail('to', `${validTo} is not after from (${validFrom}); to is the first day no longer owned`);
    const rootEmail = hasRootEmail ? get('root_email').toLowerCase() || null : undefined;
    if (rootEmail && !isEmail(rootEmail)) fail('root_email', `"${rootEmail}" is not an e-mail address`);

    if (errors.length === before)
      rows.push({ line, accountId, companyCode, name, rootEmail, window: { validFrom, validTo: validTo || null } });
  }

  const seen = new Map<string, AccountRow[]>();
  const valid: AccountRow[] = [];
  for (const row of rows) {
    const earlier = seen.get(row.accountId) ?? [];
    const first = earlier[0];
    const before = errors.length;
    const fail = (column: string, message: string) => errors.push({ line: row.line, column, message });
    if (first && first.name !== row.name) fail('name', `differs from line ${first.line} ("${first.name}") for the same account`);
    if (first && first.rootEmail !== row.rootEmail) fail('root_email', `differs from line ${first.line} for the same account`);
    const clash = earlier.find((other) => windowsOverlap(other.window, row.window));
    if (clash)
      fail('from', `${describeWindow(row.window)} overlaps ${describeWindow(clash.window)} on line ${clash.line} for the same account`);
    seen.set(row.accountId, [...earlier, row]);
    if (errors.length === before) valid.push(row);
  }
  return { rows: valid, errors };
}

export type StoredAccount = { accountId: string; name: string; rootEmail: string | null };
export type StoredAssignment = DateWindow & { id: string; accountId: string; companyCode: string };

export type AccountImportPlan = {
  createAccounts: StoredAccount[];
  updateAccounts: { before: StoredAccount; after: StoredAccount }[];
  createAssignments: { accountId: string; companyCode: string; window: DateWindow }[];
  updateAssignments: { before: StoredAssignment; window: DateWindow }[];
  /** Per data row: a new window is created, a window (or its account) updated, or nothing changes. */
  counts: { created: number; updated: number; unchanged: number };
};

/**
 * What importing the valid rows does to the stored registry. A row is the stored window of the same
 * company with the same start, or else the only stored window of that company it overlaps (its dates
 * are then corrected, e.g. an open window closed at a move). Stored windows the file does not
 * mention stay as they are, so a row overlapping one of them is an error.
 */
export function planAccountImport(
  rows: readonly AccountRow[],
  stored: { accounts: readonly StoredAccount[]; assignments: readonly StoredAssignment[] },
): { plan: AccountImportPlan; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const plan: AccountImportPlan = {
    createAccounts: [],
    updateAccounts: [],
    createAssignments: [],
    updateAssignments: [],
    counts: { created: 0, updated: 0, unchanged: 0 },
  };
  const storedAccounts = new Map(stored.accounts.map((a) => [a.accountId, a]));

  const byAccount = new Map<string, AccountRow[]>();
  for (const row of rows) byAccount.set(row.accountId, [...(byAccount.get(row.accountId) ?? []), row]);

  for (const [accountId, accountRows] of byAccount) {
    const first = accountRows[0]!;
    const account = storedAccounts.get(accountId);
    let accountChanged = false;
    if (!account) plan.createAccounts.push({ accountId, name: first.name, rootEmail: first.rootEmail ?? null });
    else {
      const after = { accountId, name: first.name, rootEmail: first.rootEmail === undefined ? account.rootEmail : first.rootEmail };
      accountChanged = after.name !== account.name || after.rootEmail !== account.rootEmail;
      if (accountChanged) plan.updateAccounts.push({ before: account, after });
    }

    const storedHere = stored.assignments.filter((a) => a.accountId === accountId);
    const matchedBy = new Map<string, number>();
    const refused = new Set<AccountRow>();
    for (const row of accountRows) {
      const fail = (message: string) => {
        errors.push({ line: row.line, column: 'from', message });
        refused.add(row);
      };
      const candidates = storedHere.filter((s) => s.companyCode === row.companyCode && windowsOverlap(s, row.window));
      const match = candidates.find((s) => s.validFrom === row.window.validFrom) ?? (candidates.length === 1 ? candidates[0] : undefined);
      let outcome: 'created' | 'updated' | 'unchanged';
      if (!match && candidates.length > 1) {
        fail(
          `${describeWindow(row.window)} overlaps ${candidates.length} stored windows of ${row.companyCode} for this account (${candidates.map(describeWindow).join(', ')}); give one row per stored window`,
        );
        continue;
      } else if (match && matchedBy.has(match.id)) {
        fail(`the stored window ${describeWindow(match)} of ${row.companyCode} is already matched by line ${matchedBy.get(match.id)}`);
        continue;
      } else if (match) {
        matchedBy.set(match.id, row.line);
        const same = match.validFrom === row.window.validFrom && match.validTo === row.window.validTo;
        if (!same) plan.updateAssignments.push({ before: match, window: row.window });
        outcome = same ? 'unchanged' : 'updated';
      } else {
        plan.createAssignments.push({ accountId, companyCode: row.companyCode, window: row.window });
        outcome = 'created';
      }
      if (outcome === 'unchanged' && accountChanged && row === first) outcome = 'updated';
      plan.counts[outcome] += 1;
    }

    for (const kept of storedHere.filter((s) => !matchedBy.has(s.id))) {
      // A row already refused above is not reported twice.
      for (const row of accountRows.filter((r) => !refused.has(r) && windowsOverlap(r.window, kept))) {
        errors.push({
          line: row.line,
          column: 'from',
          message: `${describeWindow(row.window)} overlaps the stored window ${describeWindow(kept)} of ${kept.companyCode} for account ${accountId}; add that window to the file with its new dates (e.g. closed on the move date)`,
        });
      }
    }
  }
  return { plan, errors };
}
