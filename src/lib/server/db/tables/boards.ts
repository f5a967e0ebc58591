import type { Generated } from 'kysely';

/** Stored board documents: a snapshot per board and the append log since it (0002). */
export interface BoardTables {
	board_snapshots: BoardSnapshotsTable;
	board_updates: BoardUpdatesTable;
	server_keys: ServerKeysTable;
	board_join_codes: BoardJoinCodesTable;
	board_guests: BoardGuestsTable;
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
}
