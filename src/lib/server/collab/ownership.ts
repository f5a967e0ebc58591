import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DB } from '../db/open.ts';

/**
 * One owner per board at a time. Whoever loads a board into memory first acquires its lease:
 * the board's epoch goes up by one, and every write the room makes carries that epoch
 * (board-store.ts), so a room whose lease was taken over writes nothing more.
 *
 * This is the single-process implementation: this process is the only node, so acquiring
 * always succeeds (a second acquisition of the same board, e.g. in an unload/reload race, takes
 * it over from the first). Several nodes (PostgreSQL) need leases that expire unless renewed
 * and an `acquire` that refuses a board another live node holds (`BoardOwnedElsewhere`).
 */
export interface BoardOwnership {
	/** This node's id, as `ownerOf` reports it. */
	readonly nodeId: string;
	/** Takes the board's lease (a new, higher epoch). Throws `BoardOwnedElsewhere` when another live node holds it. */
	acquire(boardId: string): Promise<BoardLease>;
	/** Who holds the board now, or null when nobody does. */
	ownerOf(boardId: string): Promise<BoardOwner | null>;
	/**
	 * Several nodes: ends `owner`'s lease of the board at once (nothing listens at its address:
	 * it died), if it still holds that epoch. Safe whatever the truth: its epoch is fenced.
	 */
	evict?(boardId: string, owner: BoardOwner): Promise<void>;
	/** Lets go of every lease still held (shutdown, after the last writes). */
	close(): Promise<void>;
}

export interface BoardLease {
	readonly boardId: string;
	readonly epoch: number;
	/** Aborted (reason: `LeaseLost`) once another holder has the board: from then on writes under this epoch fail. */
	readonly lost: AbortSignal;
	/** Lets the board go. Does nothing once lost or released, or if a newer epoch holds it. */
	release(): Promise<void>;
}

export interface BoardOwner {
	nodeId: string;
	epoch: number;
	/** Where the owner takes forwarded sockets and board changes (several nodes); null in one process. */
	address: string | null;
}

/** The reason a lease's `lost` signal carries. */
export class LeaseLost extends Error {
	constructor(boardId: string, epoch: number) {
		super(`board ${boardId}: the lease of epoch ${epoch} was taken over`);
		this.name = 'LeaseLost';
	}
}

/** Another live node holds the board; sockets for it belong there. */
export class BoardOwnedElsewhere extends Error {
	readonly owner: BoardOwner;
	constructor(boardId: string, owner: BoardOwner) {
		super(`board ${boardId} is owned by ${owner.nodeId}`);
		this.name = 'BoardOwnedElsewhere';
		this.owner = owner;
	}
}

/** An id for this process as a node: host, pid and a random part (a pid is reused after a restart). */
export function newNodeId(): string {
	return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * Bumps the board's epoch and records `nodeId` as its holder, in one statement (an upsert: the
 * first lease of a board is epoch 1). Shared by every implementation; a multi-node one adds its
 * condition (free, expired, or ours) and an expiry.
 */
export async function takeLease(db: DB, boardId: string, nodeId: string, now: number, expiresAt: number | null = null): Promise<number> {
	const row = await db
		.insertInto('board_leases')
		.values({ board_id: boardId, epoch: 1, owner: nodeId, acquired_at: now, expires_at: expiresAt })
		.onConflict((oc) =>
			oc.column('board_id').doUpdateSet((eb) => ({ epoch: eb('board_leases.epoch', '+', 1), owner: nodeId, acquired_at: now, expires_at: expiresAt }))
		)
		.returning('epoch')
		.executeTakeFirstOrThrow();
	return Number(row.epoch);
}

/** Marks the board free, unless a newer epoch holds it already. */
export async function giveUpLease(db: DB, boardId: string, epoch: number): Promise<void> {
	await db.updateTable('board_leases').set({ owner: null, expires_at: null }).where('board_id', '=', boardId).where('epoch', '=', epoch).execute();
}

/** Board ownership in one process (the default, and the only one on SQLite). */
export function createLocalBoardOwnership(db: DB, options: { nodeId?: string; now?: () => number } = {}): BoardOwnership {
	const nodeId = options.nodeId ?? newNodeId();
	const now = options.now ?? Date.now;
	// The lease this process holds per board (the table may still name a process that died:
	// with one process per database, only this map says who holds a board now).
	const held = new Map<string, { epoch: number; controller: AbortController }>();

	return {
		nodeId,

		async acquire(boardId) {
			const epoch = await takeLease(db, boardId, nodeId, now());
			const controller = new AbortController();
			const previous = held.get(boardId);
			if (previous && previous.epoch > epoch) {
				// Two acquisitions crossed: the later one holds the board already.
				controller.abort(new LeaseLost(boardId, epoch));
			} else {
				previous?.controller.abort(new LeaseLost(boardId, previous.epoch));
				held.set(boardId, { epoch, controller });
			}
			let released = false;
			return {
				boardId,
				epoch,
				lost: controller.signal,
				async release() {
					if (released || controller.signal.aborted) return;
					released = true;
					if (held.get(boardId)?.epoch === epoch) held.delete(boardId);
					await giveUpLease(db, boardId, epoch);
				}
			};
		},

		async ownerOf(boardId) {
			const lease = held.get(boardId);
			return lease ? { nodeId, epoch: lease.epoch, address: null } : null;
		},

		async close() {
			const leases = [...held.entries()];
			held.clear();
			await Promise.all(leases.map(([boardId, { epoch }]) => giveUpLease(db, boardId, epoch)));
		}
	};
}

export interface SharedOwnershipOptions {
	nodeId?: string;
	/** This node's internal URL (NODE_INTERNAL_URL, or found once the server listens); recorded with each lease. */
	address: () => string | null;
	/** How long a lease holds without renewal: how soon another node takes the boards of one that died. */
	leaseMs: number;
	now?: () => number;
	log?: (message: string, error?: unknown) => void;
}

/**
 * Board ownership for several nodes on one PostgreSQL database. A lease expires `leaseMs` after
 * its last renewal; the node renews all it holds in one statement every quarter of that. A
 * node takes a board only when it is free, expired, already its own, or held by an earlier run
 * of this node (same address: a restart takes its boards back at once); otherwise `acquire`
 * throws `BoardOwnedElsewhere` with the owner's address, and the hub forwards there.
 *
 * A lease is lost when a renewal finds another epoch (or owner) on the row, or when renewals
 * have failed for longer than `leaseMs` (another node may have the board by then): its `lost`
 * signal fires and the room closes its sockets. Writes are fenced anyway: a write under an
 * epoch that no longer holds writes nothing (board-store.ts).
 */
export function createSharedBoardOwnership(db: DB, options: SharedOwnershipOptions): BoardOwnership {
	const nodeId = options.nodeId ?? newNodeId();
	const now = options.now ?? Date.now;
	const log = options.log ?? ((m, e) => console.error(`[collab] ${m}`, e ?? ''));
	const held = new Map<string, { epoch: number; controller: AbortController }>();
	let renewedAt = now();

	function lose(boardId: string): void {
		const lease = held.get(boardId);
		if (!lease) return;
		held.delete(boardId);
		lease.controller.abort(new LeaseLost(boardId, lease.epoch));
	}

	async function renew(): Promise<void> {
		const boards = [...held.keys()];
		if (boards.length === 0) {
			renewedAt = now();
			return;
		}
		const at = now();
		try {
			const rows = await db
				.updateTable('board_leases')
				.set({ expires_at: at + options.leaseMs })
				.where('owner', '=', nodeId)
				.where('board_id', 'in', boards)
				.returning(['board_id', 'epoch'])
				.execute();
			renewedAt = at;
			const epochs = new Map(rows.map((row) => [row.board_id, Number(row.epoch)]));
			for (const boardId of boards) {
				const lease = held.get(boardId);
				if (lease && epochs.get(boardId) !== lease.epoch) lose(boardId);
			}
		} catch (error) {
			log('renewing board leases failed', error);
			// Past its expiry another node may hold any of them: stop as if every one were lost.
			if (now() - renewedAt >= options.leaseMs) for (const boardId of boards) lose(boardId);
		}
	}
	let renewing: Promise<void> | null = null;
	const timer = setInterval(
		() => {
			renewing ??= renew().finally(() => (renewing = null));
		},
		Math.max(50, Math.floor(options.leaseMs / 4))
	);
	timer.unref();

	return {
		nodeId,

		async acquire(boardId) {
			const at = now();
			const address = options.address();
			const expiresAt = at + options.leaseMs;
			const row = await db
				.insertInto('board_leases')
				.values({ board_id: boardId, epoch: 1, owner: nodeId, acquired_at: at, expires_at: expiresAt, owner_address: address })
				.onConflict((oc) =>
					oc
						.column('board_id')
						.doUpdateSet((eb) => ({
							epoch: eb('board_leases.epoch', '+', 1),
							owner: nodeId,
							acquired_at: at,
							expires_at: expiresAt,
							owner_address: address
						}))
						.where((eb) =>
							eb.or([
								eb('board_leases.owner', 'is', null),
								eb('board_leases.expires_at', '<', at),
								eb('board_leases.owner', '=', nodeId),
								...(address ? [eb('board_leases.owner_address', '=', address)] : [])
							])
						)
				)
				.returning('epoch')
				.executeTakeFirst();
			if (!row) {
				const owner = await this.ownerOf(boardId);
				// Expired or released between the two statements: try again.
				if (!owner) return this.acquire(boardId);
				throw new BoardOwnedElsewhere(boardId, owner);
			}
			const epoch = Number(row.epoch);
			const controller = new AbortController();
			const previous = held.get(boardId);
			if (previous && previous.epoch > epoch) controller.abort(new LeaseLost(boardId, epoch));
			else {
				previous?.controller.abort(new LeaseLost(boardId, previous.epoch));
				held.set(boardId, { epoch, controller });
			}
			let released = false;
			return {
				boardId,
				epoch,
				lost: controller.signal,
				async release() {
					if (released || controller.signal.aborted) return;
					released = true;
					if (held.get(boardId)?.epoch === epoch) held.delete(boardId);
					await giveUpLease(db, boardId, epoch);
				}
			};
		},

		async ownerOf(boardId) {
			const row = await db
				.selectFrom('board_leases')
				.select(['owner', 'epoch', 'expires_at', 'owner_address'])
				.where('board_id', '=', boardId)
				.executeTakeFirst();
			if (!row?.owner || (row.expires_at !== null && Number(row.expires_at) < now())) return null;
			return { nodeId: row.owner, epoch: Number(row.epoch), address: row.owner_address };
		},

		async evict(boardId, owner) {
			await db
				.updateTable('board_leases')
				.set({ expires_at: 0 })
				.where('board_id', '=', boardId)
				.where('owner', '=', owner.nodeId)
				.where('epoch', '=', owner.epoch)
				.execute();
		},

		async close() {
			clearInterval(timer);
			await renewing;
			const leases = [...held.entries()];
			held.clear();
			await Promise.all(leases.map(([boardId, { epoch }]) => giveUpLease(db, boardId, epoch)));
		}
	};
}
