import type { DB } from '../db/open.ts';
import { lockRow } from '../db/locks.ts';
import { newId } from '../ids.ts';
import { Checker, refuse } from '../validation.ts';
import { DECISION_OUTCOMES, statusForOutcome, type DecisionOutcome, type EvidenceKind } from '../../domain/prototype-lifecycle.ts';
import { applyStatusChange } from './status.ts';
import { type EvidenceChoice } from '../../domain/prototypes.ts';
export { type EvidenceChoice };

export interface Evidence {
	kind: EvidenceKind;
	/** What it points at: a feedback round id, "boardId:sectionId", a URL; null for a figure. */
	ref: string | null;
	label: string;
	value: string;
}

export interface Decision {
	id: string;
	versionId: string | null;
	versionNumber: number | null;
	outcome: DecisionOutcome;
	rationale: string;
	decidedAt: number;
	decidedByName: string | null;
	evidence: Evidence[];
}

export interface DecisionInput {
	outcome: unknown;
	versionId: unknown;
	rationale: unknown;
	moveStatus: boolean;
	figures: { label: unknown; value: unknown }[];
	links: { label: unknown; url: unknown }[];
	/** Refs chosen among the offered feedback rounds / board sections. */
	rounds: unknown[];
	sections: unknown[];
}

/** How many figure and link rows the decision form offers. */
export const EVIDENCE_ROWS = { figures: 3, links: 2 } as const;

/**
 * The decision fields of a submitted form, unchecked. Figures and links come as numbered rows
 * (`figure_label_0`, …) so a refused form can echo each row back as it was typed.
 */
export function decisionInputFrom(data: FormData): DecisionInput {
	const range = (n: number) => Array.from({ length: n }, (_, i) => i);
	return {
		outcome: data.get('outcome'),
		versionId: data.get('version') ?? '',
		rationale: data.get('rationale'),
		moveStatus: data.get('move_status') === 'on',
		figures: range(EVIDENCE_ROWS.figures).map((i) => ({ label: data.get(`figure_label_${i}`), value: data.get(`figure_value_${i}`) })),
		links: range(EVIDENCE_ROWS.links).map((i) => ({ label: data.get(`link_label_${i}`), url: data.get(`link_url_${i}`) })),
		rounds: data.getAll('evidence_round'),
		sections: data.getAll('evidence_section')
	};
}

const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';

function isWebUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'https:' || url.protocol === 'http:';
	} catch {
		return false;
	}
}

/**
 * Records what the team decided after a test (iterate, pilot, scale or drop) and why, with
 * its evidence; when asked, moves the prototype to the status the decision points to in the
 * same transaction, so a refused move saves nothing. Access is the caller's (canEdit).
 * `offered` lists the feedback rounds and board sections the page offered: a ref outside it is
 * refused rather than trusted, and labels are taken from it, not from the form.
 */
export async function recordDecision(
	db: DB,
	prototypeId: string,
	input: DecisionInput,
	userId: string,
	offered: { rounds: EvidenceChoice[]; sections: EvidenceChoice[] } = { rounds: [], sections: [] },
	now = Date.now()
): Promise<{ id: string }> {
	const check = new Checker();
	const outcome = check.oneOf('outcome', input.outcome, DECISION_OUTCOMES);
	const rationale = check.text('rationale', input.rationale, { min: 10, max: 4000 });
	const evidence: Evidence[] = [];
	input.figures.forEach((row, i) => {
		if (blank(row.label) && blank(row.value)) return;
		const label = check.text(`figure_label_${i}`, row.label, { min: 2, max: 200 });
		const value = check.text(`figure_value_${i}`, row.value, { min: 1, max: 100 });
		evidence.push({ kind: 'figure', ref: null, label, value });
	});
	input.links.forEach((row, i) => {
		if (blank(row.label) && blank(row.url)) return;
		const label = check.text(`link_label_${i}`, row.label, { min: 2, max: 200 });
		const url = check.text(`link_url_${i}`, row.url, { min: 8, max: 2000 });
		if (url && !isWebUrl(url)) check.add(`link_url_${i}`, 'invalid_url');
		evidence.push({ kind: 'link', ref: url, label, value: '' });
	});
	for (const [kind, refs, choices] of [
		['feedback_round', input.rounds, offered.rounds],
		['board_section', input.sections, offered.sections]
	] as const) {
		for (const ref of new Set(refs)) {
			const choice = choices.find((c) => c.ref === ref);
			if (!choice) check.add('evidence', 'invalid_choice');
			else evidence.push({ kind, ref: choice.ref, label: choice.label, value: '' });
		}
	}
	check.done();

	const id = newId();
	await db.transaction().execute(async (trx) => {
		// Decisions and status moves of one prototype take turns (status.ts reads the status).
		if (!(await lockRow(trx, 'prototypes', prototypeId))) refuse('not_found');
		let versionId: string | null = null;
		if (typeof input.versionId === 'string' && input.versionId !== '') {
			const version = await trx
				.selectFrom('prototype_versions')
				.select('id')
				.where('id', '=', input.versionId)
				.where('prototype_id', '=', prototypeId)
				.executeTakeFirst();
			if (!version) refuse('invalid_choice', 'version');
			versionId = version.id;
		}
		await trx
			.insertInto('prototype_decisions')
			.values({ id, prototype_id: prototypeId, version_id: versionId, outcome, rationale, decided_by: userId, decided_at: now })
			.execute();
		if (evidence.length > 0) {
			await trx
				.insertInto('prototype_decision_evidence')
				.values(
					evidence.map((e, position) => ({ id: newId(), decision_id: id, kind: e.kind, ref_id: e.ref, label: e.label, value: e.value, position }))
				)
				.execute();
		}
		if (input.moveStatus) {
			const target = statusForOutcome(outcome);
			const current = await trx.selectFrom('prototypes').select('status').where('id', '=', prototypeId).executeTakeFirstOrThrow();
			if (current.status !== target) await applyStatusChange(trx, prototypeId, target, rationale, userId, now, 'outcome');
		}
		await trx.updateTable('prototypes').set({ updated_at: now }).where('id', '=', prototypeId).execute();
	});
	return { id };
}

/** A prototype's decisions, newest first, each with its evidence in the order given. */
export async function listDecisions(db: DB, prototypeId: string): Promise<Decision[]> {
	const rows = await db
		.selectFrom('prototype_decisions')
		.leftJoin('users', 'users.id', 'prototype_decisions.decided_by')
		.leftJoin('prototype_versions', 'prototype_versions.id', 'prototype_decisions.version_id')
		.select([
			'prototype_decisions.id',
			'prototype_decisions.version_id',
			'prototype_versions.number',
			'prototype_decisions.outcome',
			'prototype_decisions.rationale',
			'prototype_decisions.decided_at',
			'users.name'
		])
		.where('prototype_decisions.prototype_id', '=', prototypeId)
		.orderBy('prototype_decisions.decided_at', 'desc')
		.execute();
	const evidence = rows.length
		? await db
				.selectFrom('prototype_decision_evidence')
				.selectAll()
				.where(
					'decision_id',
					'in',
					rows.map((r) => r.id)
				)
				.orderBy('position')
				.execute()
		: [];
	return rows.map((r) => ({
		id: r.id,
		versionId: r.version_id,
		versionNumber: r.number === null ? null : Number(r.number),
		outcome: r.outcome as DecisionOutcome,
		rationale: r.rationale,
		decidedAt: Number(r.decided_at),
		decidedByName: r.name,
		evidence: evidence
			.filter((e) => e.decision_id === r.id)
			.map((e) => ({ kind: e.kind as EvidenceKind, ref: e.ref_id, label: e.label, value: e.value }))
	}));
}
