import { digest } from 'lib0/hash/sha256';

// The same alphabet as board item ids (ids.ts).
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * An anonymous round's voter id: a hash of the voter's seed for this board and the round id.
 * Only the voter (from the page) and the server (which derives the seed with its own key) know
 * the seed, so others cannot tell who placed which dots, nor link one round's voters to another's.
 * Pure JavaScript SHA-256, so it works on a workshop's plain-http local network too.
 */
export function anonymousVoterId(seed: string, roundId: string): string {
	const hash = digest(new TextEncoder().encode(`${seed}:${roundId}`));
	let out = '';
	for (let i = 0; i < 16; i++) out += ALPHABET[hash[i]! >> 3];
	return `a-${out}`;
}
