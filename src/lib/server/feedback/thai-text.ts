/**
 * Words for full-text search. Thai is written without spaces between words, so a tokenizer that
 * splits on spaces sees a whole sentence as one "word"; ICU's dictionary-based segmenter (behind
 * Intl.Segmenter) finds the words, for indexing and for queries alike, so both agree.
 */

const segmenter = new Intl.Segmenter('th', { granularity: 'word' });

const MAX_QUERY_WORDS = 12;

/** The words of a text, in order (punctuation and spaces dropped). */
export function words(text: string): string[] {
	const out: string[] = [];
	for (const part of segmenter.segment(text.normalize('NFC'))) {
		if (part.isWordLike) out.push(part.segment);
	}
	return out;
}

/** What goes into the index for a set of texts: their words, space-separated. */
export function indexableText(texts: readonly string[]): string {
	return texts
		.map((t) => words(t).join(' '))
		.filter(Boolean)
		.join('\n');
}

/**
 * An FTS5 query from what someone typed: every word must appear, each as a prefix (so "ภาค"
 * finds "ภาครัฐ" however the segmenter cut it). Each word is a quoted string, so no input can
 * inject FTS5 syntax. Null when the query has no words.
 */
export function matchExpression(query: string): string | null {
	const list = words(query.slice(0, 500)).slice(0, MAX_QUERY_WORDS);
	if (list.length === 0) return null;
	return list.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}
