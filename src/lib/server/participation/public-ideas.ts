import type { DB } from '../db/open.ts';
import { publicText } from '../publication/snapshot.ts';
import { groupSupportCounts } from './supports.ts';
import { PARTICIPATION_LIMITS, type Call } from '../../domain/participation.ts';

/**
 * Ideas as the public sees them on a call's page: only those a moderator approved, their words
 * masked like every public text, with how many browsers support them (a group of duplicates
 * counted once) and the approved ideas grouped under them. No author, no district, no photo.
 */

export interface PublicIdea {
	id: string;
	title: string;
	body: string;
	supports: number;
	submittedAt: number;
	similar: { id: string; title: string }[];
}

interface Row {
	id: string;
	title: string;
	body: string;
	duplicate_of: string | null;
	submitted_at: number;
}

async function approvedIdeas(db: DB, callId: string): Promise<Row[]> {
	return db
		.selectFrom('participation_entries')
		.select(['id', 'title', 'body', 'duplicate_of', 'submitted_at'])
		.where('call_id', '=', callId)
		.where('kind', '=', 'idea')
		.where('status', '=', 'approved')
		.orderBy('submitted_at', 'desc')
		.orderBy('id')
		.execute();
}

function shape(rows: readonly Row[], supports: ReadonlyMap<string, number>): PublicIdea[] {
	const shown = new Set(rows.map((r) => r.id));
	// An approved idea grouped under one the public does not see stands on its own.
	const leaders = rows.filter((r) => r.duplicate_of === null || !shown.has(r.duplicate_of));
	return leaders.map((r) => ({
		id: r.id,
		title: publicText(r.title),
		body: publicText(r.body),
		supports: supports.get(r.duplicate_of ?? r.id) ?? 0,
		submittedAt: Number(r.submitted_at),
		similar: rows.filter((d) => d.duplicate_of === r.id).map((d) => ({ id: d.id, title: publicText(d.title) }))
	}));
}

/** One page of the call's public ideas, newest or most supported first, and how many there are. */
export async function listPublicIdeas(
	db: DB,
	call: Call,
	options: { page: number; sort: 'new' | 'supports' }
): Promise<{ ideas: PublicIdea[]; total: number; pages: number }> {
	const [rows, supports] = await Promise.all([approvedIdeas(db, call.id), groupSupportCounts(db, call.id)]);
	let ideas = shape(rows, supports);
	if (options.sort === 'supports') ideas = [...ideas].sort((a, b) => b.supports - a.supports || b.submittedAt - a.submittedAt);
	const size = PARTICIPATION_LIMITS.ideasPerPage;
	const pages = Math.max(1, Math.ceil(ideas.length / size));
	const page = Math.min(Math.max(1, options.page), pages);
	return { ideas: ideas.slice((page - 1) * size, page * size), total: ideas.length, pages };
}

/** One public idea of the call (an approved one), with the other approved ideas of its group; null otherwise. */
export async function findPublicIdea(db: DB, call: Call, ideaId: string): Promise<PublicIdea | null> {
	const [rows, supports] = await Promise.all([approvedIdeas(db, call.id), groupSupportCounts(db, call.id)]);
	const row = rows.find((r) => r.id === ideaId);
	if (!row) return null;
	const leader = row.duplicate_of && rows.some((r) => r.id === row.duplicate_of) ? row.duplicate_of : row.id;
	const group = rows.filter((r) => r.id !== ideaId && (r.id === leader || r.duplicate_of === leader));
	return {
		id: row.id,
		title: publicText(row.title),
		body: publicText(row.body),
		supports: supports.get(row.duplicate_of ?? row.id) ?? 0,
		submittedAt: Number(row.submitted_at),
		similar: group.map((g) => ({ id: g.id, title: publicText(g.title) }))
	};
}
