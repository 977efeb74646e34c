import { z } from 'zod';

/**
 * How a reseller picks and applies its USD→JPY rate (SPEC §3: source, day and fallback direction
 * are settings — resellers differ). Stored as JSON in app_settings under `fx`.
 */
export const FX_SOURCE_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;
/** A rate source's name as stored: upper case, e.g. MUFG, SMBC, MIZUHO. */
export const FxSourceName = z
  .string()
  .trim()
  .toUpperCase()
  .regex(FX_SOURCE_PATTERN, 'a source is 1–32 letters, digits, ".", "_" or "-", starting with a letter or digit');

export const FX_FALLBACKS = ['preceding', 'following'] as const;
export type FxFallback = (typeof FX_FALLBACKS)[number];

/** Rounding of a converted line to whole yen: half-up (四捨五入), down (切り捨て), up (切り上げ), half-even. */
export const YEN_ROUNDINGS = ['half-up', 'down', 'up', 'half-even'] as const;
export type YenRounding = (typeof YEN_ROUNDINGS)[number];

export const FxSettings = z.object({
  /** The source whose rates convert invoices (the table may hold several). */
  source: FxSourceName,
  /** Usage of month M converts at this day of month M+1 (seed 000 §2.2.4: the 3rd). 1–28 exists in every month. */
  usageRateDay: z.number().int().min(1).max(28),
  /** Where to look when the day has no published rate (default: the nearest preceding day, as the tax authority does). */
  fallback: z.enum(FX_FALLBACKS),
  /** How far (calendar days) the fallback may go; further means a gap in the table, which stops the run. */
  maxFallbackDays: z.number().int().min(0).max(31),
  /** Rounding once per converted invoice line. */
  rounding: z.enum(YEN_ROUNDINGS),
});
export type FxSettings = z.infer<typeof FxSettings>;

/** 10 days cover the longest Japanese bank closure so far (Golden Week 2019: April 27 – May 6). */
export const DEFAULT_FX_SETTINGS: FxSettings = {
  source: 'MUFG',
  usageRateDay: 3,
  fallback: 'preceding',
  maxFallbackDays: 10,
  rounding: 'half-up',
};
