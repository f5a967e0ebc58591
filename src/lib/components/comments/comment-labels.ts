import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import type { BoardNotice, Reaction } from '$lib/board';

/** Catalogue names for comments and reactions (switches keep the messages tree-shakeable). */

export function commentNoticeLabel(code: BoardNotice): string {
	switch (code) {
		case 'reactions':
			return m.comments_notice_reactions();
		case 'comments-closed':
			return m.comments_notice_closed();
		default:
			return m.comments_notice_comments();
	}
}

export function emojiName(emoji: Reaction): string {
	switch (emoji) {
		case '👍':
			return m.comments_emoji_like();
		case '❤️':
			return m.comments_emoji_love();
		case '💡':
			return m.comments_emoji_idea();
		case '❓':
			return m.comments_emoji_question();
		case '🎉':
			return m.comments_emoji_celebrate();
	}
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
	['year', 365 * 24 * 3600_000],
	['month', 30 * 24 * 3600_000],
	['week', 7 * 24 * 3600_000],
	['day', 24 * 3600_000],
	['hour', 3600_000],
	['minute', 60_000]
];
const formatters = new Map<string, Intl.RelativeTimeFormat>();

/** "5 นาทีที่แล้ว" / "5 minutes ago"; under a minute, "just now". */
export function relativeTime(ms: number, now: number): string {
	const ago = now - ms;
	if (Math.abs(ago) < 60_000) return m.comments_just_now();
	const locale = getLocale() === 'th' ? 'th-TH' : 'en-GB';
	let format = formatters.get(locale);
	if (!format) {
		format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
		formatters.set(locale, format);
	}
	const [unit, size] = UNITS.find(([, size]) => Math.abs(ago) >= size) ?? UNITS[UNITS.length - 1]!;
	return format.format(-Math.round(ago / size), unit);
}
