import type { DB } from '../db/open.ts';
import { findRoundById, projectOfRound } from '../feedback/rounds.ts';
import { notFound } from './respond.ts';

/** A round of the project in the path; a round of another project is not found. */
export async function apiRound(db: DB, projectId: string, roundId: string) {
	if ((await projectOfRound(db, roundId)) !== projectId) throw notFound();
	const round = await findRoundById(db, roundId);
	if (!round) throw notFound();
	return round;
}
