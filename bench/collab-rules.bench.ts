/**
 * What the hub's checks cost per update: analysing an update before it is applied (schema,
 * dependencies, what it changes; update-analysis.ts) and applying it under every rule
 * (board-guard.ts, rules/), against applying it bare, on a board of 2,000 notes. In-process, no
 * build needed. `npm run bench -- collab-rules`
 */
import * as Y from 'yjs';
import { addNote, deleteNotes, listNotes, updateNote } from '../src/lib/board/index.ts';
import { BoardGuard } from '../src/lib/server/collab/board-guard.ts';
import { DEFAULT_RULES } from '../src/lib/server/collab/rules/index.ts';
import { analyzeUpdate } from '../src/lib/server/collab/update-analysis.ts';

const NOTES = 2000;
const OPS = Number(process.env.RULES_BENCH_OPS ?? 2000);

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

// A client's updates: new notes, moves, text edits and deletions, one per update.
const base = new Y.Doc();
for (let i = 0; i < NOTES; i++) addNote(base, { text: `ไอเดียที่ ${i}: ลดเวลารอคิว`, x: i, y: 0, author: 'u1' });
const client = new Y.Doc();
Y.applyUpdate(client, Y.encodeStateAsUpdate(base));
const updates: Uint8Array[] = [];
client.on('update', (u: Uint8Array) => updates.push(u));
for (let i = 0; i < OPS; i++) {
	const notes = listNotes(client);
	const note = notes[(i * 7919) % notes.length]!;
	if (i % 4 === 0) addNote(client, { text: `ใหม่ ${i}`, author: 'u1', x: i, y: 500 });
	else if (i % 4 === 1) updateNote(client, note.id, { x: note.x + 10 });
	else if (i % 4 === 2) updateNote(client, note.id, { text: `${note.text} แก้` });
	else deleteNotes(client, [note.id]);
}

function run(checked: boolean): number[] {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
	const guard = checked ? new BoardGuard(doc, 'b', new Uint8Array(32), { rules: DEFAULT_RULES, maxBoardBytes: 16 << 20 }) : null;
	const author = { user: { id: 'u1', guest: false }, canFacilitate: false };
	const times: number[] = [];
	for (const update of updates) {
		const started = performance.now();
		if (guard) {
			const analysis = analyzeUpdate(doc, update, Y.decodeUpdate(update));
			if (analysis.kind !== 'ok') throw new Error(analysis.kind);
			guard.apply(author, update, analysis.change);
		} else {
			Y.applyUpdate(doc, update, author);
		}
		times.push(performance.now() - started);
	}
	guard?.destroy();
	return times;
}

run(true); // warm up
const bare = run(false);
const checked = run(true);
const line = (name: string, t: number[]) =>
	`  ${name.padEnd(32)} median ${(percentile(t, 0.5) * 1000).toFixed(0)} µs  p95 ${(percentile(t, 0.95) * 1000).toFixed(0)} µs  p99 ${(percentile(t, 0.99) * 1000).toFixed(0)} µs`;
console.log(`per update on a board of ${NOTES} notes (${OPS} updates: adds, moves, edits, deletions; Node ${process.version}):`);
console.log(line('applied bare (Y.applyUpdate)', bare));
console.log(line('analysed + applied under the rules', checked));
