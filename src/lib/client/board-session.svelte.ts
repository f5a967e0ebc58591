import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { createSubscriber } from 'svelte/reactivity';
import {
	boardRoots,
	listSections,
	NoteIndex,
	presenceColor,
	type BoardNote,
	type BoardSection,
	type NoteChange,
	type PresenceState
} from '$lib/board';
import { localCopyName, rememberLocalCopy } from './local-copies';

/**
 * connecting: first attempt; syncing: connected, catching up; connected: in sync; offline: edits
 * kept locally; ended: the server closed for good (signed out, or no longer on the project).
 */
export type ConnectionState = 'connecting' | 'syncing' | 'connected' | 'offline' | 'ended';

export interface Peer {
	clientId: number;
	user: { id: string; name: string; color: string };
	cursor: { x: number; y: number } | null;
	selection: string[];
	drag: { ids: string[]; dx: number; dy: number } | null;
	editing: string | null;
}

/** A change others made to the notes, for the list view's live region. */
export interface RemoteNoteEvent {
	kind: 'added' | 'changed' | 'moved' | 'removed';
	text: string;
	section: string;
}

/** The origin of this browser's own changes: the only ones undo/redo touch. */
export const LOCAL_ORIGIN = Symbol('prachalab.local');

/**
 * One open board in the browser: the Y.Doc, its offline copy (y-indexeddb), the stock
 * y-websocket provider, undo of my own changes, and reactive views of notes, sections and
 * presence for Svelte (through `createSubscriber`, so nothing is copied into stores).
 */
export class BoardSession {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	readonly localCopy: IndexeddbPersistence | null;
	readonly undoManager: Y.UndoManager;
	readonly index: NoteIndex;
	readonly canEdit: boolean;
	readonly me: { id: string; name: string; color: string };

	status = $state<ConnectionState>('connecting');
	/** Why the server closed for good: access ended, or this device sent too much too fast. */
	endedBy = $state<'access' | 'flooding' | null>(null);
	/** The offline copy has loaded: edits made now survive a reload even without a network. */
	savedLocally = $state(false);
	canUndo = $state(false);
	canRedo = $state(false);

	#sections: BoardSection[] = [];
	#subscribeNotes: () => void;
	#subscribeSections: () => void;
	#subscribePresence: () => void;
	#remoteListeners = new Set<(events: RemoteNoteEvent[]) => void>();
	#previous = new Map<string, { text: string; section: string }>();
	#cleanups: (() => void)[] = [];

	constructor(options: { boardId: string; user: { id: string; name: string }; canEdit: boolean; serverUrl?: string }) {
		const { boardId, user, canEdit } = options;
		this.canEdit = canEdit;
		this.me = { id: user.id, name: user.name, color: presenceColor(user.id) };
		const roots = boardRoots(this.doc);

		// The offline copy first, so what was written offline is in the doc before the first sync.
		let localCopy: IndexeddbPersistence | null = null;
		if (typeof indexedDB !== 'undefined') {
			const name = localCopyName(user.id, boardId);
			rememberLocalCopy(name);
			localCopy = new IndexeddbPersistence(name, this.doc);
			void localCopy.whenSynced.then(() => (this.savedLocally = true));
		}
		this.localCopy = localCopy;

		const serverUrl = options.serverUrl ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
		this.provider = new WebsocketProvider(serverUrl, boardId, this.doc, { maxBackoffTime: 5000 });
		this.provider.awareness.setLocalState({ user: this.me, cursor: null, selection: [], drag: null, editing: null } satisfies PresenceState);

		this.undoManager = new Y.UndoManager([roots.noteOps, roots.sections], {
			trackedOrigins: new Set([LOCAL_ORIGIN]),
			captureTimeout: 0
		});
		const refreshUndo = () => {
			this.canUndo = this.undoManager.canUndo();
			this.canRedo = this.undoManager.canRedo();
		};
		for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) {
			this.undoManager.on(event, refreshUndo);
		}

		this.index = new NoteIndex(this.doc);
		for (const [id, note] of this.index.notes) this.#previous.set(id, { text: note.text, section: note.section });
		this.#cleanups.push(this.index.subscribe((change) => this.#noteChanged(change)));

		this.#sections = listSections(this.doc);
		const onSections = () => (this.#sections = listSections(this.doc));
		roots.sections.observeDeep(onSections);
		this.#cleanups.push(() => roots.sections.unobserveDeep(onSections));

		this.#subscribeNotes = createSubscriber((update) => this.index.subscribe(update));
		this.#subscribeSections = createSubscriber((update) => {
			roots.sections.observeDeep(update);
			return () => roots.sections.unobserveDeep(update);
		});
		this.#subscribePresence = createSubscriber((update) => {
			this.provider.awareness.on('change', update);
			return () => this.provider.awareness.off('change', update);
		});

		const refreshStatus = () => {
			const p = this.provider;
			if (this.status === 'ended') return;
			if (p.wsconnected) this.status = p.synced ? 'connected' : 'syncing';
			else this.status = this.status === 'connecting' && p.wsUnsuccessfulReconnects === 0 ? 'connecting' : 'offline';
		};
		this.provider.on('status', refreshStatus);
		this.provider.on('sync', refreshStatus);
		this.provider.on('connection-close', refreshStatus);
		// 4400–4499 closes: the provider stops reconnecting, and so the board says.
		this.provider.on('closed', (event: { code: number }) => {
			this.endedBy = event.code === 4429 ? 'flooding' : 'access';
			this.status = 'ended';
		});
		this.provider.on('connection-error', () => {
			if (!this.provider.wsconnected) this.status = 'offline';
		});
		const onOffline = () => (this.status = 'offline');
		// Back online: try now rather than at the end of the reconnect backoff.
		const onOnline = () => {
			if (!this.provider.wsconnected) this.provider.connect();
		};
		window.addEventListener('offline', onOffline);
		window.addEventListener('online', onOnline);
		this.#cleanups.push(() => {
			window.removeEventListener('offline', onOffline);
			window.removeEventListener('online', onOnline);
		});
	}

	/** Every note, by id (reactive). */
	get notes(): Map<string, BoardNote> {
		this.#subscribeNotes();
		return this.index.notes;
	}

	/** Every section, in reading order (reactive). */
	get sections(): BoardSection[] {
		this.#subscribeSections();
		return this.#sections;
	}

	/** Everyone else here now (reactive). */
	get peers(): Peer[] {
		this.#subscribePresence();
		const peers: Peer[] = [];
		this.provider.awareness.getStates().forEach((raw, clientId) => {
			if (clientId === this.doc.clientID) return;
			const state = raw as Partial<PresenceState>;
			if (!state.user || typeof state.user.name !== 'string') return;
			peers.push({
				clientId,
				user: { id: String(state.user.id ?? ''), name: state.user.name, color: String(state.user.color ?? '#4d5a55') },
				cursor: state.cursor && Number.isFinite(state.cursor.x) && Number.isFinite(state.cursor.y) ? state.cursor : null,
				selection: Array.isArray(state.selection) ? state.selection.filter((s) => typeof s === 'string') : [],
				drag: state.drag && Array.isArray(state.drag.ids) && Number.isFinite(state.drag.dx) && Number.isFinite(state.drag.dy) ? state.drag : null,
				editing: typeof state.editing === 'string' ? state.editing : null
			});
		});
		return peers;
	}

	/** Makes a change of mine (undoable); ignored for read-only users. */
	change(fn: (doc: Y.Doc) => void): void {
		if (!this.canEdit) return;
		this.doc.transact(() => fn(this.doc), LOCAL_ORIGIN);
	}

	undo(): void {
		if (this.canEdit) this.undoManager.undo();
	}

	redo(): void {
		if (this.canEdit) this.undoManager.redo();
	}

	/** Shares part of my presence (cursor, selection, drag, editing). */
	setPresence(fields: Partial<Omit<PresenceState, 'user'>>): void {
		const current = this.provider.awareness.getLocalState();
		if (current) this.provider.awareness.setLocalState({ ...current, ...fields });
	}

	/** Notes others changed, in batches as they arrive. */
	onRemoteNotes(listener: (events: RemoteNoteEvent[]) => void): () => void {
		this.#remoteListeners.add(listener);
		return () => this.#remoteListeners.delete(listener);
	}

	destroy(): void {
		for (const cleanup of this.#cleanups) cleanup();
		this.#remoteListeners.clear();
		this.index.destroy();
		this.undoManager.destroy();
		this.provider.destroy();
		this.localCopy?.destroy();
		this.doc.destroy();
	}

	#noteChanged(change: NoteChange): void {
		const events: RemoteNoteEvent[] = [];
		for (const id of change.ids) {
			const before = this.#previous.get(id);
			const note = this.index.notes.get(id);
			if (note) this.#previous.set(id, { text: note.text, section: note.section });
			else this.#previous.delete(id);
			// Mine, the offline copy loading, or the first sync catching up: nothing to announce.
			if (change.local || change.origin === this.localCopy || !this.provider.synced) continue;
			if (!before && note) events.push({ kind: 'added', text: note.text, section: note.section });
			else if (before && !note) events.push({ kind: 'removed', text: before.text, section: before.section });
			else if (before && note && before.section !== note.section) events.push({ kind: 'moved', text: note.text, section: note.section });
			else if (before && note && before.text !== note.text) events.push({ kind: 'changed', text: note.text, section: note.section });
		}
		if (events.length > 0) for (const listener of this.#remoteListeners) listener(events);
	}
}
