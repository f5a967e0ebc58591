import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyOwnBytes } from '../../src/lib/server/collab/own-bytes.ts';

/** A client's document with one note, and the update that made it. */
function clientNote(text: string, from?: Y.Doc): { client: Y.Doc; update: Uint8Array } {
	const client = new Y.Doc();
	if (from) Y.applyUpdate(client, Y.encodeStateAsUpdate(from));
	const before = Y.encodeStateVector(client);
	client.getArray<Y.Map<string>>('notes').push([new Y.Map([['text', text]])]);
	return { client, update: Y.encodeStateAsUpdate(client, before) };
}

/** The server's document and what its `update` listener heard. */
function server(): { doc: Y.Doc; heard: { update: Uint8Array; origin: unknown; transaction: unknown }[] } {
	const doc = new Y.Doc();
	const heard: { update: Uint8Array; origin: unknown; transaction: unknown }[] = [];
	doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => heard.push({ update, origin, transaction }));
	return { doc, heard };
}

const texts = (doc: Y.Doc) => doc.getArray<Y.Map<string>>('notes').map((note) => note.get('text'));

describe('applying a client’s update with its own bytes (the hub does not encode it again)', () => {
	it('gives the listeners the very bytes it was given, with the origin and the transaction, and applies them', () => {
		const { doc, heard } = server();
		const { update } = clientNote('ลดเวลารอคิว');
		const origin = { who: 'client' };
		applyOwnBytes(doc, update, origin);
		expect(texts(doc)).toEqual(['ลดเวลารอคิว']);
		expect(heard).toHaveLength(1);
		expect(heard[0]!.update).toBe(update);
		expect(heard[0]!.origin).toBe(origin);
		expect(heard[0]!.transaction).toBeInstanceOf(Y.Transaction);
	});

	it('tells nobody about an update the board already had', () => {
		const { doc, heard } = server();
		const { update } = clientNote('ซ้ำ');
		applyOwnBytes(doc, update, null);
		applyOwnBytes(doc, update, null);
		expect(heard).toHaveLength(1);
		expect(texts(doc)).toEqual(['ซ้ำ']);
	});

	it('puts the listeners back: a later change, and one that throws, are heard as before', () => {
		const { doc, heard } = server();
		applyOwnBytes(doc, clientNote('หนึ่ง').update, null);
		expect(() => applyOwnBytes(doc, new Uint8Array([255, 255, 255]), null)).toThrow();
		doc.getArray<Y.Map<string>>('notes').push([new Y.Map([['text', 'สอง']])]);
		expect(heard).toHaveLength(2);
		// Yjs encoded the later, local change itself.
		expect(heard[1]!.update).not.toBe(heard[0]!.update);
	});

	it('when an observer writes in answer, the listeners get everything since, which rebuilds the same board elsewhere', () => {
		const { doc, heard } = server();
		const notes = doc.getArray<Y.Map<string>>('notes');
		const stamps = doc.getMap<number>('stamps');
		notes.observe(() => {
			if (!stamps.has('seen')) stamps.set('seen', notes.length);
		});
		const before = Y.encodeStateAsUpdate(doc);
		const { update } = clientNote('ตอบกลับ');
		applyOwnBytes(doc, update, null);
		expect(stamps.get('seen')).toBe(1);
		expect(heard).toHaveLength(1);
		expect(heard[0]!.update).not.toBe(update);
		const elsewhere = new Y.Doc();
		Y.applyUpdate(elsewhere, before);
		Y.applyUpdate(elsewhere, heard[0]!.update);
		expect(texts(elsewhere)).toEqual(['ตอบกลับ']);
		expect(elsewhere.getMap<number>('stamps').get('seen')).toBe(1);
	});

	it('works with nobody listening', () => {
		const doc = new Y.Doc();
		const first = clientNote('ก');
		applyOwnBytes(doc, first.update, null);
		applyOwnBytes(doc, clientNote('ข', first.client).update, null);
		expect(texts(doc)).toEqual(['ก', 'ข']);
	});
});
