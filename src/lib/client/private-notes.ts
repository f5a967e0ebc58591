import * as Y from 'yjs';
import { boardRoots, type BoardNote, type NoteOp } from '$lib/board';

/**
 * The browser's side of notes that must not enter the shared document (a private brainstorm's,
 * an anonymous note before the hub writes it): a change runs on the document as any other, then
 * their ops are taken out again in the same transaction (`routeNoteChange`), and undo and redo
 * cover them through the workshop requests (`PrivateUndo`). No runes and no DOM, so node tests
 * drive it with a real Y.Doc and UndoManager.
 */

/** What a routed change did. */
export interface RoutedChange {
	/** The ops taken out of the document, by note id (in the order they were made). */
	routed: Map<string, NoteOp[]>;
	/** Whether anything else of the change stays in the document (a shared note, a section). */
	lasting: boolean;
}

export interface RouteOptions {
	/** My private notes, put in the log for `fn` to see (their ops are taken out again). */
	mine: ReadonlyMap<string, BoardNote>;
	/** Whether a note the document does not know yet is taken out too (new notes go to the hub). */
	takeNew: boolean;
	/** Whether the document already has the note. */
	known: (id: string) => boolean;
	origin: unknown;
}

/**
 * Runs `fn` in one transaction, then takes every op of my private notes (and of new notes, with
 * `takeNew`) out of the note log again. What a transaction inserts and deletes is garbage
 * collected before its update is encoded, so none of it reaches the socket or the offline copy:
 * unless something keeps it. An UndoManager keeps every item a tracked transaction deletes (to
 * bring it back on undo), so its update would carry the note's text to everyone; these items are
 * let go once the UndoManager has had its look (its `afterTransaction` handler was registered
 * first), and undo of them goes through `PrivateUndo` instead.
 */
export function routeNoteChange(doc: Y.Doc, fn: (doc: Y.Doc) => void, options: RouteOptions): RoutedChange {
	const ops = boardRoots(doc).noteOps;
	const routed = new Map<string, NoteOp[]>();
	let lasting = false;
	doc.transact((tr) => {
		const client = doc.clientID;
		const clockBefore = Y.getState(doc.store, client);
		if (options.mine.size > 0) ops.push([...options.mine.values()].map((n) => ({ ...n })));
		fn(doc);
		const positions: number[] = [];
		let index = 0;
		for (let item = ops._start; item; item = item.right) {
			if (item.deleted || !item.countable) continue;
			if (item.id.client === client && item.id.clock >= clockBefore) {
				const content = item.content.getContent() as NoteOp[];
				content.forEach((op, k) => {
					const id = op?.id;
					if (typeof id !== 'string') return;
					const fresh = options.takeNew && 'created' in op && !options.known(id);
					if (!options.mine.has(id) && !fresh) return;
					positions.push(index + k);
					routed.set(id, [...(routed.get(id) ?? []), op]);
				});
			}
			index += item.length;
		}
		for (let i = positions.length - 1; i >= 0; i--) ops.delete(positions[i]!, 1);

		// What this transaction made: taken out again (to let go), or still there (lasting).
		const made: Y.Item[] = [];
		const structs = doc.store.clients.get(client) ?? [];
		for (let i = structs.length - 1; i >= 0 && structs[i]!.id.clock + structs[i]!.length > clockBefore; i--) {
			const struct = structs[i]!;
			if (struct instanceof Y.Item && struct.deleted) made.push(struct);
			else lasting = true;
		}
		// Anything older it deleted (a shared note's op, a section) stays deleted: lasting too.
		tr.deleteSet.clients.forEach((deleted, from) => {
			if (from !== client || deleted.some((d) => d.clock < clockBefore)) lasting = true;
		});
		if (made.length > 0) {
			const letGo = () => {
				doc.off('afterTransaction', letGo);
				for (const item of made) item.keep = false;
			};
			doc.on('afterTransaction', letGo);
		}
	}, options.origin);
	return { routed, lasting };
}

/** My private notes a change touched: each as it was before and after (null: not there). */
export type PrivateStep = Map<string, { before: BoardNote | null; after: BoardNote | null }>;

type StackItem = Y.UndoManager['undoStack'][number];

/** A place on the undo stack: its length then, and the item on top. */
export interface HistoryMark {
	length: number;
	below: StackItem | null;
}

const STEP = 'prachalab.private-step';
/** The stack item changed nothing in the document: only my private notes. */
const ONLY = 'prachalab.private-only';

/**
 * Undo and redo of my private notes on the board's one undo stack, in order with my other
 * changes. A change's private step rides on the UndoManager's stack item for that transaction
 * (`meta`, as Yjs intends for extra state). An item that changed nothing else in the document
 * is moved between the stacks here, since the UndoManager would pass over it as empty and undo
 * an older change instead; the others go through the UndoManager, and the step follows its item
 * to the other stack. `apply` sends the notes as they should be to the hub (workshop requests,
 * through the outbox).
 */
export class PrivateUndo {
	readonly #manager: Y.UndoManager;
	readonly #apply: (notes: Map<string, BoardNote | null>) => void;
	readonly #changed: () => void;
	#added: StackItem | null = null;

	constructor(manager: Y.UndoManager, apply: (notes: Map<string, BoardNote | null>) => void, changed: () => void) {
		this.#manager = manager;
		this.#apply = apply;
		this.#changed = changed;
		manager.on('stack-item-added', ({ stackItem, type }: { stackItem: StackItem; type: 'undo' | 'redo' }) => {
			if (type === 'undo') this.#added = stackItem;
		});
		manager.on('stack-item-popped', ({ stackItem, type }: { stackItem: StackItem; type: 'undo' | 'redo' }) => {
			const step = stackItem.meta.get(STEP) as PrivateStep | undefined;
			if (!step) return;
			const other = type === 'undo' ? manager.redoStack : manager.undoStack;
			other.at(-1)?.meta.set(STEP, step);
			this.#apply(side(step, type === 'undo' ? 'before' : 'after'));
		});
	}

	/** Runs a change and notes what it did to my private notes on the stack item it made. */
	record(run: () => RoutedChange & { step: PrivateStep }): void {
		this.#added = null;
		const { step, lasting } = run();
		const item = this.#added as StackItem | null;
		this.#added = null;
		if (!item) return;
		if (step.size > 0) {
			item.meta.set(STEP, step);
			if (!lasting) item.meta.set(ONLY, true);
		} else if (!lasting) {
			// Nothing to undo (a new anonymous note, written by the hub): off the stack.
			const at = this.#manager.undoStack.lastIndexOf(item);
			if (at >= 0) this.#manager.undoStack.splice(at, 1);
			this.#changed();
		}
	}

	/** Where a group of changes starts on the undo stack (for `join`). */
	mark(): HistoryMark {
		const stack = this.#manager.undoStack;
		return { length: stack.length, below: stack.at(-1) ?? null };
	}

	/**
	 * Makes my changes since `mark` one step of undo and redo: a note's text, sent to the others
	 * every 0.8 s while it is typed, is undone as it was written, at once. Nothing is joined if the
	 * stack was undone below the mark meanwhile.
	 */
	join(mark: HistoryMark): void {
		const stack = this.#manager.undoStack;
		if (stack.length - mark.length < 2 || (stack[mark.length - 1] ?? null) !== mark.below) return;
		const items = stack.splice(mark.length);
		const first = items[0]!;
		first.insertions = Y.mergeDeleteSets(items.map((item) => item.insertions));
		first.deletions = Y.mergeDeleteSets(items.map((item) => item.deletions));
		const steps = items.map((item) => item.meta.get(STEP) as PrivateStep | undefined).filter((step) => step !== undefined);
		if (steps.length > 0) {
			const joined: PrivateStep = new Map();
			for (const step of steps) {
				for (const [id, change] of step) joined.set(id, { before: joined.has(id) ? joined.get(id)!.before : change.before, after: change.after });
			}
			first.meta.set(STEP, joined);
			if (items.every((item) => item.meta.get(ONLY))) first.meta.set(ONLY, true);
			else first.meta.delete(ONLY);
		}
		stack.push(first);
		this.#changed();
	}

	undo(): void {
		if (!this.#move(this.#manager.undoStack, this.#manager.redoStack, 'before')) this.#manager.undo();
	}

	redo(): void {
		if (!this.#move(this.#manager.redoStack, this.#manager.undoStack, 'after')) this.#manager.redo();
	}

	/** Undoes or redoes an item of my private notes alone; false when the top item is not one. */
	#move(from: StackItem[], to: StackItem[], state: 'before' | 'after'): boolean {
		const item = from.at(-1);
		const step = item?.meta.get(STEP) as PrivateStep | undefined;
		if (!item || !step || !item.meta.get(ONLY)) return false;
		from.pop();
		to.push(item);
		this.#apply(side(step, state));
		this.#changed();
		return true;
	}
}

function side(step: PrivateStep, state: 'before' | 'after'): Map<string, BoardNote | null> {
	return new Map([...step].map(([id, change]) => [id, change[state]]));
}
