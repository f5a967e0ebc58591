import * as Y from 'yjs';
import { WebsocketProvider, messageAuth } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as authProtocol from 'y-protocols/auth';
import { createSubscriber } from 'svelte/reactivity';
import {
	anonymousVoterId,
	boardRoots,
	guestsEditAll,
	isLocked,
	readBoardNotice,
	type BoardNotice,
	listSections,
	NoteIndex,
	presenceColor,
	readFocus,
	readPrivacy,
	readWorkshopStep,
	type WorkshopStepMeta,
	readSecretResults,
	resultsAsVotes,
	foldNoteOps,
	type BoardPrivacy,
	type WorkshopRequest,
	readTimer,
	readVotes,
	readVotingRound,
	type BoardFocus,
	type BoardNote,
	type BoardSection,
	type BoardTimer,
	type NoteChange,
	type PresenceState,
	type VoteState,
	type VotingRound
} from '$lib/board';
import { localCopyName, rememberLocalCopy } from './local-copies';
import { measureServerOffset } from './server-clock';
import { WorkshopChannel } from './workshop-channel.svelte';
import { PrivateUndo, routeNoteChange, type HistoryMark, type PrivateStep } from './private-notes';
import { indexedDbOutbox } from './workshop-outbox';

/**
 * connecting: first attempt; syncing: connected, catching up; connected: in sync; offline: edits
 * kept locally; ended: the server closed for good (signed out, or no longer on the project).
 */
export type ConnectionState = 'connecting' | 'syncing' | 'connected' | 'offline' | 'ended';

export interface Peer {
	clientId: number;
	/** `guest`: a guest of this board (joined with a code), not a signed-in user. */
	user: { id: string; name: string; color: string; guest: boolean };
	cursor: { x: number; y: number } | null;
	selection: string[];
	drag: { ids: string[]; dx: number; dy: number } | null;
	editing: string | null;
	/** Whose view they follow (a user id). */
	following: string | null;
	/** The board area on their screen, while they ask others to follow them. */
	view: { x: number; y: number; w: number; h: number } | null;
}

/** What the facilitator has set on the board (meta), read defensively. */
export interface Facilitation {
	voting: VotingRound | null;
	timer: BoardTimer | null;
	locked: boolean;
	focus: BoardFocus | null;
	/** Guests may change and delete others' notes and the sections too. */
	guestsEditAll: boolean;
	/** Private brainstorm, anonymous notes, the done check (board/privacy.ts). */
	privacy: BoardPrivacy;
	/** The step of a running workshop the room is on (board/workshop-step.ts). */
	workshopStep: WorkshopStepMeta | null;
}

/** A change others made to the notes, for the list view's live region. */
export interface RemoteNoteEvent {
	kind: 'added' | 'changed' | 'moved' | 'removed';
	text: string;
	section: string;
}

/** The origin of this browser's own changes: the only ones undo/redo touch. */
export const LOCAL_ORIGIN = Symbol('prachalab.local');
const VOTE_ORIGIN = Symbol('prachalab.vote');
const FACILITATION_ORIGIN = Symbol('prachalab.facilitation');

/**
 * One open board in the browser: the Y.Doc, its offline copy (y-indexeddb), the stock
 * y-websocket provider, undo of my own changes, and reactive views of notes, sections and
 * presence for Svelte (through `createSubscriber`, so nothing is copied into stores).
 */
/** What opens a board session: which board, who, with which rights. */
export interface BoardSessionOptions {
	boardId: string;
	user: { id: string; name: string };
	canEdit: boolean;
	canFacilitate?: boolean;
	voterSeed?: string | null;
	/** A guest of the board: changes and deletes their own notes only, unless the facilitator allows more. */
	guest?: boolean;
	/** The server's clock when the page was made: a first guess at the offset. */
	serverNow?: number;
	serverUrl?: string;
	/** The board's project: where its images are uploaded and served (`/projects/ID/boards/BOARD/images`). */
	projectId?: string;
}

export class BoardSession {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	readonly localCopy: IndexeddbPersistence | null;
	readonly undoManager: Y.UndoManager;
	readonly index: NoteIndex;
	readonly boardId: string;
	/** May write (members, facilitators); viewers may not, and vote neither. */
	readonly canEdit: boolean;
	/** Runs voting, the timer, the lock and focus. */
	readonly canFacilitate: boolean;
	readonly guest: boolean;
	readonly me: { id: string; name: string; color: string };
	/** Where the board's images are (client/board-images.svelte.ts), or null when the page gave no project. */
	readonly imagesUrl: string | null;
	/** My private notes, my secret ballot, the done check (board/privacy.ts). */
	readonly workshop: WorkshopChannel;

	status = $state<ConnectionState>('connecting');
	/**
	 * Why the server closed for good: access ended, this device sent too much too fast, or it sent
	 * something that is not part of a board (a broken or modified app).
	 */
	endedBy = $state<'access' | 'flooding' | 'refused' | null>(null);
	/** The server undid a change of mine, and why (notices.ts); `at` tells one notice from the next. */
	notice = $state<{ code: BoardNotice; at: number } | null>(null);
	/** The offline copy has loaded: edits made now survive a reload even without a network. */
	savedLocally = $state(false);
	canUndo = $state(false);
	canRedo = $state(false);
	/** Server time minus this device's time, in ms. */
	clockOffset = $state(0);
	/** I follow the facilitator's view (canvas) since their request at `followedSince`. */
	following = $state(false);
	/** The board area on my canvas right now (board units), or null off the canvas; the export menu offers the section in it. */
	visibleArea = $state<{ x: number; y: number; w: number; h: number } | null>(null);
	#followedSince = 0;

	#sections: BoardSection[] = [];
	#subscribeNotes: () => void;
	#subscribeSections: () => void;
	#subscribePresence: () => void;
	#subscribeMeta: () => void;
	#subscribeVotes: () => void;
	#facilitation: Facilitation;
	#votes: VoteState;
	#voterSeed: string | null;
	#remoteListeners = new Set<(events: RemoteNoteEvent[]) => void>();
	#previous = new Map<string, { text: string; section: string }>();
	#cleanups: (() => void)[] = [];
	/** The private (or not yet written anonymous) notes shown in `index.notes`, as put there. */
	#shown = new Map<string, BoardNote>();
	/** Undo and redo, my private notes included (private-notes.ts). */
	#history: PrivateUndo;

	constructor(options: BoardSessionOptions) {
		const { boardId, user, canEdit } = options;
		this.boardId = boardId;
		this.canEdit = canEdit;
		this.canFacilitate = canEdit && (options.canFacilitate ?? false);
		this.guest = options.guest ?? false;
		this.imagesUrl = options.projectId ? `/projects/${options.projectId}/boards/${boardId}/images` : null;
		this.#voterSeed = options.voterSeed ?? null;
		if (options.serverNow) this.clockOffset = options.serverNow - Date.now();
		void measureServerOffset().then((offset) => {
			if (offset !== null) this.clockOffset = offset;
		});
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
		// The hub says why it undid a change of mine as the protocol's "permission denied".
		this.provider.messageHandlers[messageAuth] = (_encoder, decoder, provider) => {
			authProtocol.readAuthMessage(decoder, provider.doc, (_doc, reason) => {
				const code = readBoardNotice(reason);
				if (code) this.notice = { code, at: Date.now() };
			});
		};

		this.workshop = new WorkshopChannel(this.provider, {
			outbox: typeof indexedDB !== 'undefined' ? indexedDbOutbox(`${localCopyName(user.id, boardId)}:outbox`) : null,
			// The index exists by the time the hub answers; a note on the board is no longer only mine.
			onBoard: (id) => {
				const note = this.index.notes.get(id);
				return note !== undefined && note !== this.#shown.get(id);
			},
			me: user.id
		});
		this.#cleanups.push(() => this.workshop.destroy());

		this.undoManager = new Y.UndoManager([roots.noteOps, roots.sections, roots.images], {
			trackedOrigins: new Set([LOCAL_ORIGIN]),
			captureTimeout: 0
		});
		const refreshUndo = () => {
			this.canUndo = this.undoManager.canUndo();
			this.canRedo = this.undoManager.canRedo();
		};
		this.#history = new PrivateUndo(this.undoManager, (notes) => this.#restorePrivate(notes), refreshUndo);
		for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) {
			this.undoManager.on(event, refreshUndo);
		}

		this.index = new NoteIndex(this.doc);
		// My private notes live in the index too (never in the document), so the views and the
		// note helpers (updateNote's `known`) find them like any other.
		this.#cleanups.push(
			$effect.root(() => {
				$effect(() => this.#showPrivate(this.workshop.privateNotes));
			})
		);
		// A note of mine the board now has (revealed, or written by the hub without my name) is no
		// longer mine alone.
		this.#cleanups.push(
			this.index.subscribe((change) => {
				const arrived = [...change.ids].filter((id) => this.#shown.has(id) && this.index.notes.get(id) !== this.#shown.get(id));
				if (arrived.length === 0) return;
				for (const id of arrived) this.#shown.delete(id);
				const next = new Map(this.workshop.privateNotes);
				for (const id of arrived) next.delete(id);
				this.workshop.privateNotes = next;
			})
		);
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
		this.#facilitation = this.#readFacilitation();
		const onMeta = () => {
			this.#facilitation = this.#readFacilitation();
			this.#followFocus();
		};
		roots.meta.observe(onMeta);
		this.#cleanups.push(() => roots.meta.unobserve(onMeta));
		this.#subscribeMeta = createSubscriber((update) => {
			roots.meta.observe(update);
			return () => roots.meta.unobserve(update);
		});
		this.#votes = readVotes(this.doc);
		const onVotes = () => (this.#votes = readVotes(this.doc));
		roots.votes.observeDeep(onVotes);
		this.#cleanups.push(() => roots.votes.unobserveDeep(onVotes));
		this.#subscribeVotes = createSubscriber((update) => {
			roots.votes.observeDeep(update);
			return () => roots.votes.unobserveDeep(update);
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
			this.endedBy = event.code === 4429 ? 'flooding' : event.code === 4422 ? 'refused' : 'access';
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
		void this.workshop.privateNotes;
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
				user: {
					id: String(state.user.id ?? ''),
					name: state.user.name,
					color: String(state.user.color ?? '#4d5a55'),
					guest: (state.user as { guest?: unknown }).guest === true
				},
				cursor: state.cursor && Number.isFinite(state.cursor.x) && Number.isFinite(state.cursor.y) ? state.cursor : null,
				selection: Array.isArray(state.selection) ? state.selection.filter((s) => typeof s === 'string') : [],
				drag: state.drag && Array.isArray(state.drag.ids) && Number.isFinite(state.drag.dx) && Number.isFinite(state.drag.dy) ? state.drag : null,
				editing: typeof state.editing === 'string' ? state.editing : null,
				following: typeof state.following === 'string' ? state.following : null,
				view:
					state.view && [state.view.x, state.view.y, state.view.w, state.view.h].every(Number.isFinite) && state.view.w > 0 && state.view.h > 0
						? state.view
						: null
			});
		});
		return peers;
	}

	/** What the facilitator has set: the voting round, the timer, the lock, focus (reactive). */
	get facilitation(): Facilitation {
		this.#subscribeMeta();
		return this.#facilitation;
	}

	/** Every dot of the current round (reactive). */
	get votes(): VoteState {
		this.#subscribeVotes();
		const round = this.facilitation.voting;
		// A secret round: my own ballot (from the hub) until the reveal, then its results.
		if (round?.secret) {
			if (round.status === 'revealed') {
				const results = readSecretResults(this.doc, round.id);
				return results ? resultsAsVotes(results) : new Map();
			}
			const ballot = this.workshop.ballot;
			if (!ballot || ballot.roundId !== round.id) return new Map();
			return new Map(Object.entries(ballot.dots).map(([noteId, n]) => [noteId, new Map([[this.me.id, n]])]));
		}
		return this.#votes;
	}

	/** Whether the note is mine and waits for the reveal of a private brainstorm. */
	isPrivate(noteId: string): boolean {
		return this.workshop.privateNotes.has(noteId);
	}

	/** A request of the workshop message type (board/privacy.ts). */
	request(request: WorkshopRequest): void {
		this.workshop.send(request);
	}

	/** May change notes and sections now: an editor, on a board that is not locked (or its facilitator). */
	get editable(): boolean {
		return this.canEdit && (this.canFacilitate || !this.facilitation.locked);
	}

	/** May change or delete this note now (a guest: their own, unless the facilitator allows more). */
	mayChange(note: Pick<BoardNote, 'author'>): boolean {
		if (!this.editable) return false;
		return !this.guest || this.facilitation.guestsEditAll || note.author === this.me.id;
	}

	/** May move, resize, rename or delete sections and make clusters now. */
	get mayChangeSections(): boolean {
		return this.editable && (!this.guest || this.facilitation.guestsEditAll);
	}

	/** The id my dots go under in this round: my user id, or my pseudonym in an anonymous round. */
	voterId(round: VotingRound | null): string | null {
		if (!round || !this.canEdit) return null;
		// A secret round's dots go to the hub under my session: my id names them in my copy only.
		if (round.secret) return this.me.id;
		if (!round.anonymous) return this.me.id;
		return this.#voterSeed ? anonymousVoterId(this.#voterSeed, round.id) : null;
	}

	/** The server's clock now (ms). */
	serverNow(): number {
		return Date.now() + this.clockOffset;
	}

	/** Makes a change of mine (undoable); ignored for read-only users and on a locked board. */
	change(fn: (doc: Y.Doc) => void): void {
		if (!this.editable) return;
		const privacy = readPrivacy(this.doc);
		const route = privacy.privateNotes && !this.canFacilitate ? 'private' : privacy.anonymousNotes ? 'anonymous' : null;
		if (!route && this.#shown.size === 0) {
			this.doc.transact(() => fn(this.doc), LOCAL_ORIGIN);
			return;
		}
		this.#changeRouted(fn, route);
	}

	/**
	 * A change while new notes go through the hub (a private brainstorm, anonymous mode) or while
	 * I have private notes: `fn` runs on the document as always, with my private notes put in the
	 * log for it to see; then, in the same transaction, every op of a new or private note is taken
	 * out again (private-notes.ts: none of it reaches the socket); the hub gets them as requests
	 * instead. What it did to my private notes goes on the undo stack with the rest of the change.
	 */
	#changeRouted(fn: (doc: Y.Doc) => void, route: 'private' | 'anonymous' | null): void {
		const mine = new Map(this.#shown);
		this.#history.record(() => {
			const change = routeNoteChange(this.doc, fn, {
				mine,
				takeNew: route !== null,
				known: (id) => this.index.notes.has(id),
				origin: LOCAL_ORIGIN
			});
			const step: PrivateStep = new Map();
			const next = new Map(this.workshop.privateNotes);
			for (const id of new Set([...mine.keys(), ...change.routed.keys()])) {
				const note = foldNoteOps(change.routed.get(id) ?? []).get(id);
				const before = mine.get(id);
				// A new note in anonymous mode is the hub's to write, and nobody's to undo.
				const undoable = !!before || route === 'private';
				if (!note) {
					next.delete(id);
					if (before) {
						this.workshop.send({ type: 'delete-note', id });
						step.set(id, { before, after: null });
					}
					continue;
				}
				if (before && JSON.stringify(before) === JSON.stringify(note)) continue;
				const { text, x, y, w, h, color, section } = note;
				this.workshop.send({ type: 'note', note: { id, text, x, y, w, h, color, section } });
				const after = { ...note, author: route === 'anonymous' && !before ? '' : note.author };
				next.set(id, after);
				if (undoable) step.set(id, { before: before ?? null, after });
			}
			this.workshop.privateNotes = next;
			// Now, not when effects run: the caller may look for the note it just made (the canvas edits it).
			this.#showPrivate(next);
			return { ...change, step };
		});
	}

	/**
	 * Undo or redo of my private notes: each note as it should be now goes to the hub again (or is
	 * deleted there). A note the board has since (revealed) is everyone's: undo leaves it.
	 */
	#restorePrivate(notes: Map<string, BoardNote | null>): void {
		const next = new Map(this.workshop.privateNotes);
		for (const [id, note] of notes) {
			const onBoard = this.index.notes.get(id);
			if (onBoard && onBoard !== this.#shown.get(id)) continue;
			if (!note) {
				if (next.delete(id)) this.workshop.send({ type: 'delete-note', id });
				continue;
			}
			const { text, x, y, w, h, color, section } = note;
			this.workshop.send({ type: 'note', note: { id, text, x, y, w, h, color, section } });
			next.set(id, { ...note });
		}
		this.workshop.privateNotes = next;
		this.#showPrivate(next);
	}

	/** Puts my private notes in the index (and takes out those no longer private, unless the board now has them). */
	#showPrivate(notes: Map<string, BoardNote>): void {
		for (const [id, shown] of this.#shown) {
			if (notes.has(id)) continue;
			if (this.index.notes.get(id) === shown) this.index.notes.delete(id);
			this.#shown.delete(id);
		}
		for (const [id, note] of notes) {
			const current = this.index.notes.get(id);
			// The board has it already (revealed, or written by the hub): the board's wins.
			if (current && current !== this.#shown.get(id)) continue;
			this.index.notes.set(id, note);
			this.#shown.set(id, note);
		}
	}

	/** Places or takes back one of my dots (not undoable: the round has its own rules). */
	vote(fn: (doc: Y.Doc) => void): void {
		if (!this.canEdit) return;
		this.doc.transact(() => fn(this.doc), VOTE_ORIGIN);
	}

	/** A facilitator's change of the round, the timer, the lock or focus. */
	facilitate(fn: (doc: Y.Doc) => void): void {
		if (!this.canFacilitate) return;
		this.doc.transact(() => fn(this.doc), FACILITATION_ORIGIN);
	}

	/** Stops following the facilitator's view (until they ask again), or follows it again. */
	setFollowing(follow: boolean): void {
		const focus = this.#facilitation.focus;
		this.following = follow && !!focus && focus.by !== this.me.id;
		this.setPresence({ following: this.following ? focus!.by : null });
	}

	/** Undoes my last change (my private notes' too); not on a locked board, like any change. */
	undo(): void {
		if (this.editable) this.#history.undo();
	}

	redo(): void {
		if (this.editable) this.#history.redo();
	}

	/** Where a group of my changes starts, to `joinHistory` them into one step of undo. */
	historyMark(): HistoryMark {
		return this.#history.mark();
	}

	/** Makes my changes since `mark` one step of undo (a note's text written over several sends). */
	joinHistory(mark: HistoryMark): void {
		this.#history.join(mark);
	}

	/** Shares part of my presence (cursor, selection, drag, editing). */
	setPresence(fields: Partial<Omit<PresenceState, 'user'>>): void {
		const current = this.provider.awareness.getLocalState();
		if (!current) return;
		// Presence is everyone's: it never names a note of mine that waits for the reveal.
		if (this.#shown.size > 0) {
			const open = (id: string) => !this.#shown.has(id);
			fields = { ...fields };
			if (fields.selection) fields.selection = fields.selection.filter(open);
			if (fields.editing && !open(fields.editing)) fields.editing = null;
			if (fields.drag) fields.drag = fields.drag.ids.every(open) ? fields.drag : null;
		}
		this.provider.awareness.setLocalState({ ...current, ...fields });
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

	#readFacilitation(): Facilitation {
		return {
			voting: readVotingRound(this.doc),
			timer: readTimer(this.doc),
			locked: isLocked(this.doc),
			focus: readFocus(this.doc),
			guestsEditAll: guestsEditAll(this.doc),
			privacy: readPrivacy(this.doc),
			workshopStep: readWorkshopStep(this.doc)
		};
	}

	/** A new "follow me" from someone else starts following; its end stops it. */
	#followFocus(): void {
		const focus = this.#facilitation.focus;
		if (!focus || focus.by === this.me.id) {
			if (this.following) this.setFollowing(false);
			return;
		}
		if (focus.since !== this.#followedSince) {
			this.#followedSince = focus.since;
			this.setFollowing(true);
		}
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
