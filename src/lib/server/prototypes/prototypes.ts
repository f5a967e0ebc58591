import type { DB } from '../db/open.ts';
import { lockRow } from '../db/locks.ts';
import type { SessionUser } from '../auth/session.ts';
import { newId } from '../ids.ts';
import { Checker, refuse } from '../validation.ts';
import { FIDELITIES, type Fidelity, type PrototypeStatus } from '../../domain/prototype-lifecycle.ts';
import { insertIdeaLinks, type IdeaSnapshot } from './ideas.ts';
import { type PrototypeSummary } from '../../domain/prototypes.ts';
export { type PrototypeSummary };

export interface PrototypeInput {
	title: unknown;
	summary: unknown;
	/** Optional English title and summary ('' or absent: none). */
	titleEn?: unknown;
	summaryEn?: unknown;
	audience: unknown;
	learningGoal: unknown;
	owner: unknown;
	fidelity: unknown;
	tags: unknown;
}

/** The prototype fields of a submitted form, unchecked. */
export function prototypeInputFrom(data: FormData): PrototypeInput {
	return {
		title: data.get('title'),
		summary: data.get('summary'),
		titleEn: data.get('title_en') ?? '',
		summaryEn: data.get('summary_en') ?? '',
		audience: data.get('audience'),
		learningGoal: data.get('learning_goal'),
		owner: data.get('owner') ?? '',
		fidelity: data.get('fidelity'),
		tags: data.get('tags') ?? ''
	};
}

export interface OwnerChoice {
	id: string;
	name: string;
}

/** Who may own a prototype: the project's facilitators and members (the people who edit it). */
export async function listOwnerChoices(db: DB, projectId: string): Promise<OwnerChoice[]> {
	return db
		.selectFrom('project_members')
		.innerJoin('users', 'users.id', 'project_members.user_id')
		.select(['users.id', 'users.name'])
		.where('project_members.project_id', '=', projectId)
		.where('project_members.role', 'in', ['facilitator', 'member'])
		.where('users.disabled', '=', 0)
		.orderBy('users.name')
		.execute();
}

async function checkPrototypeInput(db: DB, projectId: string, input: PrototypeInput) {
	const check = new Checker();
	const title = check.text('title', input.title, { min: 3, max: 160 });
	const summary = check.text('summary', input.summary, { min: 10, max: 4000 });
	const titleEn = optionalText(check, 'title_en', input.titleEn, { min: 3, max: 160 });
	const summaryEn = optionalText(check, 'summary_en', input.summaryEn, { min: 10, max: 4000 });
	const audience = check.text('audience', input.audience, { min: 3, max: 1000 });
	const learningGoal = check.text('learning_goal', input.learningGoal, { min: 10, max: 2000 });
	const fidelity = check.oneOf('fidelity', input.fidelity, FIDELITIES);
	const tags = check.tags('tags', input.tags);
	let ownerId: string | null = null;
	if (typeof input.owner === 'string' && input.owner !== '') {
		const owners = await listOwnerChoices(db, projectId);
		if (owners.some((o) => o.id === input.owner)) ownerId = input.owner;
		else check.add('owner', 'prototype_owner_not_on_team');
	}
	check.done();
	return { title, summary, titleEn, summaryEn, audience, learningGoal, fidelity, tags, ownerId };
}

/** An optional text field: null when left empty, otherwise checked like a required one. */
function optionalText(check: Checker, field: string, value: unknown, limits: { min: number; max: number }): string | null {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return null;
	return check.text(field, value, limits);
}

/**
 * Registers a prototype in a project as an idea, with the Ideate notes it came from (their
 * text kept as a snapshot) and the first entry of its status history — all or nothing.
 * Access is the caller's to check (canEdit).
 */
export async function createPrototype(
	db: DB,
	projectId: string,
	input: PrototypeInput,
	creator: SessionUser,
	options: { ideas?: IdeaSnapshot[]; reason?: string; now?: number } = {}
): Promise<{ id: string }> {
	const now = options.now ?? Date.now();
	const fields = await checkPrototypeInput(db, projectId, input);
	const id = newId();
	await db.transaction().execute(async (trx) => {
		const project = await trx.selectFrom('projects').select('id').where('id', '=', projectId).executeTakeFirst();
		if (!project) refuse('not_found');
		await trx
			.insertInto('prototypes')
			.values({
				id,
				project_id: projectId,
				title: fields.title,
				summary: fields.summary,
				title_en: fields.titleEn,
				summary_en: fields.summaryEn,
				audience: fields.audience,
				learning_goal: fields.learningGoal,
				owner_id: fields.ownerId ?? creator.id,
				fidelity: fields.fidelity,
				status: 'idea',
				status_changed_at: now,
				created_by: creator.id,
				created_at: now,
				updated_at: now
			})
			.execute();
		if (fields.tags.length > 0) {
			await trx
				.insertInto('prototype_tags')
				.values(fields.tags.map((tag) => ({ prototype_id: id, tag })))
				.execute();
		}
		await trx
			.insertInto('prototype_status_changes')
			.values({
				id: newId(),
				prototype_id: id,
				from_status: null,
				to_status: 'idea',
				reason: options.reason ?? '',
				changed_by: creator.id,
				changed_at: now
			})
			.execute();
		await insertIdeaLinks(trx, id, options.ideas ?? [], creator.id, now);
		await trx.updateTable('projects').set({ updated_at: now }).where('id', '=', projectId).execute();
	});
	return { id };
}

/** Updates a prototype's details (not its status: that is `changeStatus`). Access: canEdit. */
export async function updatePrototype(db: DB, prototypeId: string, input: PrototypeInput, now = Date.now()): Promise<void> {
	const existing = await db.selectFrom('prototypes').select('project_id').where('id', '=', prototypeId).executeTakeFirst();
	if (!existing) refuse('not_found');
	const fields = await checkPrototypeInput(db, existing.project_id, input);
	await db.transaction().execute(async (trx) => {
		// Edits of one prototype take turns: two replacing its tags at once would clash on the key.
		await lockRow(trx, 'prototypes', prototypeId);
		await trx
			.updateTable('prototypes')
			.set({
				title: fields.title,
				summary: fields.summary,
				title_en: fields.titleEn,
				summary_en: fields.summaryEn,
				audience: fields.audience,
				learning_goal: fields.learningGoal,
				fidelity: fields.fidelity,
				...(fields.ownerId ? { owner_id: fields.ownerId } : {}),
				updated_at: now
			})
			.where('id', '=', prototypeId)
			.execute();
		await trx.deleteFrom('prototype_tags').where('prototype_id', '=', prototypeId).execute();
		if (fields.tags.length > 0) {
			await trx
				.insertInto('prototype_tags')
				.values(fields.tags.map((tag) => ({ prototype_id: prototypeId, tag })))
				.execute();
		}
	});
}

/** Marks a prototype as changed now ("no update in N days" reads this). */
export async function touchPrototype(db: DB, prototypeId: string, now: number): Promise<void> {
	await db.updateTable('prototypes').set({ updated_at: now }).where('id', '=', prototypeId).execute();
}

function baseQuery(db: DB) {
	return db
		.selectFrom('prototypes')
		.leftJoin('users as owner', 'owner.id', 'prototypes.owner_id')
		.select((eb) => [
			'prototypes.id',
			'prototypes.project_id',
			'prototypes.title',
			'prototypes.summary',
			'prototypes.title_en',
			'prototypes.summary_en',
			'prototypes.audience',
			'prototypes.learning_goal',
			'prototypes.owner_id',
			'owner.name as owner_name',
			'prototypes.fidelity',
			'prototypes.status',
			'prototypes.status_changed_at',
			'prototypes.created_at',
			'prototypes.updated_at',
			eb
				.selectFrom('prototype_versions')
				.select((v) => v.fn.countAll<number>().as('n'))
				.whereRef('prototype_versions.prototype_id', '=', 'prototypes.id')
				.as('version_count')
		]);
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

async function withTags(db: DB, rows: BaseRow[]): Promise<PrototypeSummary[]> {
	const tags = rows.length
		? await db
				.selectFrom('prototype_tags')
				.select(['prototype_id', 'tag'])
				.where(
					'prototype_id',
					'in',
					rows.map((r) => r.id)
				)
				.orderBy('tag')
				.execute()
		: [];
	const byPrototype = new Map<string, string[]>();
	for (const t of tags) byPrototype.set(t.prototype_id, [...(byPrototype.get(t.prototype_id) ?? []), t.tag]);
	return rows.map((r) => ({
		id: r.id,
		projectId: r.project_id,
		title: r.title,
		titleEn: r.title_en,
		summary: r.summary,
		summaryEn: r.summary_en,
		audience: r.audience,
		learningGoal: r.learning_goal,
		ownerId: r.owner_id,
		ownerName: r.owner_name,
		fidelity: r.fidelity as Fidelity,
		status: r.status as PrototypeStatus,
		statusChangedAt: Number(r.status_changed_at),
		tags: byPrototype.get(r.id) ?? [],
		versionCount: Number(r.version_count ?? 0),
		createdAt: Number(r.created_at),
		updatedAt: Number(r.updated_at)
	}));
}

/** One prototype, or null. Callers check that it belongs to the project in the route. */
export async function findPrototypeById(db: DB, id: string): Promise<PrototypeSummary | null> {
	const row = await baseQuery(db).where('prototypes.id', '=', id).executeTakeFirst();
	if (!row) return null;
	const [prototype] = await withTags(db, [row]);
	return prototype ?? null;
}

/** A project's prototypes, most recently changed first. */
export async function listProjectPrototypes(db: DB, projectId: string): Promise<PrototypeSummary[]> {
	const rows = await baseQuery(db)
		.where('prototypes.project_id', '=', projectId)
		.orderBy('prototypes.updated_at', 'desc')
		.orderBy('prototypes.id')
		.execute();
	return withTags(db, rows);
}
