import type * as Y from 'yjs';
import { boardRoots, type BoardNote, type BoardSection } from './schema.ts';
import { SECTION_HEADER } from './sections.ts';
import { updateNotes, type NotePatch } from './notes.ts';
import type { Tally } from './voting.ts';

/**
 * Taking a round's results out of the round: notes laid out in vote order inside their sections,
 * and the results as a plain-text list.
 */

const GAP = 16;

/**
 * Lays the notes of every section that received dots out on a grid in vote order (most dots
 * first, then the rest in reading order), growing a section that gets too short. One transaction.
 * Returns how many notes moved.
 */
export function arrangeByVotes(
	doc: Y.Doc,
	tally: readonly Tally[],
	notes: ReadonlyMap<string, BoardNote>,
	sections: readonly BoardSection[]
): number {
	const rank = new Map(tally.map((t, i) => [t.noteId, i]));
	const patches = new Map<string, NotePatch>();
	const grow = new Map<string, number>();
	for (const section of sections) {
		const inside = [...notes.values()].filter((n) => n.section === section.id);
		if (!inside.some((n) => rank.has(n.id))) continue;
		inside.sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity) || Math.round(a.y / 40) - Math.round(b.y / 40) || a.x - b.x);
		const cellW = Math.max(...inside.map((n) => n.w));
		const cellH = Math.max(...inside.map((n) => n.h));
		const cols = Math.max(1, Math.floor((section.w - GAP) / (cellW + GAP)));
		inside.forEach((note, i) => {
			const x = section.x + GAP + (i % cols) * (cellW + GAP);
			const y = section.y + SECTION_HEADER + GAP + Math.floor(i / cols) * (cellH + GAP);
			patches.set(note.id, { x, y });
		});
		const needed = SECTION_HEADER + GAP + Math.ceil(inside.length / cols) * (cellH + GAP);
		if (needed > section.h) grow.set(section.id, needed);
	}
	let moved = 0;
	doc.transact(() => {
		moved = updateNotes(doc, patches, notes);
		const { sections: maps } = boardRoots(doc);
		for (const [id, h] of grow) maps.get(id)?.set('h', h);
	});
	return moved;
}

/** The results as lines of text, most dots first: "7 · text (names)". */
export function resultsAsText(
	tally: readonly Tally[],
	notes: ReadonlyMap<string, BoardNote>,
	voterName: ((voterId: string) => string) | null
): string {
	return tally
		.map((t) => {
			const text = (notes.get(t.noteId)?.text ?? '').replace(/\s+/g, ' ').trim();
			const names = voterName ? t.voters.map((v) => (v.count > 1 ? `${voterName(v.voterId)} ×${v.count}` : voterName(v.voterId))).join(', ') : '';
			return `${t.count} · ${text}${names ? ` (${names})` : ''}`;
		})
		.join('\n');
}
