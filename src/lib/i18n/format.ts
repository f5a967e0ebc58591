import { getLocale } from '$lib/paraglide/runtime.js';

const TIME_ZONE = 'Asia/Bangkok';

function intlLocale(): string {
	// Thai shows the Buddhist-era year (พ.ศ.), which th-TH uses by default; make it explicit.
	return getLocale() === 'th' ? 'th-TH-u-ca-buddhist' : 'en-GB';
}

/** "24 พ.ย. 2569 20:15" / "24 Nov 2026, 20:15" */
export function formatDateTime(ms: number): string {
	return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(ms);
}

/** "24 พ.ย. 2569" / "24 Nov 2026" */
export function formatDate(ms: number): string {
	return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeZone: TIME_ZONE }).format(ms);
}

export function formatNumber(n: number): string {
	return new Intl.NumberFormat(getLocale() === 'th' ? 'th-TH' : 'en-GB').format(n);
}

/** The ISO date-time for a <time datetime> attribute. */
export function isoDate(ms: number): string {
	return new Date(ms).toISOString();
}
