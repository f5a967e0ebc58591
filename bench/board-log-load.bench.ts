/**
 * Loading a board with a long log (issue 14): what putting a stored board into a document costs
 * when its log holds a quarter of the snapshot's bytes and when it holds as many, by how many
 * logged updates go into one Yjs transaction. No build needed: `npm run bench -- board-log-load`.
 *
 * A board of LOG_LOAD_NOTES notes (10,000) is the snapshot; a second document then moves a note,
 * or every fifth time changes its text, each edit one update, until the log's bytes reach the
 * snapshot's. Each variant loads a fresh document with the note index observing it (as the hub's
 * guard does) and an `update` listener (as the room has), three times; the median is printed.
 */
import * as Y from 'yjs';
import { addNote, listNotes, NoteIndex, updateNote } from '../src/lib/board/index.ts';
import { applyStoredBoard, LOG_UPDATES_PER_TRANSACTION } from '../src/lib/server/collab/stored-board.ts';

const NOTES = Number(process.env.LOG_LOAD_NOTES ?? 10_000);
const SHARES = [0.25, 1];

const doc = new Y.Doc();
for (let i = 0; i < NOTES; i++)
	addNote(doc, { text: `โน้ตที่ ${i} ความคิดเห็นของประชาชน`, x: (i % 100) * 210, y: Math.floor(i / 100) * 170, author: 'u1' });
const snapshot = Y.encodeStateAsUpdate(doc);
const editor = new Y.Doc();
Y.applyUpdate(editor, snapshot);
const ids = listNotes(editor).map((n) => n.id);
const log: Uint8Array[] = [];
editor.on('update', (update: Uint8Array) => log.push(update));
const cut = new Map<number, number>();
for (let i = 0, bytes = 0; bytes < snapshot.byteLength; i++) {
	const id = ids[(i * 7919) % ids.length]!;
	if (i % 5 === 0) updateNote(editor, id, { text: `แก้ ${i}` });
	else updateNote(editor, id, { x: i % 2000, y: i % 1500 });
	bytes += log.at(-1)!.byteLength;
	for (const share of SHARES) if (!cut.has(share) && bytes >= share * snapshot.byteLength) cut.set(share, log.length);
}
console.log(
	`${NOTES.toLocaleString('en')} notes: snapshot ${(snapshot.byteLength / 1e6).toFixed(2)} MB; ${log.length.toLocaleString('en')} edits make a log of its size`
);

function chunks(size: number) {
	return (d: Y.Doc, updates: Uint8Array[]) => {
		Y.applyUpdate(d, snapshot);
		for (let k = 0; k < updates.length; k += size) d.transact(() => updates.slice(k, k + size).forEach((u) => Y.applyUpdate(d, u)));
	};
}
const variants: [string, (d: Y.Doc, updates: Uint8Array[]) => void][] = [
	['the whole log in one transaction (before)', (d, updates) => d.transact(() => [snapshot, ...updates].forEach((u) => Y.applyUpdate(d, u)))],
	['a transaction per update', chunks(1)],
	['5 a transaction', chunks(5)],
	[`applyStoredBoard (${LOG_UPDATES_PER_TRANSACTION} a transaction)`, (d, updates) => applyStoredBoard(d, { snapshot, updates })],
	['100 a transaction', chunks(100)],
	['500 a transaction', chunks(500)]
];

console.log('| log | variant | load, median of 3 |');
console.log('| --- | --- | ---: |');
for (const share of SHARES) {
	const updates = log.slice(0, cut.get(share));
	const bytes = updates.reduce((sum, u) => sum + u.byteLength, 0);
	for (const [name, load] of variants) {
		// One transaction for a whole snapshot's worth of log runs out of a 4 GB heap.
		if (share === 1 && name.startsWith('the whole log')) {
			console.log(`| ${updates.length.toLocaleString('en')} updates, ${(bytes / 1e6).toFixed(2)} MB | ${name} | not run: runs out of memory |`);
			continue;
		}
		const times: number[] = [];
		for (let r = 0; r < 3; r++) {
			const d = new Y.Doc();
			const index = new NoteIndex(d);
			d.on('update', () => {});
			const started = performance.now();
			load(d, updates);
			times.push(performance.now() - started);
			if (listNotes(d).length !== NOTES) throw new Error(`${name}: the board loaded without all its notes`);
			index.destroy();
			d.destroy();
		}
		times.sort((a, b) => a - b);
		console.log(`| ${updates.length.toLocaleString('en')} updates, ${(bytes / 1e6).toFixed(2)} MB | ${name} | ${times[1]!.toFixed(0)} ms |`);
	}
}
const started = performance.now();
const state = Y.encodeStateAsUpdate(editor);
console.log(
	`\nOne fold of the edited board (Y.encodeStateAsUpdate, ${(state.byteLength / 1e6).toFixed(2)} MB): ${(performance.now() - started).toFixed(0)} ms`
);
