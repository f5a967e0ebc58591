import { STAGES, VISIBILITIES, PROJECT_ROLES } from '../../domain/stages.ts';
import { DECISION_OUTCOMES, FIDELITIES, PROTOTYPE_STATUSES } from '../../domain/prototype-lifecycle.ts';
import { CHANNELS, LANGUAGES, QUESTION_KINDS, STATUSES } from '../../domain/feedback.ts';

/**
 * The JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of what /api/v1 answers. The OpenAPI
 * document is built from these and the route table (endpoints.ts); tests/integration/
 * api-openapi.test.ts checks real answers against them. Fields only the project's team gets
 * are optional here and say so.
 */
export type Schema = Record<string, unknown>;

export const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
export const int = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });
export const num = (): Schema => ({ type: 'number' });
export const bool = (): Schema => ({ type: 'boolean' });
export const oneOf = (values: readonly string[]): Schema => ({ type: 'string', enum: [...values] });
export const arr = (items: Schema): Schema => ({ type: 'array', items });
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
/** The schema or null. */
export const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
/** Milliseconds since the epoch. */
export const ms = (): Schema => int({ description: 'milliseconds since 1970-01-01T00:00:00Z' });

/** An object whose properties are all required except those named in `optional`. */
export function obj(properties: Record<string, Schema>, optional: readonly string[] = []): Schema {
	return { type: 'object', properties, required: Object.keys(properties).filter((k) => !optional.includes(k)) };
}

const TEAM = "Only in the project's team view.";
const teamOnly = (schema: Schema): Schema => ({ ...schema, description: TEAM });

const section: Schema = obj({ id: str(), title: str(), key: str(), kind: str(), x: num(), y: num(), w: num(), h: num(), color: str() }, ['kind']);
const note: Schema = obj(
	{
		id: str(),
		text: str(),
		section: str(),
		x: num(),
		y: num(),
		w: num(),
		h: num(),
		color: str(),
		author: teamOnly(str()),
		created: teamOnly(ms()),
		source: teamOnly(obj({ kind: str(), id: str() })),
		fromFeedback: { type: 'boolean', description: "Citizens' words a moderator approved (the public view)." }
	},
	['author', 'created', 'source', 'fromFeedback']
);
const testPlan = obj(
	{
		id: teamOnly(str()),
		versionId: teamOnly(str()),
		hypotheses: str(),
		successCriteria: str(),
		targetGroup: str(),
		method: str(),
		startsOn: str({ format: 'date' }),
		endsOn: str({ format: 'date' }),
		createdAt: teamOnly(ms()),
		createdByName: teamOnly(nullable(str())),
		updatedAt: teamOnly(ms())
	},
	['id', 'versionId', 'createdAt', 'createdByName', 'updatedAt']
);

/** components.schemas of the OpenAPI document. */
export const COMPONENT_SCHEMAS: Record<string, Schema> = {
	Error: obj({
		error: obj(
			{
				code: str({
					description: 'Stable, for programs: not_found, invalid_query, invalid_token, sign_in_required, read_only_token, method_not_allowed, …'
				}),
				message: str({ description: "For people, in the caller's language (Accept-Language, then the lang cookie; Thai by default)." }),
				issues: arr(obj({ field: str(), code: str(), message: str() }))
			},
			['issues']
		)
	}),
	Pagination: obj({
		page: int({ minimum: 1 }),
		limit: int({ minimum: 1 }),
		total: int({ minimum: 0, description: 'Items on every page together.' }),
		pages: int({ minimum: 0 })
	}),
	Links: obj({
		self: str({ format: 'uri' }),
		first: str({ format: 'uri' }),
		last: str({ format: 'uri' }),
		prev: nullable(str({ format: 'uri' })),
		next: nullable(str({ format: 'uri' }))
	}),
	ProjectSummary: obj({
		id: str(),
		title: str(),
		titleEn: nullable(str()),
		challenge: str(),
		challengeEn: nullable(str()),
		agency: str(),
		stage: oneOf(STAGES),
		visibility: oneOf(VISIBILITIES),
		tags: arr(str()),
		updatedAt: ms()
	}),
	Project: obj({
		id: str(),
		title: str(),
		titleEn: nullable(str()),
		challenge: str(),
		challengeEn: nullable(str()),
		agency: str(),
		stage: oneOf(STAGES),
		visibility: oneOf(VISIBILITIES),
		tags: arr(str()),
		createdAt: ms(),
		updatedAt: ms()
	}),
	StageChange: obj(
		{
			id: str(),
			fromStage: nullable(oneOf(STAGES)),
			toStage: oneOf(STAGES),
			reason: str(),
			changedAt: ms(),
			changedBy: teamOnly(nullable(str())),
			changedByName: teamOnly(nullable(str()))
		},
		['changedBy', 'changedByName']
	),
	Publication: obj({ scope: oneOf(['board', 'sections']), publishedAt: ms() }),
	Section: section,
	Note: note,
	PrototypeSummary: obj(
		{
			id: str(),
			projectId: str(),
			title: str(),
			titleEn: nullable(str()),
			summary: str(),
			summaryEn: nullable(str()),
			audience: str(),
			learningGoal: str(),
			fidelity: oneOf(FIDELITIES),
			status: oneOf(PROTOTYPE_STATUSES),
			statusChangedAt: ms(),
			tags: arr(str()),
			versionCount: int({ minimum: 0 }),
			createdAt: ms(),
			updatedAt: ms(),
			ownerId: teamOnly(nullable(str())),
			ownerName: teamOnly(nullable(str()))
		},
		['ownerId', 'ownerName']
	),
	Version: obj(
		{
			id: teamOnly(str()),
			prototypeId: teamOnly(str()),
			number: int({ minimum: 1 }),
			changes: str(),
			rationale: str(),
			createdAt: ms(),
			createdByName: teamOnly(nullable(str())),
			attachments: teamOnly(arr(obj({ id: str(), originalName: str(), contentType: str(), sizeBytes: int() }))),
			testPlan: nullable(testPlan)
		},
		['id', 'prototypeId', 'createdByName', 'attachments']
	),
	Decision: obj(
		{
			id: teamOnly(str()),
			versionId: teamOnly(nullable(str())),
			versionNumber: nullable(int()),
			outcome: oneOf(DECISION_OUTCOMES),
			rationale: str(),
			decidedAt: ms(),
			decidedByName: teamOnly(nullable(str())),
			evidence: teamOnly(arr({ type: 'object' }))
		},
		['id', 'versionId', 'decidedByName', 'evidence']
	),
	TimelineEvent: {
		...obj({ kind: oneOf(['status', 'version', 'test_plan', 'decision', 'ideas']), id: str(), at: ms() }),
		description:
			"One dated event; its other fields follow its kind (status: from, to, reason; version: number, changes, attachments; test_plan: versionNumber, startsOn, endsOn; decision: outcome, rationale, versionNumber; ideas: the team gets the notes' texts, the public how many notes). Who did it ('by') only in the team's view."
	},
	Round: obj({
		id: str(),
		slug: str(),
		prototypeId: str(),
		prototypeTitle: str(),
		versionNumber: int({ minimum: 1 }),
		title: obj({ th: str(), en: str() }),
		languages: arr(oneOf(LANGUAGES)),
		opensAt: ms(),
		closesAt: ms(),
		responses: int({ minimum: 0 }),
		formUrl: str({ format: 'uri' })
	}),
	Question: obj({
		id: str(),
		kind: oneOf(QUESTION_KINDS),
		label: obj({ th: str(), en: str() }),
		required: bool(),
		options: arr(obj({ id: str(), th: str(), en: str() }))
	}),
	RoundResults: obj({
		responses: int({ minimum: 0 }),
		averageRating: nullable(num()),
		questions: arr(obj({ questionId: str(), answered: int(), bars: arr(obj({ key: str(), count: int() })), mean: nullable(num()) })),
		days: arr(obj({ day: str({ format: 'date' }), responses: int(), averageRating: nullable(num()) })),
		channels: arr(obj({ channel: oneOf(CHANNELS), responses: int(), averageRating: nullable(num()) }))
	}),
	Response: obj({
		id: str(),
		channel: oneOf(CHANNELS),
		locale: str(),
		status: oneOf(STATUSES),
		rating: nullable(num()),
		submittedAt: ms(),
		tags: arr(str()),
		onBoard: bool(),
		answers: arr(obj({ questionId: str(), optionIds: arr(str()), number: nullable(num()), text: nullable(str()) }))
	})
};

/** The body of a paginated list: its items under `key`, the page, and links to the others. */
export function pageOf(key: string, items: Schema): Schema {
	return obj({ [key]: arr(items), pagination: ref('Pagination'), links: ref('Links') });
}

export const TEAM_ROLE = oneOf(PROJECT_ROLES);
