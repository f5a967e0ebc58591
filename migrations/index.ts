import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_board_documents.ts';
import * as m0003 from './0003_prototypes.ts';
import * as m0004 from './0004_feedback.ts';
import * as m0005 from './0005_server_keys.ts';
import * as m0006 from './0006_board_guests.ts';

/**
 * Every migration, in order. Imported statically (not read from disk) so the same list works
 * under Vite in development, inside the production bundle, under vitest and from server/.
 */
export const migrations: Record<string, Migration> = {
	'0001_foundation': m0001,
	'0002_board_documents': m0002,
	'0003_prototypes': m0003,
	'0004_feedback': m0004,
	'0005_server_keys': m0005,
	'0006_board_guests': m0006
};
