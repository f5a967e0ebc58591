import type { DB } from '../db/open.ts';
import { publicText } from '../publication/snapshot.ts';
import { isPublishedProject } from '../projects/published.ts';
import { groupSupportCounts } from './supports.ts';
import type { CallKind, TrailEntry, TrailStage } from '../../domain/participation.ts';

/**
 * The public trail of a published project: per stage, how many citizens' contributions it had
 * (stories in Empathize, ideas and supports in Ideate, feedback responses in Test) and which of
 * their stories and ideas shaped it — those a moderator approved for the public and the team took
 * to its boards — with the prototypes (and their last decisions) that came from those ideas'
 * notes. Counts and approved words only: no name, no contact, no district, no photo, and every
 * text masked as all public text is (publication/snapshot.ts `publicText`).
 */

const EXCERPT = 600;

function excerpt(text: string): string {
	const chars = [...text];
	return chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join('')}…` : text;
}

async function countEntries(db: DB, projectId: string, kind: CallKind): Promise<number> {
	const row = await db
		.selectFrom('participation_entries')
		.innerJoin('participation_calls', 'participation_calls.id', 'participation_entries.call_id')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('participation_calls.project_id', '=', projectId)
		.where('participation_entries.kind', '=', kind)
		.where('participation_entries.status', '!=', 'spam')
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

async function countSupports(db: DB, projectId: string): Promise<number> {
	const row = await db
		.selectFrom('participation_supports')
		.innerJoin('participation_entries', 'participation_entries.id', 'participation_supports.entry_id')
		.innerJoin('participation_calls', 'participation_calls.id', 'participation_entries.call_id')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('participation_calls.project_id', '=', projectId)
		.where('participation_entries.status', '!=', 'spam')
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

async function countFeedback(db: DB, projectId: string): Promise<number> {
	const row = await db
		.selectFrom('feedback_responses')
		.innerJoin('feedback_rounds', 'feedback_rounds.id', 'feedback_responses.round_id')
		.innerJoin('prototypes', 'prototypes.id', 'feedback_rounds.prototype_id')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('prototypes.project_id', '=', projectId)
		.where('feedback_responses.status', '!=', 'spam')
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** Approved stories or ideas of the project that the team took to a board, oldest first. */
async function shapedEntries(db: DB, projectId: string, kind: CallKind): Promise<TrailEntry[]> {
	const rows = await db
		.selectFrom('participation_entries')
		.innerJoin('participation_calls', 'participation_calls.id', 'participation_entries.call_id')
		.select([
			'participation_entries.id',
			'participation_entries.call_id',
			'participation_entries.title',
			'participation_entries.body',
			'participation_entries.duplicate_of'
		])
		.where('participation_calls.project_id', '=', projectId)
		.where('participation_entries.kind', '=', kind)
		.where('participation_entries.status', '=', 'approved')
		.where((eb) =>
			eb.exists(
				eb.selectFrom('participation_board_links').select('entry_id').whereRef('participation_board_links.entry_id', '=', 'participation_entries.id')
			)
		)
		.orderBy('participation_entries.submitted_at')
		.limit(100)
		.execute();
	if (rows.length === 0) return [];
	const supportsByCall = new Map<string, Map<string, number>>();
	if (kind === 'idea') for (const callId of new Set(rows.map((r) => r.call_id))) supportsByCall.set(callId, await groupSupportCounts(db, callId));
	const prototypes = await db
		.selectFrom('participation_board_links')
		.innerJoin('prototype_idea_links', (join) =>
			join
				.onRef('prototype_idea_links.note_id', '=', 'participation_board_links.note_id')
				.onRef('prototype_idea_links.board_id', '=', 'participation_board_links.board_id')
		)
		.innerJoin('prototypes', 'prototypes.id', 'prototype_idea_links.prototype_id')
		.select(['participation_board_links.entry_id', 'prototypes.id', 'prototypes.title', 'prototypes.status'])
		.select((eb) =>
			eb
				.selectFrom('prototype_decisions')
				.select('prototype_decisions.outcome')
				.whereRef('prototype_decisions.prototype_id', '=', 'prototypes.id')
				.orderBy('prototype_decisions.decided_at', 'desc')
				.limit(1)
				.as('decision')
		)
		.where(
			'participation_board_links.entry_id',
			'in',
			rows.map((r) => r.id)
		)
		.where('prototypes.project_id', '=', projectId)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		kind,
		title: publicText(r.title),
		text: excerpt(publicText(r.body)),
		supports: supportsByCall.get(r.call_id)?.get(r.duplicate_of ?? r.id) ?? 0,
		prototypes: prototypes
			.filter((p) => p.entry_id === r.id)
			.map((p) => ({ id: p.id, title: p.title, status: p.status, decision: p.decision ?? null }))
	}));
}

/** The trail of a published project; null when the project is not published. */
export async function publicTrail(db: DB, projectId: string): Promise<TrailStage[] | null> {
	if (!(await isPublishedProject(db, projectId))) return null;
	const [stories, ideas, supports, feedback, shapedStories, shapedIdeas] = await Promise.all([
		countEntries(db, projectId, 'story'),
		countEntries(db, projectId, 'idea'),
		countSupports(db, projectId),
		countFeedback(db, projectId),
		shapedEntries(db, projectId, 'story'),
		shapedEntries(db, projectId, 'idea')
	]);
	return [
		{ stage: 'empathize', contributions: stories, supports: 0, shaped: shapedStories },
		{ stage: 'ideate', contributions: ideas, supports, shaped: shapedIdeas },
		{ stage: 'test', contributions: feedback, supports: 0, shaped: [] }
	];
}
