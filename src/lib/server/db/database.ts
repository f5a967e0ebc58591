import type { FoundationTables } from './tables/foundation.ts';
import type { BoardTables } from './tables/boards.ts';
import type { PrototypeTables } from './tables/prototypes.ts';
import type { FeedbackTables } from './tables/feedback.ts';
import type { PublicationTables } from './tables/publication.ts';
import type { ApiTables } from './tables/api.ts';
import type { ParticipationTables } from './tables/participation.ts';
import type { WorkshopTables } from './tables/workshops.ts';
import type { AuditTables } from './tables/audit.ts';

/**
 * The tables, as stored: one interface per migration's area, in `tables/`.
 * Times are milliseconds since the epoch.
 */
export interface Database
	extends
		FoundationTables,
		BoardTables,
		PrototypeTables,
		FeedbackTables,
		PublicationTables,
		ParticipationTables,
		WorkshopTables,
		AuditTables,
		ApiTables {}
