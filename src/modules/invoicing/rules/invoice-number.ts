/**
 * Invoice numbers from an issuer-defined format. Tokens:
 *   {YYYY} {YY} {MM} {DD}   the issue date
 *   {BYYYY} {BYY} {BMM}     the billing month (the month the invoice bills)
 *   {SEQ} or {SEQ:n}        the sequence, zero-padded to n digits (1–9); exactly once
 * Anything else is literal: letters, digits and - _ / .
 * Example: '{YYYY}{MM}-{SEQ:5}' issued 2026-03-04 with sequence 7 → '202603-00007'.
 *
 * The sequence restarts per scope (see SequenceScope). A format must print what makes a number
 * unique within its scope, or two invoices would share a number: a yearly sequence needs the year,
 * a monthly one the year and the month.
 */

export const SEQUENCE_SCOPES = ['continuous', 'issue-year', 'issue-month', 'billing-month'] as const;
/**
 * When the sequence starts again at 1:
 *  - continuous: never;
 *  - issue-year / issue-month: each calendar year / month of the issue date;
 *  - billing-month: each billing month.
 */
export type SequenceScope = (typeof SEQUENCE_SCOPES)[number];

export type NumberingContext = {
  /** 'YYYY-MM-DD' */
  issueDate: string;
  /** 'YYYY-MM' */
  billingMonth: string;
  /** 1, 2, 3 … within the scope. */
  sequence: number;
};

type Token =
  | { kind: 'literal'; text: string }
  | { kind: 'date'; name: 'YYYY' | 'YY' | 'MM' | 'DD' | 'BYYYY' | 'BYY' | 'BMM' }
  | { kind: 'sequence'; width: number };

const DATE_TOKENS = new Set(['YYYY', 'YY', 'MM', 'DD', 'BYYYY', 'BYY', 'BMM']);
const LITERAL = /^[A-Za-z0-9\-_/.]+$/;
export const MAX_FORMAT_LENGTH = 40;

export class InvoiceNumberFormatError extends Error {}

/** Splits a format into tokens, or says precisely what is wrong with it. */
export function parseInvoiceNumberFormat(format: string): Token[] {
  if (format.length === 0) throw new InvoiceNumberFormatError('The format is empty.');
  if (format.length > MAX_FORMAT_LENGTH) throw new InvoiceNumberFormatError(`The format is longer than ${MAX_FORMAT_LENGTH} characters.`);
  const tokens: Token[] = [];
  let rest = format;
  while (rest.length > 0) {
    const open = rest.indexOf('{');
    const literal = open === -1 ? rest : rest.slice(0, open);
    if (literal) {
      if (literal.includes('}')) throw new InvoiceNumberFormatError(`Unmatched '}' in "${format}".`);
      if (!LITERAL.test(literal))
        throw new InvoiceNumberFormatError(`"${literal}" has characters other than letters, digits, - _ / . in "${format}".`);
      tokens.push({ kind: 'literal', text: literal });
    }
    if (open === -1) break;
    const close = rest.indexOf('}', open);
    if (close === -1) throw new InvoiceNumberFormatError(`Unclosed '{' in "${format}".`);
    const name = rest.slice(open + 1, close);
    const seq = /^SEQ(?::([1-9]))?$/.exec(name);
    if (seq) tokens.push({ kind: 'sequence', width: seq[1] ? Number(seq[1]) : 1 });
    else if (DATE_TOKENS.has(name)) tokens.push({ kind: 'date', name: name as Extract<Token, { kind: 'date' }>['name'] });
    else throw new InvoiceNumberFormatError(`Unknown token {${name}} in "${format}" (known: YYYY YY MM DD BYYYY BYY BMM SEQ SEQ:n).`);
    rest = rest.slice(close + 1);
  }
  const sequences = tokens.filter((t) => t.kind === 'sequence').length;
  if (sequences !== 1) throw new InvoiceNumberFormatError(`The format needs exactly one {SEQ} or {SEQ:n} (found ${sequences}).`);
  return tokens;
}

/** A format that parses and keeps numbers unique under the scope; returns the problem or null. */
export function invoiceNumberFormatProblem(format: string, scope: SequenceScope): string | null {
  let tokens: Token[];
  try {
    tokens = parseInvoiceNumberFormat(format);
  } catch (error) {
    if (error instanceof InvoiceNumberFormatError) return error.message;
    throw error;
  }
  const has = (...names: string[]) => tokens.some((t) => t.kind === 'date' && names.includes(t.name));
  const year = has('YYYY', 'YY');
  const month = has('MM');
  const billingYear = has('BYYYY', 'BYY');
  const billingMonth = has('BMM');
  switch (scope) {
    case 'continuous':
      return null;
    case 'issue-year':
      return year ? null : 'A sequence that restarts every year needs the issue year ({YYYY} or {YY}) in the format.';
    case 'issue-month':
      return year && month
        ? null
        : 'A sequence that restarts every month needs the issue year and month ({YYYY} or {YY}, and {MM}) in the format.';
    case 'billing-month':
      return billingYear && billingMonth
        ? null
        : 'A sequence that restarts every billing month needs the billing year and month ({BYYYY} or {BYY}, and {BMM}) in the format.';
  }
}

/** The invoice number for one sequence value. */
export function formatInvoiceNumber(format: string, context: NumberingContext): string {
  const tokens = parseInvoiceNumberFormat(format);
  const issue = /^(\d{4})-(\d{2})-(\d{2})$/.exec(context.issueDate);
  const billing = /^(\d{4})-(\d{2})$/.exec(context.billingMonth);
  if (!issue) throw new Error(`Issue date is not YYYY-MM-DD: ${context.issueDate}`);
  if (!billing) throw new Error(`Billing month is not YYYY-MM: ${context.billingMonth}`);
  if (!Number.isSafeInteger(context.sequence) || context.sequence < 1)
    throw new Error(`Sequence must be a positive integer: ${context.sequence}`);
  const [, year, month, day] = issue as unknown as [string, string, string, string];
  const [, billingYear, billingMonth] = billing as unknown as [string, string, string];
  const dates = { YYYY: year, YY: year.slice(2), MM: month, DD: day, BYYYY: billingYear, BYY: billingYear.slice(2), BMM: billingMonth };
  return tokens
    .map((t) => {
      if (t.kind === 'literal') return t.text;
      if (t.kind === 'date') return dates[t.name];
      // Past its width the sequence grows rather than stop invoicing; numbers stay unique.
      return String(context.sequence).padStart(t.width, '0');
    })
    .join('');
}

/**
 * The key of the sequence a number is drawn from: invoices and credit notes count separately,
 * and each scope restarts on its own period.
 */
export function sequenceKeyOf(scope: SequenceScope, kind: 'invoice' | 'credit-note', context: Omit<NumberingContext, 'sequence'>): string {
  switch (scope) {
    case 'continuous':
      return kind;
    case 'issue-year':
      return `${kind}:${context.issueDate.slice(0, 4)}`;
    case 'issue-month':
      return `${kind}:${context.issueDate.slice(0, 7)}`;
    case 'billing-month':
      return `${kind}:${context.billingMonth}`;
  }
}
