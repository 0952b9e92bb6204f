import { type MessageKey, MESSAGES_EN } from './messages.en';
import { MESSAGES_FR } from './messages.fr';

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

const CATALOGS: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = {
  en: MESSAGES_EN,
  fr: MESSAGES_FR,
};

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** The language of a BCP 47 tag (`fr-BE` → fr), or undefined when the console does not speak it. */
export const localeOfTag = (tag: string | null | undefined): Locale | undefined => {
  const language = tag?.toLowerCase().split('-')[0];
  return isLocale(language) ? language : undefined;
};

/** `{name}` in a message is replaced by `values.name`. */
export function interpolate(
  message: string,
  values: Readonly<Record<string, string | number>> = {},
) {
  return message.replaceAll(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

export interface Formats {
  readonly locale: Locale;
  readonly t: (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;
  /** A message whose key comes from the API (a channel, a kind): the key itself when unknown. */
  readonly label: (key: string, fallback?: string) => string;
  readonly number: (value: number, fractionDigits?: number) => string;
  readonly percent: (share: number, fractionDigits?: number) => string;
  /** An amount in the currency's minor units (cents), as money in that currency. */
  readonly money: (amountMinor: number, currency?: string) => string;
  /** An amount in the currency's main unit, compact, for chart axes: €1.2K. */
  readonly moneyAxis: (amountMajor: number) => string;
  /** Minor units as the currency's main unit (cents → euros), for plotting and CSV files. */
  readonly major: (amountMinor: number) => number;
  /** An amount typed in the currency's main unit, in minor units (NaN stays NaN). */
  readonly minor: (amountMajor: number) => number;
  readonly date: (iso: string | Date) => string;
  readonly dateTime: (iso: string | Date) => string;
  readonly month: (iso: string | Date) => string;
  readonly currency: string;
  readonly timeZone: string;
}

/** The program's money and clock, which every figure of the console is shown in. */
export interface ProgramFormat {
  readonly currency: string;
  readonly timeZone: string;
}

export function createFormats(locale: Locale, program: ProgramFormat): Formats {
  const catalog = CATALOGS[locale];
  const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
  const { currency, timeZone } = program;
  const minorDigits =
    new Intl.NumberFormat(tag, { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  const scale = 10 ** minorDigits;
  const dateFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone });
  const dateTimeFormat = new Intl.DateTimeFormat(tag, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  });
  const monthFormat = new Intl.DateTimeFormat(tag, { month: 'short', year: 'numeric', timeZone });
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  const moneyFormat = (code: string) => {
    let format = moneyFormats.get(code);
    if (!format) {
      format = new Intl.NumberFormat(tag, { style: 'currency', currency: code });
      moneyFormats.set(code, format);
    }
    return format;
  };
  const compact = new Intl.NumberFormat(tag, {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  return {
    locale,
    currency,
    timeZone,
    t: (key, values) => interpolate(catalog[key], values),
    label: (key, fallback) => (catalog as Readonly<Record<string, string>>)[key] ?? fallback ?? key,
    number: (value, fractionDigits = 0) =>
      new Intl.NumberFormat(tag, {
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
      }).format(value),
    percent: (share, fractionDigits = 1) =>
      new Intl.NumberFormat(tag, {
        style: 'percent',
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
      }).format(share),
    money: (amountMinor, code = currency) => {
      const format = moneyFormat(code);
      const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
      return format.format(amountMinor / 10 ** digits);
    },
    moneyAxis: (amountMajor) => compact.format(amountMajor),
    major: (amountMinor) => Math.round(amountMinor) / scale,
    minor: (amountMajor) => Math.round(amountMajor * scale),
    date: (iso) => dateFormat.format(new Date(iso)),
    dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
    month: (iso) => monthFormat.format(new Date(iso)),
  };
}
