import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_board_documents.ts';
import * as m0003 from './0003_prototypes.ts';
import * as m0004 from './0004_feedback.ts';
import * as m0005 from './0005_server_keys.ts';
import * as m0006 from './0006_board_guests.ts';
import * as m0007 from './0007_board_leases.ts';
import * as m0008 from './0008_board_history.ts';
import * as m0009 from './0009_feedback_used_tokens.ts';
import * as m0010 from './0010_publications.ts';
import * as m0012 from './0012_feedback_search_secure_delete.ts';
import * as m0014 from './0014_workshops.ts';
import * as m0015 from './0015_citizen_data_vacuum.ts';
import * as m0016 from './0016_audit_and_feedback_citations.ts';
import * as m0017 from './0017_participation.ts';
import * as m0018 from './0018_api_tokens_and_english_titles.ts';
import * as m0019 from './0019_board_lease_address.ts';
import * as m0020 from './0020_board_privacy.ts';
import * as m0021 from './0021_workshop_step_runs.ts';
import * as m0023 from './0023_implement_boards.ts';
import * as m0026 from './0026_board_images.ts';
import * as m0027 from './0027_workshop_attendance.ts';

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
	'0006_board_guests': m0006,
	'0007_board_leases': m0007,
	'0008_board_history': m0008,
	'0009_feedback_used_tokens': m0009,
	'0010_publications': m0010,
	'0012_feedback_search_secure_delete': m0012,
	'0014_workshops': m0014,
	'0015_citizen_data_vacuum': m0015,
	'0016_audit_and_feedback_citations': m0016,
	'0017_participation': m0017,
	'0018_api_tokens_and_english_titles': m0018,
	'0019_board_lease_address': m0019,
	'0020_board_privacy': m0020,
	'0021_workshop_step_runs': m0021,
	'0023_implement_boards': m0023,
	'0026_board_images': m0026,
	'0027_workshop_attendance': m0027
};
