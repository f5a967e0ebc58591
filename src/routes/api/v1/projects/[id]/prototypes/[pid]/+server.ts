import type { RequestHandler } from '@sveltejs/kit';
import { api, apiProjectAccess, notFound } from '$lib/server/api/respond';
import { findPrototypeById } from '$lib/server/prototypes/prototypes';
import { listStatusChanges } from '$lib/server/prototypes/status';
import { listVersions } from '$lib/server/prototypes/versions';
import { listDecisions } from '$lib/server/prototypes/decisions';
import { listIdeaLinks } from '$lib/server/prototypes/ideas';
import { buildTimeline } from '$lib/server/prototypes/timeline';

export const GET: RequestHandler = (event) =>
	api(async () => {
		const access = await apiProjectAccess(event, event.params.id ?? '');
		const db = event.locals.db;
		const prototype = await findPrototypeById(db, event.params.pid ?? '');
		if (!prototype || prototype.projectId !== access.projectId) throw notFound();
		const [statusChanges, versions, decisions, ideas] = await Promise.all([
			listStatusChanges(db, prototype.id),
			listVersions(db, prototype.id),
			listDecisions(db, prototype.id),
			listIdeaLinks(db, prototype.id)
		]);
		const timeline = buildTimeline({ statusChanges, versions, decisions, ideas });
		if (!access.anonymous) return { prototype, versions, decisions, timeline };
		// The public gets the work, not the people: no owner, no "by", no uploader.
		const { ownerId: _ownerId, ownerName: _ownerName, ...work } = prototype;
		return {
			prototype: work,
			versions: versions.map((v) => ({
				number: v.number,
				changes: v.changes,
				rationale: v.rationale,
				createdAt: v.createdAt,
				testPlan: v.testPlan
					? {
							hypotheses: v.testPlan.hypotheses,
							successCriteria: v.testPlan.successCriteria,
							targetGroup: v.testPlan.targetGroup,
							method: v.testPlan.method,
							startsOn: v.testPlan.startsOn,
							endsOn: v.testPlan.endsOn
						}
					: null
			})),
			decisions: decisions.map((d) => ({ outcome: d.outcome, rationale: d.rationale, decidedAt: d.decidedAt, versionNumber: d.versionNumber })),
			timeline: timeline.map(({ by: _by, ...event }) => event)
		};
	});
