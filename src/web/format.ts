/** Display formats: dates as 2026/10/03 and times in JST, whatever the browser's own zone. */
const dateFormat = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });
const timeFormat = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An instant (ISO timestamp) as its JST calendar date: 2026/10/03. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dateFormat.format(new Date(iso));
}

/** An instant as JST date and time: 2026/10/03 14:05. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return `${dateFormat.format(d)} ${timeFormat.format(d)}`;
}

/** A calendar date (YYYY-MM-DD, no zone) as 2026/10/03. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '—';
  return day.slice(0, 10).replaceAll('-', '/');
}

/** The day before a YYYY-MM-DD date. */
export function dayBefore(day: string): string {
  return shiftDay(day, -1);
}

/** The day after a YYYY-MM-DD date. */
export function dayAfter(day: string): string {
  return shiftDay(day, 1);
}

function shiftDay(day: string, by: number): string {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
}

/**
 * An account's window is stored half-open [validFrom, validTo); people read it with the last day
 * included, so the screen shows validTo's day before as the end date.
 */
export function formatWindow(validFrom: string, validTo: string | null, openLabel: string): string {
  return `${formatDay(validFrom)} 〜 ${validTo ? formatDay(dayBefore(validTo)) : openLabel}`;
}

/** Today's date in JST as YYYY-MM-DD (for date inputs). */
export function todayJst(): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return parts;
}

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const isEmail = (value: string) => EMAIL_PATTERN.test(value.trim());

/** A count with thousands separators: 1,281. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * An exact decimal string (money from the API) with thousands separators and every digit it came
 * with: "1234567.8900" → "1,234,567.8900". Never goes through a JS number. Anything else is shown as is.
 */
export function formatDecimal(value: string): string {
  const m = DECIMAL.exec(value.trim());
  if (!m) return value;
  const [, sign, whole = '', fraction] = m;
  return `${sign === '-' ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** The exact sum of decimal strings (as many fraction digits as the longest), or null if one is not a decimal. */
export function sumDecimals(values: string[]): string | null {
  let scale = 0;
  const parsed: { negative: boolean; whole: string; fraction: string }[] = [];
  for (const value of values) {
    const m = DECIMAL.exec(value.trim());
    if (!m) return null;
    const fraction = m[3] ?? '';
    parsed.push({ negative: m[1] === '-', whole: m[2] ?? '0', fraction });
    scale = Math.max(scale, fraction.length);
  }
  let total = 0n;
  for (const { negative, whole, fraction } of parsed) {
    const units = BigInt(whole + fraction.padEnd(scale, '0'));
    total += negative ? -units : units;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale ? `.${fraction}` : ''}`;
}

/** A size in bytes for people: 1.0 MB (binary units). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** A billing period (YYYY-MM) as people say it: 2026年10月 / October 2026. */
export function formatBillingPeriod(period: string | null | undefined, language: string): string {
  if (!period) return '—';
  const m = /^(\d{4})-(\d{2})/.exec(period);
  if (!m) return period;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (language === 'en') return new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, 1));
  return `${year}年${month}月`;
}
