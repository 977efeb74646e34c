/** How amounts and dates read on a Japanese invoice. Pure string work: no float ever touches money. */

const groupThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** '1234567' → '1,234,567'; '-500' → '-500'. */
export function formatYen(yen: string | bigint): string {
  const text = typeof yen === 'bigint' ? yen.toString() : yen;
  if (!/^-?\d+$/.test(text)) throw new Error(`Not integer yen: ${text}`);
  const negative = text.startsWith('-');
  return `${negative ? '-' : ''}${groupThousands(negative ? text.slice(1) : text)}`;
}

/** '¥1,234,567' */
export const formatYenWithSign = (yen: string | bigint) => {
  const text = formatYen(yen);
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`;
};

/** A USD decimal as converted, grouped, with at least the two decimals of cents: '1234.5' → '1,234.50'. */
export function formatUsd(usd: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(usd);
  if (!match) throw new Error(`Not a USD decimal: ${usd}`);
  const [, sign, whole = '0', fraction = ''] = match;
  return `${sign}${groupThousands(whole)}.${fraction.padEnd(2, '0')}`;
}

/** '2026-03-04' → '2026年3月4日' */
export function formatJapaneseDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`Not a date YYYY-MM-DD: ${date}`);
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}
