import { projectRights } from '../projects/access.ts';
import { mayReadResponses } from '../feedback/guard.ts';
import { ROLES, type Role } from '../../domain/roles.ts';
import { PROJECT_ROLES, type ProjectRole } from '../../domain/stages.ts';

/**
 * Who gets what from an endpoint, decided by the rules the pages use (projects/access.ts,
 * feedback/guard.ts) — and nothing else: the handlers ask an audience for the caller's view,
 * and the API index and the OpenAPI document describe an audience by asking it the same
 * question for every kind of caller. So a label can never say "team only" of something anyone
 * signed in may read.
 */

/** What a caller sees of a project through an endpoint: as its team does, as the public does, or nothing. */
export type View = 'team' | 'public' | 'none';

/** The facts an audience decides on: the caller's site role (null: not signed in) and place on the team. */
export interface CallerFacts {
	role: Role | null;
	teamRole: ProjectRole | null;
}

export interface Audience {
	id: 'anyone' | 'everyone' | 'project' | 'responses';
	/** The caller's view of a project that is (or is not) published. */
	view(caller: CallerFacts, published: boolean): View;
}

function projectView(caller: CallerFacts, published: boolean): View {
	if (caller.role && projectRights(caller.role, caller.teamRole).canView) return 'team';
	return published ? 'public' : 'none';
}

/** What is the same for everyone (the index, the document). */
export const ANYONE: Audience = { id: 'anyone', view: () => 'public' };

/** Lists with no project in the path: every caller is served, each with what they may see. */
export const EVERYONE: Audience = { id: 'everyone', view: projectView };

/** A project and its work: the team (and those who see every project) as it is; anyone else a published project as the public does. */
export const PROJECT: Audience = { id: 'project', view: projectView };

/** What citizens wrote: the project's team and admins only (feedback/guard.ts). */
export const RESPONSES: Audience = {
	id: 'responses',
	view: (caller, published) => {
		if (projectView(caller, published) !== 'team') return 'none';
		return mayReadResponses({ role: caller.role! }, { teamRole: caller.teamRole }) ? 'team' : 'none';
	}
};

/** A kind of caller, as the audience labels name them. */
export type CallerKind = { kind: 'anonymous' } | { kind: 'account'; role: Role } | { kind: 'team'; teamRole: ProjectRole; role: Role };

/**
 * Every kind of caller worth telling apart: not signed in; signed in with each site role but not
 * on the team; on the team in each team role (as a plain member account: a site role adds
 * rights of its own, which the "account" rows already show).
 */
export const CALLER_KINDS: readonly CallerKind[] = [
	{ kind: 'anonymous' },
	...ROLES.map((role): CallerKind => ({ kind: 'account', role })),
	...PROJECT_ROLES.map((teamRole): CallerKind => ({ kind: 'team', teamRole, role: 'member' }))
];

export function factsOf(caller: CallerKind): CallerFacts {
	if (caller.kind === 'anonymous') return { role: null, teamRole: null };
	if (caller.kind === 'account') return { role: caller.role, teamRole: null };
	return { role: caller.role, teamRole: caller.teamRole };
}

/** What a group of callers gets: on a published project, and on one that is not. */
export interface Outcome {
	published: View;
	unpublished: View;
}

/** Callers grouped by what they get, widest view first: the audience, as its label states it. */
export function describeAudience(audience: Audience): { callers: CallerKind[]; outcome: Outcome }[] {
	const groups = new Map<string, { callers: CallerKind[]; outcome: Outcome }>();
	for (const caller of CALLER_KINDS) {
		const facts = factsOf(caller);
		const outcome = { published: audience.view(facts, true), unpublished: audience.view(facts, false) };
		const key = `${outcome.published}/${outcome.unpublished}`;
		const group = groups.get(key) ?? { callers: [], outcome };
		group.callers.push(caller);
		groups.set(key, group);
	}
	const rank = (v: View) => ['team', 'public', 'none'].indexOf(v);
	return [...groups.values()].sort(
		(a, b) => rank(a.outcome.unpublished) - rank(b.outcome.unpublished) || rank(a.outcome.published) - rank(b.outcome.published)
	);
}
