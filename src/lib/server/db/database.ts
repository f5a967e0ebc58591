import type { FoundationTables } from './tables/foundation.ts';
import type { BoardTables } from './tables/boards.ts';
import type { PrototypeTables } from './tables/prototypes.ts';
import type { FeedbackTables } from './tables/feedback.ts';

/**
 * The tables, as stored: one interface per migration's area, in `tables/`.
 * Times are milliseconds since the epoch.
 */
export interface Database extends FoundationTables, BoardTables, PrototypeTables, FeedbackTables {}
