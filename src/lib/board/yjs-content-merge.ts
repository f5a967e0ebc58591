import * as Y from 'yjs';

/**
 * Yjs merges consecutive ops from one client into one item (what keeps the note log as cheap as
 * plain values: schema.ts), but `ContentAny.mergeWith` does it with `arr.concat`, copying the
 * whole item for every op merged into it: one person making 30,000 edits in a row cost the hub
 * and every client O(n²) — 42 % of the hub's CPU in bench/big-board.bench.ts, and its edits a
 * second fell tenfold as the run went on. Appending in place is linear.
 *
 * Appending is safe because nothing else holds an item's array: Yjs builds a fresh one for each
 * content it creates, decodes or splits, and copies what it hands out (`toArray`, event deltas).
 * The one exception is `copy()` (a redo copies the content it brings back), which shared the
 * array; it copies it here, so an item and its copy never grow together.
 */
interface AnyContent {
	arr: unknown[];
	mergeWith(right: AnyContent): boolean;
	copy(): AnyContent;
}

const proto = Y.ContentAny.prototype as unknown as AnyContent;
if (!(proto as { appendsInPlace?: boolean }).appendsInPlace) {
	Object.defineProperty(proto, 'appendsInPlace', { value: true });
	proto.mergeWith = function (this: AnyContent, right: AnyContent): boolean {
		for (const value of right.arr) this.arr.push(value);
		return true;
	};
	proto.copy = function (this: AnyContent): AnyContent {
		return new Y.ContentAny(this.arr.slice()) as unknown as AnyContent;
	};
}
