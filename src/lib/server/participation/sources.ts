/**
 * How the publication rules (publication/snapshot.ts) name a story or an idea a board note came
 * from: `story:ID` or `idea:ID`, beside feedback responses' bare ids (no id has a colon), so one
 * map of "which citizen's words is this note" serves all three.
 */

export const ENTRY_SOURCE_KINDS = ['story', 'idea'] as const;

export function isEntrySourceKind(kind: string | undefined): kind is (typeof ENTRY_SOURCE_KINDS)[number] {
	return kind === 'story' || kind === 'idea';
}

export function entrySourceKey(kind: string, id: string): string {
	return `${kind}:${id}`;
}

/** The entry a source key names, or null for a feedback response's id. */
export function entryOfSourceKey(key: string): { kind: 'story' | 'idea'; id: string } | null {
	const at = key.indexOf(':');
	if (at < 0) return null;
	const kind = key.slice(0, at);
	return isEntrySourceKind(kind) ? { kind, id: key.slice(at + 1) } : null;
}
