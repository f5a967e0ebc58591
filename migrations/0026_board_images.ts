import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// Images placed on a board (issue 10): each file the board's editors uploaded, its bytes in the
// blob store under a generated name. The board document names a row by a reference the server
// signed for the board; the row says which board it is of, so serving it checks that board's
// access. Rows go with their board.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('board_images')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		// The generated file name in the blob store.
		.addColumn('storage_name', 'text', (c) => c.notNull())
		// Sniffed from the content; metadata stripped before it was stored.
		.addColumn('content_type', 'text', (c) => c.notNull())
		.addColumn('size_bytes', 'integer', (c) => c.notNull())
		.addColumn('sha256', 'text', (c) => c.notNull())
		.addColumn('width', 'integer', (c) => c.notNull())
		.addColumn('height', 'integer', (c) => c.notNull())
		// Who uploaded it: null in anonymous mode (the board names nobody then).
		.addColumn('uploaded_by', 'text')
		.addColumn('uploaded_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('board_images_board').on('board_images').column('board_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('board_images').execute();
}
