import { getRandomValues } from 'node:crypto';
import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// Implement & scale gets a live board like the four stages before it (rollout, stakeholders,
// risks, metrics). New projects are created with it; this gives every existing project one.
// The board's document is empty: the hub seeds its template the first time it is opened.

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A row id as the application makes them (ids.ts): 16 characters, 80 random bits. */
function newId(): string {
	let id = '';
	for (const byte of getRandomValues(new Uint8Array(16))) id += ALPHABET[byte >> 3];
	return id;
}

export async function up(db: Kysely<any>): Promise<void> {
	const projects: { id: string }[] = await db
		.selectFrom('projects')
		.select('id')
		.where(({ not, exists, selectFrom }) =>
			not(exists(selectFrom('boards').select('boards.id').whereRef('boards.project_id', '=', 'projects.id').where('boards.stage', '=', 'implement')))
		)
		.execute();
	const now = Date.now();
	for (let i = 0; i < projects.length; i += 500) {
		const batch = projects.slice(i, i + 500);
		await db
			.insertInto('boards')
			.values(batch.map((p) => ({ id: newId(), project_id: p.id, stage: 'implement', title: 'implement', created_at: now })))
			.execute();
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	// Only the boards nobody wrote on: a board with updates or a snapshot is someone's work.
	await db
		.deleteFrom('boards')
		.where('stage', '=', 'implement')
		.where(({ not, exists, selectFrom }) =>
			not(exists(selectFrom('board_updates').select('board_updates.board_id').whereRef('board_updates.board_id', '=', 'boards.id')))
		)
		.where(({ not, exists, selectFrom }) =>
			not(exists(selectFrom('board_snapshots').select('board_snapshots.board_id').whereRef('board_snapshots.board_id', '=', 'boards.id')))
		)
		.execute();
}
