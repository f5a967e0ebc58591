/**
 * Notes are plain text. Links in them are found here and only http(s) URLs become links, so a
 * `javascript:` or `data:` text can never be clicked into running.
 */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"»”’]+$/;

export function safeHref(candidate: string): string | null {
	try {
		const url = new URL(candidate);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
	} catch {
		return null;
	}
}

/** Splits note text into plain runs and http(s) links. */
export function linkify(text: string): TextPart[] {
	const parts: TextPart[] = [];
	let last = 0;
	for (const match of text.matchAll(URL_PATTERN)) {
		let raw = match[0];
		const trailing = TRAILING_PUNCTUATION.exec(raw)?.[0] ?? '';
		raw = raw.slice(0, raw.length - trailing.length);
		const href = safeHref(raw);
		if (!href) continue;
		const start = match.index!;
		if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
		parts.push({ kind: 'link', text: raw, href });
		last = start + raw.length;
	}
	if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
	return parts;
}
