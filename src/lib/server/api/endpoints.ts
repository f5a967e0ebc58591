import { listNotes, listSections } from '$lib/board/notes';
import { findProjectById, listBoards, listMembers, listProjects, countProjects } from '../projects/projects.ts';
import { listStageChanges } from '../projects/stages.ts';
import { findProjectBoard, listPublicBoards, listPublications, readPublicBoard } from '../publication/publications.ts';
import { findPrototypeById, listProjectPrototypes } from '../prototypes/prototypes.ts';
import { listStatusChanges } from '../prototypes/status.ts';
import { listVersions } from '../prototypes/versions.ts';
import { listDecisions } from '../prototypes/decisions.ts';
import { listIdeaLinks } from '../prototypes/ideas.ts';
import { buildTimeline } from '../prototypes/timeline.ts';
import { listRoundsOfProject } from '../feedback/rounds.ts';
import { listQuestions } from '../feedback/questions.ts';
import { analyseRound } from '../feedback/analysis.ts';
import { listResponses, responseFilterFrom } from '../feedback/moderation.ts';
import { redactPersonalData } from '../feedback/redact.ts';
import { STAGES } from '../../domain/stages.ts';
import { CHANNELS, STATUSES } from '../../domain/feedback.ts';
import { ANYONE, EVERYONE, PROJECT, RESPONSES } from './audience.ts';
import { apiProjectAccess, notFound } from './respond.ts';
import { apiRound } from './feedback.ts';
import { Page, pageFromList } from './pagination.ts';
import { arr, bool, int, nullable, obj, pageOf, ref, str, TEAM_ROLE, type Schema } from './schemas.ts';
import type { Endpoint } from './serve.ts';
import { describeEndpoints, openApiDocument } from './openapi.ts';
import { m } from '$lib/paraglide/messages.js';

/**
 * The route table of /api/v1: every endpoint, what the document says of it, and the code that
 * answers it. Route files (src/routes/api/v1/…/+server.ts) only `serve` an entry of it, and the
 * OpenAPI document (openapi.ts) and the index are built from it, so neither can describe an
 * endpoint that does not run as described. Every endpoint is a read: GET (and HEAD).
 */

const projectsList: Endpoint = {
	id: 'listProjects',
	path: '/api/v1/projects',
	summary: () => m.api_ep_projects_summary(),
	description: () => m.api_ep_projects_description(),
	audience: EVERYONE,
	query: [
		{ name: 'q', schema: { type: 'string', maxLength: 200 }, description: () => m.api_param_q() },
		{ name: 'stage', schema: { type: 'string', enum: [...STAGES] }, description: () => m.api_param_stage() },
		{ name: 'agency', schema: { type: 'string', maxLength: 160 }, description: () => m.api_param_agency() }
	],
	paginated: true,
	response: pageOf('projects', ref('ProjectSummary')),
	async handle({ event, query, page }) {
		const { db, user } = event.locals;
		const filter = { q: (query.q as string) ?? '', stage: (query.stage as string) ?? '', agency: (query.agency as string) ?? '' };
		const [projects, total] = await Promise.all([
			listProjects(db, user, filter, { limit: page.limit, offset: page.offset }),
			countProjects(db, user, filter)
		]);
		return new Page('projects', projects, total, page);
	}
};

const project: Endpoint = {
	id: 'getProject',
	path: '/api/v1/projects/{id}',
	summary: () => m.api_ep_project_summary(),
	description: () => m.api_ep_project_description(),
	audience: PROJECT,
	response: obj(
		{
			project: ref('Project'),
			access: obj({ canEdit: bool(), canManage: bool(), role: nullable(TEAM_ROLE) }),
			stageHistory: arr(ref('StageChange')),
			boards: arr(obj({ id: str(), stage: str(), published: nullable(ref('Publication')) })),
			team: arr(obj({ userId: str(), name: str(), role: TEAM_ROLE })),
			createdBy: nullable(str())
		},
		['team', 'createdBy']
	),
	async handle({ event, params }) {
		const access = await apiProjectAccess(event, params.id!, PROJECT);
		const db = event.locals.db;
		const found = await findProjectById(db, access.projectId);
		if (!found) throw notFound();
		const history = await listStageChanges(db, found.id);
		const { createdBy, ...details } = found;
		if (access.publicView) {
			return {
				project: details,
				access: { canEdit: false, canManage: false, role: null },
				stageHistory: history.map(({ changedBy: _by, changedByName: _name, ...change }) => change),
				boards: (await listPublicBoards(db, found.id)).map(({ boardId, stage, scope, publishedAt }) => ({
					id: boardId,
					stage,
					published: { scope, publishedAt }
				}))
			};
		}
		const [boards, publications, team] = await Promise.all([listBoards(db, found.id), listPublications(db, found.id), listMembers(db, found.id)]);
		return {
			project: details,
			access: { canEdit: access.canEdit, canManage: access.canManage, role: access.teamRole },
			stageHistory: history,
			boards: boards.map(({ id, stage }) => {
				const publication = publications.find((p) => p.boardId === id);
				return { id, stage, published: publication ? { scope: publication.scope, publishedAt: publication.publishedAt } : null };
			}),
			team: team.map(({ userId, name, role }) => ({ userId, name, role })),
			createdBy
		};
	}
};

const board: Endpoint = {
	id: 'getBoard',
	path: '/api/v1/projects/{id}/boards/{boardId}',
	summary: () => m.api_ep_board_summary(),
	description: () => m.api_ep_board_description(),
	audience: PROJECT,
	response: obj(
		{
			board: obj({ id: str(), stage: str() }),
			published: ref('Publication'),
			sections: arr(ref('Section')),
			notes: arr(ref('Note'))
		},
		['published']
	),
	async handle({ event, params }) {
		const access = await apiProjectAccess(event, params.id!, PROJECT);
		const db = event.locals.db;
		if (access.publicView) {
			const published = await readPublicBoard(db, access.projectId, params.boardId!);
			if (!published) throw notFound();
			return {
				board: published.board,
				published: { scope: published.scope, publishedAt: published.publishedAt },
				sections: published.view.sections,
				notes: published.view.notes
			};
		}
		const found = await findProjectBoard(db, access.projectId, params.boardId!);
		if (!found) throw notFound();
		// The live document if anyone is on it, else the stored one.
		const { notes, sections } = await event.locals.runtime.collab.readBoard(found.id, (doc) => ({
			notes: listNotes(doc),
			sections: listSections(doc)
		}));
		return { board: found, sections, notes };
	}
};

const prototypes: Endpoint = {
	id: 'listPrototypes',
	path: '/api/v1/projects/{id}/prototypes',
	summary: () => m.api_ep_prototypes_summary(),
	description: () => m.api_ep_prototypes_description(),
	audience: PROJECT,
	paginated: true,
	response: pageOf('prototypes', ref('PrototypeSummary')),
	async handle({ event, params, page }) {
		const access = await apiProjectAccess(event, params.id!, PROJECT);
		const all = await listProjectPrototypes(event.locals.db, access.projectId);
		const shown = all.map(({ ownerId, ownerName, ...rest }) => (access.publicView ? rest : { ...rest, ownerId, ownerName }));
		return pageFromList('prototypes', shown, page);
	}
};

const prototype: Endpoint = {
	id: 'getPrototype',
	path: '/api/v1/projects/{id}/prototypes/{prototypeId}',
	summary: () => m.api_ep_prototype_summary(),
	description: () => m.api_ep_prototype_description(),
	audience: PROJECT,
	response: obj({
		prototype: ref('PrototypeSummary'),
		versions: arr(ref('Version')),
		decisions: arr(ref('Decision')),
		timeline: arr(ref('TimelineEvent'))
	}),
	async handle({ event, params }) {
		const access = await apiProjectAccess(event, params.id!, PROJECT);
		const db = event.locals.db;
		const found = await findPrototypeById(db, params.prototypeId!);
		if (!found || found.projectId !== access.projectId) throw notFound();
		const [statusChanges, versions, decisions, ideas] = await Promise.all([
			listStatusChanges(db, found.id),
			listVersions(db, found.id),
			listDecisions(db, found.id),
			listIdeaLinks(db, found.id)
		]);
		const timeline = buildTimeline({ statusChanges, versions, decisions, ideas });
		if (!access.publicView) return { prototype: found, versions, decisions, timeline };
		// The public gets the work, not the people: no owner, no "by", no uploader, no evidence.
		const { ownerId: _ownerId, ownerName: _ownerName, ...work } = found;
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
			// The notes a prototype came from are a board's words: the public gets how many, not what they say.
			timeline: timeline.map(({ by: _by, ...entry }) =>
				entry.kind === 'ideas' ? { kind: entry.kind, id: entry.id, at: entry.at, notes: entry.texts.length } : entry
			)
		};
	}
};

const rounds: Endpoint = {
	id: 'listFeedbackRounds',
	path: '/api/v1/projects/{id}/feedback',
	summary: () => m.api_ep_rounds_summary(),
	description: () => m.api_ep_rounds_description(),
	audience: PROJECT,
	paginated: true,
	response: pageOf('rounds', ref('Round')),
	async handle({ event, params, page }) {
		const access = await apiProjectAccess(event, params.id!, PROJECT);
		const all = await listRoundsOfProject(event.locals.db, access.projectId);
		const shown = all.map((r) => ({
			id: r.id,
			slug: r.slug,
			prototypeId: r.prototypeId,
			prototypeTitle: r.prototypeTitle,
			versionNumber: r.versionNumber,
			title: r.title,
			languages: r.languages,
			opensAt: r.opensAt,
			closesAt: r.closesAt,
			responses: r.responses,
			formUrl: `${event.url.origin}/f/${r.slug}`
		}));
		return pageFromList('rounds', shown, page);
	}
};

const round: Endpoint = {
	id: 'getFeedbackRound',
	path: '/api/v1/projects/{id}/feedback/{roundId}',
	summary: () => m.api_ep_round_summary(),
	description: () => m.api_ep_round_description(),
	audience: PROJECT,
	response: obj({
		round: obj({
			id: str(),
			slug: str(),
			title: obj({ th: str(), en: str() }),
			purpose: obj({ th: str(), en: str() }),
			opensAt: int(),
			closesAt: int(),
			languages: arr(str())
		}),
		questions: arr(ref('Question')),
		results: ref('RoundResults')
	}),
	async handle({ event, params }) {
		const access = await apiProjectAccess(event, params.id!, PROJECT);
		const found = await apiRound(event.locals.db, access.projectId, params.roundId!);
		const questions = await listQuestions(event.locals.db, found.id);
		const results = await analyseRound(event.locals.db, found.id, questions);
		return {
			round: {
				id: found.id,
				slug: found.slug,
				title: found.title,
				purpose: found.purpose,
				opensAt: found.opensAt,
				closesAt: found.closesAt,
				languages: found.languages
			},
			questions: questions.map(({ id, kind, label, required, options }) => ({ id, kind, label, required, options })),
			results
		};
	}
};

const responses: Endpoint = {
	id: 'listFeedbackResponses',
	path: '/api/v1/projects/{id}/feedback/{roundId}/responses',
	summary: () => m.api_ep_responses_summary(),
	description: () => m.api_ep_responses_description(),
	audience: RESPONSES,
	query: [
		{ name: 'status', schema: { type: 'string', enum: [...STATUSES] }, description: () => m.api_param_status() },
		{ name: 'channel', schema: { type: 'string', enum: [...CHANNELS] }, description: () => m.api_param_channel() },
		{ name: 'tag', schema: { type: 'string', maxLength: 40 }, description: () => m.api_param_tag() },
		{ name: 'q', schema: { type: 'string', maxLength: 200 }, description: () => m.api_param_q_responses() }
	],
	paginated: true,
	response: pageOf('responses', ref('Response')),
	async handle({ event, params, page }) {
		// What citizens wrote is for the project's team (and admins): an official who is not on it gets 404 too.
		const access = await apiProjectAccess(event, params.id!, RESPONSES);
		const found = await apiRound(event.locals.db, access.projectId, params.roundId!);
		const filter = { ...responseFilterFrom(event.url.searchParams), limit: page.limit, offset: page.offset };
		const { items, total } = await listResponses(event.locals.db, found.id, filter);
		const shown = items.map((r) => ({
			id: r.id,
			channel: r.channel,
			locale: r.locale,
			status: r.status,
			rating: r.rating,
			submittedAt: r.submittedAt,
			tags: r.tags,
			onBoard: r.onBoard,
			answers: r.answers.map((a) => ({ ...a, text: a.text === null ? null : redactPersonalData(a.text) }))
		}));
		return new Page('responses', shown, total, page);
	}
};

const view = str({ enum: ['team', 'public', 'none'] });
const audienceSchema: Schema = obj({
	label: str(),
	groups: arr(obj({ who: arr(str()), callers: arr(str()), published: view, unpublished: view, gets: str(), label: str() }))
});

const index: Endpoint = {
	id: 'getIndex',
	path: '/api/v1',
	summary: () => m.api_ep_index_summary(),
	description: () => m.api_ep_index_description(),
	audience: ANYONE,
	response: obj({
		version: int(),
		openapi: str({ format: 'uri' }),
		documentation: str({ format: 'uri' }),
		endpoints: arr(
			obj({
				method: str({ enum: ['GET'] }),
				path: str(),
				summary: str(),
				description: str(),
				audience: audienceSchema,
				query: { type: 'object', additionalProperties: str() },
				paginated: bool()
			})
		)
	}),
	async handle({ event }) {
		return {
			version: 1,
			openapi: `${event.url.origin}/api/v1/openapi.json`,
			documentation: `${event.url.origin}/api`,
			endpoints: describeEndpoints(API_ENDPOINTS)
		};
	}
};

const openapi: Endpoint = {
	id: 'getOpenApiDocument',
	path: '/api/v1/openapi.json',
	summary: () => m.api_ep_openapi_summary(),
	description: () => m.api_ep_openapi_description(),
	audience: ANYONE,
	response: obj({ openapi: str({ pattern: '^3\\.1\\.' }), info: { type: 'object' }, paths: { type: 'object' } }),
	async handle({ event }) {
		return openApiDocument(API_ENDPOINTS, event.url.origin);
	}
};

/** Every endpoint, in the order the index and the document list them. */
export const API_ENDPOINTS: readonly Endpoint[] = [index, openapi, projectsList, project, board, prototypes, prototype, rounds, round, responses];

/** The endpoint with this operationId (route files serve theirs by id). */
export function endpoint(id: string): Endpoint {
	const found = API_ENDPOINTS.find((e) => e.id === id);
	if (!found) throw new Error(`no API endpoint ${id}`);
	return found;
}
