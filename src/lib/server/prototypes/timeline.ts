import type { Decision } from './decisions.ts';
import type { IdeaLink } from './ideas.ts';
import type { StatusChange } from './status.ts';
import type { Version } from './versions.ts';
import { type TimelineEvent } from '../../domain/prototypes.ts';
export { type TimelineEvent };

// When two events share a millisecond they are ordered as they happen within one request: a
// prototype is created (its first status) with its ideas, then gets versions and plans, and
// a decision comes before the move it causes.
function rank(event: TimelineEvent): number {
	if (event.kind === 'status') return event.from === null ? -1 : 4;
	return { ideas: 0, version: 1, test_plan: 2, decision: 3 }[event.kind];
}

/** Everything that happened to a prototype, newest first, from what its page already loaded. */
export function buildTimeline(parts: {
	statusChanges: readonly StatusChange[];
	versions: readonly Version[];
	decisions: readonly Decision[];
	ideas: readonly IdeaLink[];
}): TimelineEvent[] {
	const events: TimelineEvent[] = [];
	for (const s of parts.statusChanges) {
		events.push({ kind: 'status', id: s.id, at: s.changedAt, by: s.changedByName, from: s.fromStatus, to: s.toStatus, reason: s.reason });
	}
	for (const v of parts.versions) {
		events.push({
			kind: 'version',
			id: v.id,
			at: v.createdAt,
			by: v.createdByName,
			number: v.number,
			changes: v.changes,
			attachments: v.attachments.length
		});
		if (v.testPlan) {
			const p = v.testPlan;
			events.push({
				kind: 'test_plan',
				id: p.id,
				at: p.createdAt,
				by: p.createdByName,
				versionNumber: v.number,
				startsOn: p.startsOn,
				endsOn: p.endsOn
			});
		}
	}
	for (const d of parts.decisions) {
		events.push({
			kind: 'decision',
			id: d.id,
			at: d.decidedAt,
			by: d.decidedByName,
			outcome: d.outcome,
			rationale: d.rationale,
			versionNumber: d.versionNumber
		});
	}
	// Notes linked together (at creation, or in one go later) are one event.
	const batches = new Map<string, IdeaLink[]>();
	for (const idea of parts.ideas) {
		const key = `${idea.linkedAt}:${idea.linkedByName ?? ''}`;
		batches.set(key, [...(batches.get(key) ?? []), idea]);
	}
	for (const batch of batches.values()) {
		const first = batch[0]!;
		events.push({ kind: 'ideas', id: `ideas-${first.id}`, at: first.linkedAt, by: first.linkedByName, texts: batch.map((i) => i.text) });
	}
	return events.sort((a, b) => b.at - a.at || rank(b) - rank(a));
}
