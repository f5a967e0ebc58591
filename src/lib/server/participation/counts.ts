import type { DB } from '../db/open.ts';
import { isChannel, type Channel } from '../../domain/feedback.ts';
import type { ProjectParticipation } from '../../domain/participation.ts';

/**
 * Participation in numbers: per project for officials (the portfolio: stories, ideas, supports,
 * feedback, by channel and by district), and per call and round for open data (by channel, no
 * district: a district with three answers is close to naming someone). Spam is never counted.
 */

/** Participation in every project (or the given ones), most first. */
export async function participationByProject(db: DB, projectIds?: readonly string[]): Promise<ProjectParticipation[]> {
	if (projectIds && projectIds.length === 0) return [];
	let projects = db.selectFrom('projects').select(['id', 'title']);
	if (projectIds) projects = projects.where('id', 'in', projectIds);
	const out = new Map<string, ProjectParticipation>(
		(await projects.execute()).map((p) => [
			p.id,
			{ projectId: p.id, title: p.title, stories: 0, ideas: 0, supports: 0, feedback: 0, byChannel: {}, byDistrict: [] }
		])
	);
	const districts = new Map<string, Map<string, number>>();
	const add = (projectId: string, channel: string, district: string, n: number) => {
		const p = out.get(projectId);
		if (!p) return;
		if (isChannel(channel)) p.byChannel[channel as Channel] = (p.byChannel[channel as Channel] ?? 0) + n;
		const byDistrict = districts.get(projectId) ?? new Map<string, number>();
		byDistrict.set(district, (byDistrict.get(district) ?? 0) + n);
		districts.set(projectId, byDistrict);
	};

	const entries = await db
		.selectFrom('participation_entries')
		.innerJoin('participation_calls', 'participation_calls.id', 'participation_entries.call_id')
		.select(['participation_calls.project_id', 'participation_entries.kind', 'participation_entries.channel', 'participation_entries.district'])
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('participation_entries.status', '!=', 'spam')
		.groupBy(['participation_calls.project_id', 'participation_entries.kind', 'participation_entries.channel', 'participation_entries.district'])
		.execute();
	for (const row of entries) {
		const p = out.get(row.project_id);
		if (!p) continue;
		if (row.kind === 'idea') p.ideas += Number(row.n);
		else p.stories += Number(row.n);
		add(row.project_id, row.channel, row.district, Number(row.n));
	}

	const feedback = await db
		.selectFrom('feedback_responses')
		.innerJoin('feedback_rounds', 'feedback_rounds.id', 'feedback_responses.round_id')
		.innerJoin('prototypes', 'prototypes.id', 'feedback_rounds.prototype_id')
		.select(['prototypes.project_id', 'feedback_responses.channel', 'feedback_responses.district'])
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('feedback_responses.status', '!=', 'spam')
		.groupBy(['prototypes.project_id', 'feedback_responses.channel', 'feedback_responses.district'])
		.execute();
	for (const row of feedback) {
		const p = out.get(row.project_id);
		if (!p) continue;
		p.feedback += Number(row.n);
		add(row.project_id, row.channel, row.district, Number(row.n));
	}

	const supports = await db
		.selectFrom('participation_supports')
		.innerJoin('participation_entries', 'participation_entries.id', 'participation_supports.entry_id')
		.innerJoin('participation_calls', 'participation_calls.id', 'participation_entries.call_id')
		.select(['participation_calls.project_id'])
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('participation_entries.status', '!=', 'spam')
		.groupBy('participation_calls.project_id')
		.execute();
	for (const row of supports) {
		const p = out.get(row.project_id);
		if (p) p.supports = Number(row.n);
	}

	for (const [projectId, byDistrict] of districts) {
		out.get(projectId)!.byDistrict = [...byDistrict]
			.map(([district, count]) => ({ district, count }))
			// Named districts by count, "not given" last.
			.sort((a, b) => Number(a.district === '') - Number(b.district === '') || b.count - a.count || a.district.localeCompare(b.district, 'th'));
	}
	return [...out.values()]
		.filter((p) => p.stories + p.ideas + p.feedback + p.supports > 0)
		.sort((a, b) => b.stories + b.ideas + b.feedback - (a.stories + a.ideas + a.feedback) || a.title.localeCompare(b.title, 'th'));
}

export interface ParticipationCountRow {
	/** stories | ideas | supports | feedback */
	source: 'stories' | 'ideas' | 'supports' | 'feedback';
	/** The call's or round's id, and its Thai and English titles. */
	id: string;
	title: string;
	titleEn: string;
	channel: string;
	count: number;
}

/** A project's participation counts per call or round and channel (spam left out), for open data. */
export async function participationCounts(db: DB, projectId: string): Promise<ParticipationCountRow[]> {
	const entries = await db
		.selectFrom('participation_entries')
		.innerJoin('participation_calls', 'participation_calls.id', 'participation_entries.call_id')
		.select([
			'participation_calls.id',
			'participation_calls.title_th',
			'participation_calls.title_en',
			'participation_entries.kind',
			'participation_entries.channel'
		])
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('participation_calls.project_id', '=', projectId)
		.where('participation_entries.status', '!=', 'spam')
		.groupBy([
			'participation_calls.id',
			'participation_calls.title_th',
			'participation_calls.title_en',
			'participation_entries.kind',
			'participation_entries.channel'
		])
		.orderBy('participation_calls.id')
		.execute();
	const supports = await db
		.selectFrom('participation_supports')
		.innerJoin('participation_entries', 'participation_entries.id', 'participation_supports.entry_id')
		.innerJoin('participation_calls', 'participation_calls.id', 'participation_entries.call_id')
		.select(['participation_calls.id', 'participation_calls.title_th', 'participation_calls.title_en'])
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('participation_calls.project_id', '=', projectId)
		.where('participation_entries.status', '!=', 'spam')
		.groupBy(['participation_calls.id', 'participation_calls.title_th', 'participation_calls.title_en'])
		.execute();
	const feedback = await db
		.selectFrom('feedback_responses')
		.innerJoin('feedback_rounds', 'feedback_rounds.id', 'feedback_responses.round_id')
		.innerJoin('prototypes', 'prototypes.id', 'feedback_rounds.prototype_id')
		.select(['feedback_rounds.id', 'feedback_rounds.title_th', 'feedback_rounds.title_en', 'feedback_responses.channel'])
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('prototypes.project_id', '=', projectId)
		.where('feedback_responses.status', '!=', 'spam')
		.groupBy(['feedback_rounds.id', 'feedback_rounds.title_th', 'feedback_rounds.title_en', 'feedback_responses.channel'])
		.orderBy('feedback_rounds.id')
		.execute();
	return [
		...entries.map((r) => ({
			source: (r.kind === 'idea' ? 'ideas' : 'stories') as ParticipationCountRow['source'],
			id: r.id,
			title: r.title_th,
			titleEn: r.title_en,
			channel: r.channel,
			count: Number(r.n)
		})),
		...supports.map((r) => ({ source: 'supports' as const, id: r.id, title: r.title_th, titleEn: r.title_en, channel: 'web', count: Number(r.n) })),
		...feedback.map((r) => ({
			source: 'feedback' as const,
			id: r.id,
			title: r.title_th,
			titleEn: r.title_en,
			channel: r.channel,
			count: Number(r.n)
		}))
	];
}
