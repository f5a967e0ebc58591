import type { DB } from '../db/open.ts';
import { publicText } from '../publication/snapshot.ts';
import { roundState } from '../../domain/feedback.ts';
import type { DecisionOutcome, PrototypeStatus } from '../../domain/prototype-lifecycle.ts';
import type { PrototypeOutcomes, RoundOutcome } from '../../domain/outcomes.ts';

/**
 * "You said, we did" for a project, built only from what may be public:
 *
 * - what citizens said: per round, how many responded (spam left out), the themes — the tags
 *   moderators put on responses they published — and up to three quotes in a wording a moderator
 *   approved for publication (publication/), for responses neither hidden nor spam;
 * - what the team did: the versions and decisions that cite the round (a version's "answers"
 *   rounds, a decision's feedback-round evidence), plus the decisions recorded about the version
 *   the round tested once it had opened, and the next version when that one cites no round.
 *
 * Every text goes through `publicText` (what still looks like personal data is masked). Callers
 * decide who may see it: the public page of a published project, the receipt of one who answered.
 */

const MAX_THEMES = 8;
const MAX_QUOTES = 3;

export async function youSaidWeDid(db: DB, projectId: string, now = Date.now()): Promise<PrototypeOutcomes[]> {
	const rounds = await db
		.selectFrom('feedback_rounds')
		.innerJoin('prototypes', 'prototypes.id', 'feedback_rounds.prototype_id')
		.innerJoin('prototype_versions', 'prototype_versions.id', 'feedback_rounds.version_id')
		.select([
			'feedback_rounds.id',
			'feedback_rounds.prototype_id',
			'feedback_rounds.version_id',
			'feedback_rounds.title_th',
			'feedback_rounds.title_en',
			'feedback_rounds.opens_at',
			'feedback_rounds.closes_at',
			'prototype_versions.number',
			'prototypes.title as prototype_title',
			'prototypes.status as prototype_status',
			'prototypes.created_at as prototype_created'
		])
		.select((eb) =>
			eb
				.selectFrom('feedback_responses')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('feedback_responses.round_id', '=', 'feedback_rounds.id')
				.where('feedback_responses.status', '!=', 'spam')
				.as('responses')
		)
		.where('prototypes.project_id', '=', projectId)
		.where('feedback_rounds.opens_at', '<=', now)
		.orderBy('prototypes.created_at')
		.orderBy('feedback_rounds.opens_at')
		.orderBy('feedback_rounds.id')
		.execute();
	if (rounds.length === 0) return [];
	const roundIds = rounds.map((r) => r.id);
	const prototypeIds = [...new Set(rounds.map((r) => r.prototype_id))];

	const [themes, quotes, versions, citedVersions, decisions, citedDecisions] = await Promise.all([
		db
			.selectFrom('feedback_tags')
			.innerJoin('feedback_responses', 'feedback_responses.id', 'feedback_tags.response_id')
			.select(['feedback_responses.round_id', 'feedback_tags.tag', (eb) => eb.fn.countAll<number>().as('n')])
			.where('feedback_responses.round_id', 'in', roundIds)
			.where('feedback_responses.status', '=', 'published')
			.groupBy(['feedback_responses.round_id', 'feedback_tags.tag'])
			.execute(),
		db
			.selectFrom('feedback_publication_approvals')
			.innerJoin('feedback_responses', 'feedback_responses.id', 'feedback_publication_approvals.response_id')
			.select(['feedback_responses.round_id', 'feedback_publication_approvals.text', 'feedback_publication_approvals.approved_at'])
			.where('feedback_responses.round_id', 'in', roundIds)
			.where('feedback_responses.status', 'not in', ['hidden', 'spam'])
			.orderBy('feedback_publication_approvals.approved_at')
			.execute(),
		db
			.selectFrom('prototype_versions')
			.select(['id', 'prototype_id', 'number', 'changes', 'rationale', 'created_at'])
			.where('prototype_id', 'in', prototypeIds)
			.execute(),
		db.selectFrom('prototype_version_feedback').select(['version_id', 'round_id']).where('round_id', 'in', roundIds).execute(),
		db
			.selectFrom('prototype_decisions')
			.leftJoin('prototype_versions', 'prototype_versions.id', 'prototype_decisions.version_id')
			.select([
				'prototype_decisions.id',
				'prototype_decisions.prototype_id',
				'prototype_decisions.version_id',
				'prototype_decisions.outcome',
				'prototype_decisions.rationale',
				'prototype_decisions.decided_at',
				'prototype_versions.number'
			])
			.where('prototype_decisions.prototype_id', 'in', prototypeIds)
			.execute(),
		db
			.selectFrom('prototype_decision_evidence')
			.select(['decision_id', 'ref_id'])
			.where('kind', '=', 'feedback_round')
			.where('ref_id', 'in', roundIds)
			.execute()
	]);
	const anyCitation = new Set(
		(
			await db
				.selectFrom('prototype_version_feedback')
				.select('version_id')
				.where(
					'version_id',
					'in',
					versions.map((v) => v.id)
				)
				.execute()
		).map((r) => r.version_id)
	);

	const out = new Map<string, PrototypeOutcomes>();
	const versionRounds = new Map<string, Set<string>>();
	const decisionRounds = new Map<string, Set<string>>();
	const link = (map: Map<string, Set<string>>, id: string, roundId: string) => map.set(id, (map.get(id) ?? new Set()).add(roundId));

	for (const r of rounds) {
		const number = Number(r.number);
		const opensAt = Number(r.opens_at);
		for (const c of citedVersions) if (c.round_id === r.id) link(versionRounds, c.version_id, r.id);
		const next = versions.find((v) => v.prototype_id === r.prototype_id && Number(v.number) === number + 1);
		if (next && !anyCitation.has(next.id)) link(versionRounds, next.id, r.id);
		for (const c of citedDecisions) if (c.ref_id === r.id) link(decisionRounds, c.decision_id, r.id);
		for (const d of decisions) if (d.version_id === r.version_id && Number(d.decided_at) >= opensAt) link(decisionRounds, d.id, r.id);

		const round: RoundOutcome = {
			roundId: r.id,
			title: { th: publicText(r.title_th), en: publicText(r.title_en) },
			versionNumber: number,
			state: roundState({ opensAt, closesAt: Number(r.closes_at) }, now),
			opensAt,
			closesAt: Number(r.closes_at),
			responses: Number(r.responses ?? 0),
			themes: themes
				.filter((t) => t.round_id === r.id)
				.map((t) => ({ theme: publicText(t.tag), count: Number(t.n) }))
				.sort((a, b) => b.count - a.count || a.theme.localeCompare(b.theme, 'th'))
				.slice(0, MAX_THEMES),
			quotes: [...new Set(quotes.filter((q) => q.round_id === r.id).map((q) => publicText(q.text)))].slice(0, MAX_QUOTES),
			versionIds: [],
			decisionIds: []
		};
		const prototype = out.get(r.prototype_id) ?? {
			prototypeId: r.prototype_id,
			title: publicText(r.prototype_title),
			status: r.prototype_status as PrototypeStatus,
			rounds: [],
			versions: [],
			decisions: []
		};
		prototype.rounds.push(round);
		out.set(r.prototype_id, prototype);
	}

	for (const v of [...versions].sort((a, b) => Number(a.number) - Number(b.number))) {
		const linked = versionRounds.get(v.id);
		const prototype = out.get(v.prototype_id);
		if (!linked || !prototype) continue;
		prototype.versions.push({
			id: v.id,
			number: Number(v.number),
			changes: publicText(v.changes),
			rationale: publicText(v.rationale),
			createdAt: Number(v.created_at),
			roundIds: [...linked]
		});
		for (const round of prototype.rounds) if (linked.has(round.roundId)) round.versionIds.push(v.id);
	}
	for (const d of [...decisions].sort((a, b) => Number(a.decided_at) - Number(b.decided_at))) {
		const linked = decisionRounds.get(d.id);
		const prototype = out.get(d.prototype_id);
		if (!linked || !prototype) continue;
		prototype.decisions.push({
			id: d.id,
			outcome: d.outcome as DecisionOutcome,
			rationale: publicText(d.rationale),
			decidedAt: Number(d.decided_at),
			versionNumber: d.number === null ? null : Number(d.number),
			roundIds: [...linked]
		});
		for (const round of prototype.rounds) if (linked.has(round.roundId)) round.decisionIds.push(d.id);
	}
	return [...out.values()];
}

/** The one prototype's "you said, we did" that holds `roundId`, with that round first looked up. */
export async function outcomeOfRound(db: DB, projectId: string, roundId: string, now = Date.now()): Promise<PrototypeOutcomes | null> {
	const all = await youSaidWeDid(db, projectId, now);
	return all.find((p) => p.rounds.some((r) => r.roundId === roundId)) ?? null;
}
