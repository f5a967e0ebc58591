/**
 * How to represent 10,000 notes in Yjs: heap and load time of three shapes.
 *
 * - nested:  `Y.Map<noteId, Y.Map<field, value>>` — merges a concurrent move and text edit.
 * - plain:   `Y.Map<noteId, {…all fields}>` — cheap, but a concurrent move and edit lose one.
 * - op log:  what src/lib/board uses: `Y.Array` of plain partial-note ops, folded field by field
 *            (schema.ts) — merges like nested.
 *
 * "fresh" is 10,000 notes just created by one client; "worked" is the same board after eight
 * people moved every note and edited its text once (separate transactions, interleaved, as in a
 * workshop). Each figure is measured in its own process (a clean heap).
 * No build needed: `npm run bench -- board-representation`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { addNote, foldNoteOps, boardRoots, updateNote } from '../src/lib/board/index.ts';

const N = 10_000;
const PEOPLE = 8;
type Kind = 'nested' | 'plain' | 'oplog';

function fields(i: number) {
	return {
		text: `โน้ตที่ ${i}: ผู้สูงอายุรอคิวนานเกินสองชั่วโมง`,
		x: (i % 100) * 220,
		y: Math.floor(i / 100) * 180,
		w: 180,
		h: 140,
		color: 'yellow',
		section: `s${i % 12}`,
		author: `user-${i % 40}`,
		created: 1_790_000_000_000 + i
	};
}

/** Builds the board on eight replicas that forward every update to each other, and returns its state. */
function build(kind: Kind, worked: boolean): Uint8Array {
	const docs = Array.from({ length: worked ? PEOPLE : 1 }, () => new Y.Doc());
	for (const doc of docs) {
		doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === 'relay') return;
			for (const other of docs) if (other !== doc) Y.applyUpdate(other, update, 'relay');
		});
	}
	const ids: string[] = [];
	const first = docs[0]!;
	first.transact(() => {
		for (let i = 0; i < N; i++) {
			const f = fields(i);
			if (kind === 'oplog') ids.push(addNote(first, f));
			else {
				const id = `n${i.toString(36).padStart(6, '0')}`;
				ids.push(id);
				const notes = first.getMap<unknown>('notes');
				if (kind === 'plain') notes.set(id, f);
				else {
					const note = new Y.Map<unknown>();
					for (const [k, v] of Object.entries(f)) note.set(k, v);
					notes.set(id, note);
				}
			}
		}
	});
	if (worked) {
		// The UI passes its index of the notes (NoteIndex) so an edit does not fold the log.
		const known = kind === 'oplog' ? foldNoteOps(boardRoots(first).noteOps) : new Map();
		for (let i = 0; i < N; i++) {
			const doc = docs[i % PEOPLE]!;
			const mover = docs[(i + 3) % PEOPLE]!;
			const id = ids[i]!;
			const move = { x: i % 700, y: i % 500 };
			const text = `แก้แล้ว ${i}`;
			if (kind === 'oplog') {
				updateNote(mover, id, move, known);
				updateNote(doc, id, { text }, known);
			} else if (kind === 'plain') {
				const notes = mover.getMap<Record<string, unknown>>('notes');
				notes.set(id, { ...notes.get(id)!, ...move });
				const own = doc.getMap<Record<string, unknown>>('notes');
				own.set(id, { ...own.get(id)!, text });
			} else {
				const note = mover.getMap<Y.Map<unknown>>('notes').get(id)!;
				mover.transact(() => {
					note.set('x', move.x);
					note.set('y', move.y);
				});
				doc.getMap<Y.Map<unknown>>('notes').get(id)!.set('text', text);
			}
		}
	}
	return Y.encodeStateAsUpdate(first);
}

function read(kind: Kind, doc: Y.Doc): number {
	if (kind === 'oplog') return foldNoteOps(boardRoots(doc).noteOps).size;
	let count = 0;
	doc.getMap<unknown>('notes').forEach((value) => {
		if (kind === 'nested') (value as Y.Map<unknown>).toJSON();
		count++;
	});
	return count;
}

function measure(kind: Kind, worked: boolean) {
	const update = build(kind, worked);
	const gc = (globalThis as { gc?: () => void }).gc!;
	gc();
	gc();
	const before = process.memoryUsage().heapUsed;
	const started = performance.now();
	const doc = new Y.Doc();
	Y.applyUpdate(doc, update);
	const applied = performance.now();
	const notes = read(kind, doc);
	const readMs = performance.now() - applied;
	gc();
	gc();
	const heap = process.memoryUsage().heapUsed - before;
	if (notes !== N) throw new Error(`${kind}: read ${notes} notes`);
	// Keep the doc alive until after the measurement.
	doc.destroy();
	return { kind, worked, bytes: update.length, heapMB: heap / 1e6, applyMs: applied - started, readMs };
}

const [mode, kind, state] = process.argv.slice(2);
if (mode === 'measure') {
	const runs = Array.from({ length: 3 }, () => measure(kind as Kind, state === 'worked'));
	const median = (f: (r: (typeof runs)[number]) => number) => runs.map(f).sort((a, b) => a - b)[1]!;
	console.log(JSON.stringify({ ...runs[0], heapMB: median((r) => r.heapMB), applyMs: median((r) => r.applyMs), readMs: median((r) => r.readMs) }));
} else {
	const file = fileURLToPath(import.meta.url);
	const rows = [];
	for (const k of ['nested', 'plain', 'oplog'] as Kind[]) {
		for (const s of ['fresh', 'worked']) {
			const child = spawnSync(process.execPath, ['--expose-gc', file, 'measure', k, s], { encoding: 'utf8' });
			if (child.status !== 0) throw new Error(child.stderr);
			rows.push(JSON.parse(child.stdout.trim().split('\n').pop()!));
		}
	}
	console.log(`10,000 notes, median of 3 loads (each shape in its own process); Node ${process.version}`);
	console.log('shape   board   update    heap      load (apply + read all notes)');
	for (const r of rows) {
		console.log(
			`${r.kind.padEnd(7)} ${(r.worked ? 'worked' : 'fresh').padEnd(7)} ${(r.bytes / 1024).toFixed(0).padStart(5)} KiB ${r.heapMB.toFixed(1).padStart(6)} MB ${(r.applyMs + r.readMs).toFixed(0).padStart(6)} ms  (${r.applyMs.toFixed(0)} + ${r.readMs.toFixed(0)})`
		);
	}
}
