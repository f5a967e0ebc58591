import type { Generated } from 'kysely';

/** Stored board documents: a snapshot per board and the append log since it (0002). */
export interface BoardTables {
	board_snapshots: BoardSnapshotsTable;
	board_updates: BoardUpdatesTable;
	server_keys: ServerKeysTable;
	board_join_codes: BoardJoinCodesTable;
	board_guests: BoardGuestsTable;
	board_versions: BoardVersionsTable;
	board_trash: BoardTrashTable;
	board_leases: BoardLeasesTable;
	board_private_notes: BoardPrivateNotesTable;
	board_ballots: BoardBallotsTable;
	board_done_marks: BoardDoneMarksTable;
	board_images: BoardImagesTable;
}

/** Images uploaded to a board (0026); their bytes are in the blob store. */
export interface BoardImagesTable {
	id: string;
	board_id: string;
	/** The generated name in the blob store. */
	storage_name: string;
	/** Sniffed from the content. */
	content_type: string;
	size_bytes: number;
	sha256: string;
	/** Pixels, as the picture is shown. */
	width: number;
	height: number;
	/** Null in anonymous mode. */
	uploaded_by: string | null;
	uploaded_at: number;
}

/** Notes of a private brainstorm, seen by their author only until the reveal (0020). */
export interface BoardPrivateNotesTable {
	board_id: string;
	note_id: string;
	/** The author's pseudonym on the board (collab/privacy.ts), never a user id. */
	owner: string;
	/** The note's fields as JSON (no author when written in anonymous mode). */
	note: string;
	updated_at: number;
}

/** A secret round's dots until the reveal (0020): per voter pseudonym and note. */
export interface BoardBallotsTable {
	board_id: string;
	round_id: string;
	voter: string;
	note_id: string;
	dots: number;
}

/** Who marked themselves done with a board's current step (0020), by pseudonym. */
export interface BoardDoneMarksTable {
	board_id: string;
	step: string;
	person: string;
	marked_at: number;
}

/** Saved versions of a board's whole document (0008), thinned to a bound per board. */
export interface BoardVersionsTable {
	id: string;
	board_id: string;
	created_at: number;
	reason: string;
	by_id: string | null;
	by_name: string | null;
	/** The Yjs document (update v1), deflated. */
	state: Uint8Array;
	bytes: number;
	state_hash: string;
	notes: number;
	sections: number;
}

/** Notes people deleted from a board (0008): their last fields as JSON. */
export interface BoardTrashTable {
	id: string;
	board_id: string;
	note_id: string;
	note: string;
	deleted_by: string;
	deleted_by_name: string;
	deleted_at: number;
}

/** Who holds each board (0007): its epoch only grows; every write to the board is fenced by it. */
export interface BoardLeasesTable {
	board_id: string;
	epoch: number;
	/** The node holding the lease; null once released. */
	owner: string | null;
	acquired_at: number;
	/** When a holder that stopped renewing may be taken over; null: held until released. */
	expires_at: number | null;
	/** Where the holder takes forwarded sockets and board changes (its internal URL, several nodes; 0019). */
	owner_address: string | null;
}

/** A board's join codes for guests (0006); only the code's hash is kept. */
export interface BoardJoinCodesTable {
	id: string;
	board_id: string;
	code_hash: string;
	created_by: string;
	created_at: number;
	expires_at: number;
	closed_at: number | null;
}

/** Guests of one board (0006): a display name and the hash of their cookie's secret. */
export interface BoardGuestsTable {
	id: string;
	board_id: string;
	join_code_id: string;
	name: string;
	secret_hash: string;
	created_at: number;
	expires_at: number;
	ended_at: number | null;
}

/** Random keys made once and kept across restarts (0005); never leave the server. */
export interface ServerKeysTable {
	name: string;
	key: Uint8Array;
	created_at: number;
}

export interface BoardSnapshotsTable {
	board_id: string;
	/** A Yjs update (v1) holding the whole document. */
	state: Uint8Array;
	/** The last `board_updates.seq` folded into `state`. */
	last_seq: number;
	updated_at: number;
}

export interface BoardUpdatesTable {
	seq: Generated<number>;
	board_id: string;
	/** One Yjs update (v1), exactly as it was applied and relayed. */
	data: Uint8Array;
	created_at: number;
	/** The lease epoch of the room that wrote it (0007). */
	epoch: Generated<number>;
}
