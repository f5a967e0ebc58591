import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addNote,
	addSection,
	boardRoots,
	bringBackNotes,
	deleteNotes,
	listNotes,
	listSections,
	restoreBoardContent,
	updateNote
} from '../../src/lib/board/index.ts';
import { versionsToThin, DEFAULT_HISTORY_LIMITS, isLargeDeletion } from '../../src/lib/server/collab/history.ts';
import { analyzeUpdate } from '../../src/lib/server/collab/update-analysis.ts';

const MINUTE = 60_000;
const limits = { ...DEFAULT_HISTORY_LIMITS, maxVersions: 10, maxVersionBytes: 1_000_000 };

describe('thinning a board’s versions', () => {
	it('keeps every version while within bounds', () => {
		const versions = Array.from({ length: 10 }, (_, i) => ({ id: `v${i}`, createdAt: i * MINUTE, bytes: 1000 }));
		expect(versionsToThin(versions, limits)).toEqual([]);
	});

	it('drops the versions closest in time to the next, never the newest three, until within the count and the bytes', () => {
		// Two hours, one every five minutes, then a burst of twenty in a minute (someone deleting again and again).
		const steady = Array.from({ length: 24 }, (_, i) => ({ id: `s${i}`, createdAt: i * 5 * MINUTE, bytes: 1000 }));
		const burst = Array.from({ length: 20 }, (_, i) => ({ id: `b${i}`, createdAt: 120 * MINUTE + i * 3000, bytes: 1000 }));
		const gone = new Set(versionsToThin([...steady, ...burst], limits));
		const kept = [...steady, ...burst].filter((v) => !gone.has(v.id));
		expect(kept).toHaveLength(10);
		expect(kept.slice(-3).map((v) => v.id)).toEqual(['b17', 'b18', 'b19']);
		// The burst thinned itself: the older work is still spread over the two hours.
		expect(kept.filter((v) => v.id.startsWith('s')).length).toBeGreaterThanOrEqual(6);
		expect(kept[0]!.id).toBe('s0');
		const bytes = versionsToThin(steady, { ...limits, maxVersions: 100, maxVersionBytes: 5500 });
		expect(steady.length - bytes.length).toBe(5);
		expect(bytes).not.toContain('s0');
	});
});

describe('restoring content', () => {
	it('makes notes and sections what a version had, as forward changes, keeping each note’s author', () => {
		const doc = new Y.Doc();
		const s = addSection(doc, { kind: 'template', key: 'says', x: 0, y: 0, w: 400, h: 300 });
		const a = addNote(doc, { text: 'ก', author: 'u1', section: s, source: { kind: 'feedback', id: 'r1' } });
		const b = addNote(doc, { text: 'ข', author: 'u2' });
		const past = new Y.Doc();
		Y.applyUpdate(past, Y.encodeStateAsUpdate(doc));
		// Afterwards: a changed, b deleted, c added, the section renamed and a new one.
		updateNote(doc, a, { text: 'ก แก้', x: 999 });
		deleteNotes(doc, [b]);
		const c = addNote(doc, { text: 'ค', author: 'u3' });
		boardRoots(doc).sections.get(s)!.set('title', 'เปลี่ยน');
		addSection(doc, { kind: 'cluster', x: 0, y: 0, w: 100, h: 100 });
		const before = Y.encodeStateVector(doc);
		const result = restoreBoardContent(doc, past);
		expect(result).toMatchObject({ added: 1, changed: 1, sections: 2 });
		expect(result.removed.map((n) => n.id)).toEqual([c]);
		expect(listNotes(doc)).toEqual(listNotes(past));
		expect(listSections(doc)).toEqual(listSections(past));
		// Forward changes: a copy that had the board before the restore takes them like any edit.
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(past));
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
		expect(listNotes(copy)).toEqual(listNotes(past));
		expect(Y.encodeStateVector(doc)).not.toEqual(before);
		// Notes already there are not brought back twice.
		expect(bringBackNotes(doc, [listNotes(past)[0]!])).toBe(0);
	});
});

describe('a large deletion', () => {
	function deletionOf(count: number, total: number) {
		const doc = new Y.Doc();
		const ids = Array.from({ length: total }, (_, i) => addNote(doc, { text: `${i}`, author: 'u' }));
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
		const sv = Y.encodeStateVector(copy);
		deleteNotes(copy, ids.slice(0, count));
		const update = Y.encodeStateAsUpdate(copy, sv);
		const analysis = analyzeUpdate(doc, update, Y.decodeUpdate(update));
		if (analysis.kind !== 'ok') throw new Error(analysis.kind);
		return isLargeDeletion(analysis.change, () => total);
	}

	it('is five notes at once, or two that are a fifth of the board', () => {
		expect(deletionOf(5, 100)).toBe(true);
		expect(deletionOf(4, 100)).toBe(false);
		expect(deletionOf(2, 10)).toBe(true);
		expect(deletionOf(1, 2)).toBe(false);
	});

	it('asks for the size of the board only when two or more go', () => {
		const doc = new Y.Doc();
		const id = addNote(doc, { text: 'a', author: 'u' });
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
		const sv = Y.encodeStateVector(copy);
		deleteNotes(copy, [id]);
		const update = Y.encodeStateAsUpdate(copy, sv);
		const analysis = analyzeUpdate(doc, update, Y.decodeUpdate(update));
		if (analysis.kind !== 'ok') throw new Error(analysis.kind);
		let asked = 0;
		expect(isLargeDeletion(analysis.change, () => ++asked)).toBe(false);
		expect(asked).toBe(0);
	});

	it('is not an undo of a few edits that leaves their notes in place', () => {
		const doc = new Y.Doc();
		const ids = Array.from({ length: 10 }, (_, i) => addNote(doc, { text: `${i}`, author: 'u' }));
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
		const undo = new Y.UndoManager(boardRoots(copy).noteOps, { captureTimeout: 0, trackedOrigins: new Set(['me']) });
		copy.transact(() => ids.forEach((id) => updateNote(copy, id, { x: 5 })), 'me');
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(copy, Y.encodeStateVector(doc)));
		const sv = Y.encodeStateVector(copy);
		undo.undo();
		const update = Y.encodeStateAsUpdate(copy, sv);
		const analysis = analyzeUpdate(doc, update, Y.decodeUpdate(update));
		expect(analysis.kind).toBe('ok');
		if (analysis.kind === 'ok') {
			expect(analysis.change.notesTouchedByDeletion.size).toBe(10);
			expect(isLargeDeletion(analysis.change, () => 10)).toBe(false);
		}
	});
});
