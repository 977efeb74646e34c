import { addDays, isCalendarDate, nextMonth } from '../../calendar/rules/calendar-date.ts';

/**
 * The payment due date (支払期限) of an invoice received on `receiptDate`: the last day of the
 * month after the receipt (seed 000 §2.2.2 「請求書受領日の翌月末まで」). Daiko takes the day it
 * sends the invoice as the receipt date (SPEC §4). A calendar date, not a business day: a due date
 * on a weekend stays as it is.
 */
export function invoiceDueDate(receiptDate: string): string {
  if (!isCalendarDate(receiptDate)) throw new RangeError(`"${receiptDate}" is not a calendar date (YYYY-MM-DD)`);
  const monthAfterReceipt = nextMonth(receiptDate.slice(0, 7));
  return addDays(`${nextMonth(monthAfterReceipt)}-01`, -1);
}
