import { getLocale } from '$lib/paraglide/runtime.js';

const TIME_ZONE = 'Asia/Bangkok';

function intlLocale(): string {
	// Thai shows the Buddhist-era year (พ.ศ.), which th-TH uses by default; make it explicit.
	return getLocale() === 'th' ? 'th-TH-u-ca-buddhist' : 'en-GB';
}

// Building an Intl formatter costs far more than using one (it was 6 % of a citizen form post's
// CPU): one per locale and style, made once.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormatter(style: 'date' | 'dateTime'): Intl.DateTimeFormat {
	const locale = intlLocale();
	const key = `${style} ${locale}`;
	let formatter = formatters.get(key) as Intl.DateTimeFormat | undefined;
	if (!formatter) {
		formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: style === 'dateTime' ? 'short' : undefined, timeZone: TIME_ZONE });
		formatters.set(key, formatter);
	}
	return formatter;
}

/** "24 พ.ย. 2569 20:15" / "24 Nov 2026, 20:15" */
export function formatDateTime(ms: number): string {
	return dateFormatter('dateTime').format(ms);
}

/** "24 พ.ย. 2569" / "24 Nov 2026" */
export function formatDate(ms: number): string {
	return dateFormatter('date').format(ms);
}

export function formatNumber(n: number): string {
	const locale = getLocale() === 'th' ? 'th-TH' : 'en-GB';
	let formatter = formatters.get(`number ${locale}`) as Intl.NumberFormat | undefined;
	if (!formatter) {
		formatter = new Intl.NumberFormat(locale);
		formatters.set(`number ${locale}`, formatter);
	}
	return formatter.format(n);
}

/** The ISO date-time for a <time datetime> attribute. */
export function isoDate(ms: number): string {
	return new Date(ms).toISOString();
}
