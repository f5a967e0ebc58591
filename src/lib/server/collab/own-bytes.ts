import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

/** A `Y.Doc` as lib0's `Observable` keeps its listeners (a public field of the class). */
type Listeners = Map<string, Set<(...args: unknown[]) => void>>;

/**
 * Applies an update from a client as `Y.applyUpdate` does, but gives the document's `update`
 * listeners the client's own bytes instead of letting Yjs encode the transaction again: Yjs
 * encodes only when something listens, and that encoding was about 9 % of the hub's CPU in a
 * flood. The listeners are taken off the document for the apply and then called as Yjs would
 * call them (bytes, origin, document, transaction), and only if the update changed anything.
 *
 * The bytes may say more than Yjs's encoding would: parts of the update the board already had,
 * which every reader of an update ignores. If the apply made further transactions (an observer
 * writing in answer), the listeners get one update with everything since, which may repeat
 * deletions the board had already.
 */
export function applyOwnBytes(doc: Y.Doc, update: Uint8Array, origin: unknown): void {
	const observers = (doc as unknown as { _observers: Listeners })._observers;
	const listeners = observers.get('update');
	if (!listeners) {
		Y.applyUpdate(doc, update, origin);
		return;
	}
	observers.delete('update');
	const transactions: Y.Transaction[] = [];
	const collect = (tr: Y.Transaction) => transactions.push(tr);
	doc.on('afterTransaction', collect);
	try {
		Y.applyUpdate(doc, update, origin);
	} finally {
		doc.off('afterTransaction', collect);
		// Whatever started listening meanwhile keeps listening.
		for (const added of observers.get('update') ?? []) listeners.add(added);
		observers.set('update', listeners);
	}
	const changed = transactions.filter(hasContent);
	if (changed.length === 0) return;
	const bytes =
		changed.length === 1 && changed[0] === transactions[0] ? update : Y.encodeStateAsUpdate(doc, encodeStateVector(transactions[0]!.beforeState));
	for (const listener of [...listeners]) listener(bytes, origin, doc, changed[0]);
}

/** Whether a transaction changed the document (as Yjs decides whether to emit `update`). */
function hasContent(tr: Y.Transaction): boolean {
	if (tr.deleteSet.clients.size > 0) return true;
	for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true;
	return false;
}

/** A state vector in Yjs's encoding. */
export function encodeStateVector(vector: Map<number, number>): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, vector.size);
	for (const [client, clock] of vector) {
		encoding.writeVarUint(encoder, client);
		encoding.writeVarUint(encoder, clock);
	}
	return encoding.toUint8Array(encoder);
}
