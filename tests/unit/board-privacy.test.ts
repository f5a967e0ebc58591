import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardRoots, foldNoteOps, openVotingRound, parseWorkshopRequest, readVotingRound } from '../../src/lib/board/index.ts';

describe('workshop requests', () => {
	it('takes the requests of the protocol, field by field', () => {
		expect(parseWorkshopRequest({ type: 'hello' })).toEqual({ type: 'hello' });
		expect(parseWorkshopRequest({ type: 'set-privacy', privateNotes: true })).toEqual({ type: 'set-privacy', privateNotes: true });
		expect(parseWorkshopRequest({ type: 'vote', roundId: 'r1', noteId: 'n1', delta: -1 })).toEqual({
			type: 'vote',
			roundId: 'r1',
			noteId: 'n1',
			delta: -1
		});
		// A note's author and creation time are the hub's to set: whatever a client sends is dropped.
		expect(
			parseWorkshopRequest({
				type: 'note',
				note: { id: 'n1', text: 'ไอเดีย', x: 1, y: 2, author: 'someone', created: 5, source: { kind: 'feedback', id: 'x' } }
			})
		).toEqual({ type: 'note', note: { id: 'n1', text: 'ไอเดีย', x: 1, y: 2, w: 180, h: 140, color: 'yellow', section: '' } });
	});

	it('refuses what is not a request', () => {
		for (const value of [
			null,
			'hello',
			{ type: 'nope' },
			{ type: 'vote', roundId: 'r1', noteId: 'n1', delta: 2 },
			{ type: 'vote', roundId: 'R 1', noteId: 'n1', delta: 1 },
			{ type: 'set-privacy', privateNotes: 'yes' },
			{ type: 'note', note: { id: 'n1', text: 'no position' } },
			{ type: 'note', note: { id: '../x', text: 'a', x: 0, y: 0 } },
			{ type: 'done', done: 1 }
		]) {
			expect(parseWorkshopRequest(value)).toBeNull();
		}
	});
});

describe('what the private modes rely on', () => {
	it('sends nothing of content made and removed in one transaction (the page takes private notes out so)', () => {
		const doc = new Y.Doc();
		const ops = boardRoots(doc).noteOps;
		ops.push([{ id: 'shared', text: 'ทุกคนเห็น', author: 'u1', created: 1 }]);
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		doc.transact(() => {
			ops.push([{ id: 'mine', text: 'ความลับสุดยอด', author: 'u1-secret-author', created: 2 }]);
			ops.delete(ops.length - 1, 1);
		});
		const sent = Buffer.concat(updates).toString('utf8');
		expect(sent).not.toContain('ความลับสุดยอด');
		expect(sent).not.toContain('u1-secret-author');
		const other = new Y.Doc();
		for (const update of updates) Y.applyUpdate(other, update);
		expect(boardRoots(other).noteOps.length).toBe(0);
	});

	it('folds a note the hub wrote without an author', () => {
		const notes = foldNoteOps([{ id: 'anon', text: 'ไม่มีชื่อ', x: 0, y: 0, created: 3 }]);
		expect(notes.get('anon')).toMatchObject({ text: 'ไม่มีชื่อ', author: '' });
	});

	it('makes a secret round anonymous too', () => {
		const doc = new Y.Doc();
		openVotingRound(doc, { perPerson: 3, anonymous: false, secret: true });
		expect(readVotingRound(doc)).toMatchObject({ secret: true, anonymous: true });
	});
});
