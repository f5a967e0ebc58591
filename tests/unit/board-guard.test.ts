import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardRoots } from '../../src/lib/board/index.ts';
import { BoardGuard, type Author } from '../../src/lib/server/collab/board-guard.ts';
import { analyzeUpdate } from '../../src/lib/server/collab/update-analysis.ts';
import type { BoardRule } from '../../src/lib/server/collab/rules/rule.ts';

const alice: Author = { user: { id: 'alice', guest: false }, canFacilitate: false };
const mallory: Author = { user: { id: 'mallory', guest: false }, canFacilitate: false };

/** Everyone's changes to the board's meta are watched; only mallory's break the rule. */
const malloryMayNotTouchMeta: BoardRule = {
	name: 'mallory may not touch meta',
	check: (_board, _change, author) => ({ scope: ['meta'], judge: () => (author === mallory ? 'locked' : null) })
};

function setup() {
	const server = new Y.Doc();
	const guard = new BoardGuard(server, 'b1', new Uint8Array(32), { rules: [malloryMayNotTouchMeta], maxBoardBytes: 1 << 20 });
	/** What `author` changes on a copy of the board, applied to the server's under the rules. */
	const send = (author: Author, change: (meta: Y.Map<unknown>) => void) => {
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
		const before = Y.encodeStateVector(copy);
		change(boardRoots(copy).meta);
		const update = Y.encodeStateAsUpdate(copy, before);
		return { ...resend(author, update), update };
	};
	/** `update` as `author` sends it. */
	const resend = (author: Author, update: Uint8Array) => {
		const analysis = analyzeUpdate(server, update, Y.decodeUpdate(update));
		if (analysis.kind !== 'ok') throw new Error(`analysis: ${analysis.kind}`);
		return guard.apply(author, update, analysis.change);
	};
	return { server, guard, send, resend, meta: boardRoots(server).meta };
}

/** Items an undo manager keeps from garbage collection. */
function keptItems(doc: Y.Doc): number {
	let kept = 0;
	for (const structs of doc.store.clients.values()) for (const struct of structs) if (struct instanceof Y.Item && struct.keep) kept++;
	return kept;
}

describe('the board guard', () => {
	it('undoes only the update that breaks a rule, with the undo managers it keeps between updates', () => {
		const { send, meta, server } = setup();
		expect(send(alice, (m) => m.set('title', 'A')).undone).toBe(false);
		server.transact(() => meta.set('server', 1), 'server');
		expect(send(mallory, (m) => m.set('title', 'M'))).toMatchObject({ undone: true, notices: ['locked'] });
		expect(send(alice, (m) => m.set('colour', 'blue')).undone).toBe(false);
		expect(send(mallory, (m) => m.delete('colour')).undone).toBe(true);
		expect(meta.toJSON()).toEqual({ title: 'A', server: 1, colour: 'blue' });
	});

	it('does not judge an update that brings nothing new', () => {
		const { send, resend, meta } = setup();
		const { update } = send(alice, (m) => m.set('title', 'A'));
		// Mallory sends what the board already has: it changes nothing, so there is nothing to undo.
		expect(resend(mallory, update)).toMatchObject({ undone: false, notices: [] });
		expect(meta.toJSON()).toEqual({ title: 'A' });
	});

	it('records nothing between updates: an author’s transactions outside an update keep no deleted item alive', () => {
		const { send, meta, server } = setup();
		send(alice, (m) => m.set('note', 'x'.repeat(1000)));
		// The room transacts with an author's origin outside the guard too (a workshop request).
		server.transact(() => meta.delete('note'), alice);
		expect(keptItems(server)).toBe(0);
		expect(Y.encodeStateAsUpdate(server).byteLength).toBeLessThan(200);
		expect(send(mallory, (m) => m.set('note', 'y')).undone).toBe(true);
		expect(meta.toJSON()).toEqual({});
	});
});
