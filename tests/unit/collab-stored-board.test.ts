/**
 * Putting a stored board into a document (stored-board.ts `applyStoredBoard`): the snapshot, then
 * the log a few updates to a transaction; the same board as applying every update, in fewer
 * transactions than updates and more than one.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, listNotes, updateNote } from '../../src/lib/board/index.ts';
import { applyStoredBoard, LOG_UPDATES_PER_TRANSACTION } from '../../src/lib/server/collab/stored-board.ts';

function board(notes: number): { snapshot: Uint8Array; updates: Uint8Array[]; expected: Y.Doc } {
	const doc = new Y.Doc();
	for (let i = 0; i < notes; i++) addNote(doc, { text: `โน้ต ${i}`, x: i * 10, y: 0, author: 'u1' });
	const snapshot = Y.encodeStateAsUpdate(doc);
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	const ids = listNotes(doc).map((n) => n.id);
	for (let i = 0; i < 5 * LOG_UPDATES_PER_TRANSACTION + 3; i++) {
		if (i % 7 === 0) addNote(doc, { text: `ใหม่ ${i}`, x: 0, y: i * 10, author: 'u2' });
		else updateNote(doc, ids[i % ids.length]!, i % 2 ? { text: `แก้ ${i}` } : { x: i, y: i });
	}
	return { snapshot, updates, expected: doc };
}

describe('loading a stored board', () => {
	it('gives the board its snapshot and every logged update made, a few updates to a transaction', () => {
		const { snapshot, updates, expected } = board(30);
		const doc = new Y.Doc();
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		applyStoredBoard(doc, { snapshot, updates });
		const loadedIn = transactions;

		expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(expected));
		expect(listNotes(doc)).toEqual(listNotes(expected));
		// The snapshot's, then one per LOG_UPDATES_PER_TRANSACTION updates of the log.
		expect(loadedIn).toBe(1 + Math.ceil(updates.length / LOG_UPDATES_PER_TRANSACTION));
		expect(loadedIn).toBeGreaterThan(2);
	});

	it('loads a board that has only a log, or only a snapshot', () => {
		const { snapshot, updates, expected } = board(5);
		const fromLog = new Y.Doc();
		applyStoredBoard(fromLog, { snapshot: null, updates: [snapshot, ...updates] });
		expect(listNotes(fromLog)).toEqual(listNotes(expected));

		const fromSnapshot = new Y.Doc();
		applyStoredBoard(fromSnapshot, { snapshot: Y.encodeStateAsUpdate(expected), updates: [] });
		expect(listNotes(fromSnapshot)).toEqual(listNotes(expected));
	});
});
