import { sql } from 'kysely';
import type { DB } from '../db/open.ts';
import { STAGES, type Stage } from '../../domain/stages.ts';
import { PROTOTYPE_STATUSES, STATUS_PATH, type Fidelity, type PrototypeStatus } from '../../domain/prototype-lifecycle.ts';
import { bangkokToday } from '../prototypes/test-plans.ts';
import { feedbackTrend, isNegativeTrend, trendTotals, type FeedbackTrends } from './feedback-trend.ts';
import {
	ATTENTION_REASONS,
	SIGNAL_RULES,
	SIGNALS,
	evidenceSignal,
	isSignal,
	type AttentionReason,
	type PortfolioItem,
	type Signal
} from '../../domain/portfolio.ts';
import type { DecisionOutcome } from '../../domain/prototype-lifecycle.ts';
export { ATTENTION_REASONS, type AttentionReason, type PortfolioItem };

/**
 * The officials' portfolio: every prototype across every project, filtered, with counts, the
 * lifecycle funnel, what needs attention and the feedback trends. Read-only; who may see it is
 * the route's to check (officials and admins see every project).
 */

export interface PortfolioFilter {
	agency?: string;
	projectId?: string;
	status?: string;
	/** The project's design-thinking stage. */
	stage?: string;
	tag?: string;
	ownerId?: string;
	/** Only what needs attention. */
	attention?: boolean;
	/** Only prototypes with this signal. */
	signal?: Signal;
	/** Only the projects this user is on the team of (a facilitator's own portfolio). */
	memberId?: string;
}

export interface FunnelStep {
	status: PrototypeStatus;
	/** Prototypes that reached this step at some point (a dropped one counts where it got to). */
	reached: number;
}

export interface Portfolio {
	items: PortfolioItem[];
	counts: {
		total: number;
		byStatus: Record<PrototypeStatus, number>;
		byStage: Record<Stage, number>;
		attention: number;
		projects: number;
		agencies: number;
		bySignal: Record<Signal, number>;
	};
	funnel: FunnelStep[];
	trends: FeedbackTrends;
}

export interface PortfolioOptions {
	agencies: string[];
	projects: { id: string; title: string; agency: string }[];
	tags: string[];
	owners: { id: string; name: string }[];
}

export interface AttentionRules {
	/** A prototype still in play with no update for this many days is stale. */
	staleDays: number;
}

export const DEFAULT_ATTENTION: AttentionRules = { staleDays: 30 };

const DAY = 24 * 60 * 60 * 1000;
const FINISHED: readonly PrototypeStatus[] = ['scaled', 'dropped'];

/** Why a prototype needs attention, if it does. */
export function attentionReasons(
	item: {
		status: PrototypeStatus;
		updatedAt: number;
		testEndsOn: string | null;
		testDecided: boolean;
		averageRating?: number | null;
		ratedResponses?: number;
	},
	negativeTrend: boolean,
	rules: AttentionRules,
	now: number
): AttentionReason[] {
	const reasons: AttentionReason[] = [];
	if (!FINISHED.includes(item.status) && now - item.updatedAt > rules.staleDays * DAY) reasons.push('stale');
	if (item.status === 'testing' && item.testEndsOn && item.testEndsOn < bangkokToday(now) && !item.testDecided) {
		reasons.push('test_overdue');
	}
	if (negativeTrend && !FINISHED.includes(item.status)) reasons.push('negative_trend');
	const rated = item.ratedResponses ?? 0;
	if (
		!FINISHED.includes(item.status) &&
		item.averageRating != null &&
		rated >= SIGNAL_RULES.minRated &&
		item.averageRating < SIGNAL_RULES.lowRating
	) {
		reasons.push('low_rating');
	}
	return reasons;
}

function filteredQuery(db: DB, filter: PortfolioFilter) {
	let query = db
		.selectFrom('prototypes')
		.innerJoin('projects', 'projects.id', 'prototypes.project_id')
		.leftJoin('users as owner', 'owner.id', 'prototypes.owner_id');
	if (filter.agency) query = query.where('projects.agency', '=', filter.agency);
	if (filter.projectId) query = query.where('projects.id', '=', filter.projectId);
	if (filter.status && (PROTOTYPE_STATUSES as readonly string[]).includes(filter.status)) {
		query = query.where('prototypes.status', '=', filter.status);
	}
	if (filter.stage && (STAGES as readonly string[]).includes(filter.stage)) {
		query = query.where('projects.stage', '=', filter.stage);
	}
	if (filter.ownerId) query = query.where('prototypes.owner_id', '=', filter.ownerId);
	if (filter.memberId) {
		const memberId = filter.memberId;
		query = query.where('projects.id', 'in', (eb) => eb.selectFrom('project_members').select('project_id').where('user_id', '=', memberId));
	}
	if (filter.tag) {
		const tag = filter.tag;
		query = query.where('prototypes.id', 'in', (eb) => eb.selectFrom('prototype_tags').select('prototype_id').where('tag', '=', tag));
	}
	return query;
}

// The furthest point on the path each prototype ever reached, from its status history.
function reachedIndexExpression() {
	return sql<number>`max(case ${sql.ref('to_status')} ${sql.join(
		STATUS_PATH.map((s, i) => sql`when ${s} then ${sql.lit(i)}`),
		sql` `
	)} else -1 end)`;
}

/** Loads the portfolio for `filter`, as of `now`. */
export async function loadPortfolio(
	db: DB,
	filter: PortfolioFilter = {},
	options: { now?: number; rules?: AttentionRules } = {}
): Promise<Portfolio> {
	const now = options.now ?? Date.now();
	const rules = options.rules ?? DEFAULT_ATTENTION;
	const rows = await filteredQuery(db, filter)
		.select([
			'prototypes.id',
			'prototypes.title',
			'prototypes.project_id',
			'projects.title as project_title',
			'projects.agency',
			'projects.stage as project_stage',
			'prototypes.status',
			'prototypes.fidelity',
			'prototypes.owner_id',
			'owner.name as owner_name',
			'prototypes.status_changed_at',
			'prototypes.updated_at'
		])
		.orderBy('prototypes.updated_at', 'desc')
		.orderBy('prototypes.id')
		.execute();

	const ids = filteredQuery(db, filter).select('prototypes.id');
	const [tags, versions, plans, decided, reached, trends, latestDecisions] = await Promise.all([
		db.selectFrom('prototype_tags').select(['prototype_id', 'tag']).where('prototype_id', 'in', ids).orderBy('tag').execute(),
		db
			.selectFrom('prototype_versions')
			.select((eb) => ['prototype_id', eb.fn.countAll<number>().as('n'), eb.fn.max<number>('number').as('latest')])
			.where('prototype_id', 'in', ids)
			.groupBy('prototype_id')
			.execute(),
		db
			.selectFrom('prototype_test_plans')
			.innerJoin('prototype_versions', 'prototype_versions.id', 'prototype_test_plans.version_id')
			.select(['prototype_versions.prototype_id', 'prototype_versions.id as version_id', 'prototype_versions.number', 'prototype_test_plans.ends_on'])
			.where('prototype_versions.prototype_id', 'in', ids)
			.execute(),
		db
			.selectFrom('prototype_decisions')
			.select(['prototype_id', 'version_id'])
			.where('prototype_id', 'in', ids)
			.where('version_id', 'is not', null)
			.execute(),
		db
			.selectFrom('prototype_status_changes')
			.select(['prototype_id', reachedIndexExpression().as('reached')])
			.where('prototype_id', 'in', ids)
			.groupBy('prototype_id')
			.execute(),
		feedbackTrend(
			db,
			rows.map((r) => r.id)
		),
		db
			.selectFrom('prototype_decisions')
			.select(['prototype_id', 'outcome', 'decided_at', 'id'])
			.where('prototype_id', 'in', ids)
			.orderBy('decided_at', 'desc')
			.orderBy('id', 'desc')
			.execute()
	]);
	const latestDecisionOf = new Map<string, DecisionOutcome>();
	for (const d of latestDecisions) if (!latestDecisionOf.has(d.prototype_id)) latestDecisionOf.set(d.prototype_id, d.outcome as DecisionOutcome);

	const tagsOf = new Map<string, string[]>();
	for (const t of tags) tagsOf.set(t.prototype_id, [...(tagsOf.get(t.prototype_id) ?? []), t.tag]);
	const versionsOf = new Map(versions.map((v) => [v.prototype_id, { count: Number(v.n), latest: Number(v.latest) }]));
	// The plan that matters is the newest version's that has one.
	const planOf = new Map<string, { number: number; versionId: string; endsOn: string }>();
	for (const p of plans) {
		const seen = planOf.get(p.prototype_id);
		if (!seen || Number(p.number) > seen.number) {
			planOf.set(p.prototype_id, { number: Number(p.number), versionId: p.version_id, endsOn: p.ends_on });
		}
	}
	const versionsDecided = new Set(decided.map((d) => d.version_id));

	const items: PortfolioItem[] = rows.map((r) => {
		const status = r.status as PrototypeStatus;
		const updatedAt = Number(r.updated_at);
		const plan = planOf.get(r.id) ?? null;
		const points = trends.get(r.id);
		const totals = trendTotals(points);
		const ratedResponses = (points ?? []).reduce((sum, p) => sum + p.rated, 0);
		const attention = attentionReasons(
			{
				status,
				updatedAt,
				testEndsOn: plan?.endsOn ?? null,
				testDecided: plan !== null && versionsDecided.has(plan.versionId),
				averageRating: totals.averageRating,
				ratedResponses
			},
			isNegativeTrend(points),
			rules,
			now
		);
		const latestDecision = latestDecisionOf.get(r.id) ?? null;
		return {
			id: r.id,
			title: r.title,
			projectId: r.project_id,
			projectTitle: r.project_title,
			agency: r.agency,
			projectStage: r.project_stage as Stage,
			status,
			fidelity: r.fidelity as Fidelity,
			ownerId: r.owner_id,
			ownerName: r.owner_name,
			tags: tagsOf.get(r.id) ?? [],
			versionCount: versionsOf.get(r.id)?.count ?? 0,
			testEndsOn: plan?.endsOn ?? null,
			statusChangedAt: Number(r.status_changed_at),
			updatedAt,
			daysSinceUpdate: Math.max(0, Math.floor((now - updatedAt) / DAY)),
			attention,
			feedbackResponses: totals.responses,
			ratedResponses,
			averageRating: totals.averageRating,
			latestDecision,
			signal: evidenceSignal({ status, attention, averageRating: totals.averageRating, ratedResponses, latestDecision })
		};
	});

	const shown = items.filter((i) => (!filter.attention || i.attention.length > 0) && (!filter.signal || i.signal === filter.signal));
	const shownIds = new Set(shown.map((i) => i.id));
	const byStatus = Object.fromEntries(PROTOTYPE_STATUSES.map((s) => [s, 0])) as Record<PrototypeStatus, number>;
	const byStage = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
	for (const item of shown) {
		byStatus[item.status] += 1;
		byStage[item.projectStage] += 1;
	}
	const funnel: FunnelStep[] = STATUS_PATH.map((status, index) => ({
		status,
		reached: reached.filter((r) => shownIds.has(r.prototype_id) && Number(r.reached) >= index).length
	}));
	return {
		items: shown,
		counts: {
			total: shown.length,
			byStatus,
			byStage,
			attention: shown.filter((i) => i.attention.length > 0).length,
			projects: new Set(shown.map((i) => i.projectId)).size,
			agencies: new Set(shown.map((i) => i.agency)).size,
			bySignal: Object.fromEntries(SIGNALS.map((s) => [s, shown.filter((i) => i.signal === s).length])) as Record<Signal, number>
		},
		funnel,
		trends: new Map([...trends].filter(([id]) => shownIds.has(id)))
	};
}

/**
 * What the filters offer: every agency, project, tag and owner that has a prototype — of the
 * projects `memberId` is on the team of, when given (a facilitator's own portfolio).
 */
export async function loadPortfolioOptions(db: DB, memberId?: string): Promise<PortfolioOptions> {
	const prototypes = db.selectFrom('prototypes');
	const visible = memberId
		? prototypes.where('prototypes.project_id', 'in', db.selectFrom('project_members').select('project_id').where('user_id', '=', memberId))
		: prototypes;
	const [projects, tags, owners] = await Promise.all([
		db
			.selectFrom('projects')
			.select(['projects.id', 'projects.title', 'projects.agency'])
			.where('projects.id', 'in', visible.select('prototypes.project_id'))
			.execute(),
		db.selectFrom('prototype_tags').select('tag').where('prototype_id', 'in', visible.select('prototypes.id')).distinct().execute(),
		db
			.selectFrom('users')
			.select(['users.id', 'users.name'])
			.where('users.id', 'in', visible.select('prototypes.owner_id').where('prototypes.owner_id', 'is not', null))
			.execute()
	]);
	const th = (a: string, b: string) => a.localeCompare(b, 'th');
	return {
		agencies: [...new Set(projects.map((p) => p.agency))].sort(th),
		projects: projects.sort((a, b) => th(a.title, b.title)),
		tags: tags.map((t) => t.tag).sort(th),
		owners: owners.sort((a, b) => th(a.name, b.name))
	};
}

/** The filter in a portfolio URL's query (unknown values are ignored, not trusted). */
export function portfolioFilterFrom(params: URLSearchParams): PortfolioFilter {
	const get = (key: string) => params.get(key)?.trim() || undefined;
	return {
		agency: get('agency'),
		projectId: get('project'),
		status: get('status'),
		stage: get('stage'),
		tag: get('tag'),
		ownerId: get('owner'),
		attention: params.get('attention') === '1',
		signal: isSignal(params.get('signal')) ? (params.get('signal') as Signal) : undefined
	};
}
