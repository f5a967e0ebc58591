import { sql } from 'kysely';
import type { DB } from '../db/open.ts';
import { locking } from '../db/locks.ts';
import type { SessionUser } from '../auth/session.ts';
import { seesAllProjects } from '../../domain/roles.ts';
import { newId } from '../ids.ts';
import { Checker } from '../validation.ts';
import { BOARD_STAGES, STAGES, VISIBILITIES, type ProjectRole, type Stage, type Visibility } from '../../domain/stages.ts';
import { type ProjectSummary } from '../../domain/projects.ts';
export { type ProjectSummary };

export interface Project extends ProjectSummary {
	createdAt: number;
	createdBy: string | null;
}

export interface ProjectInput {
	title: unknown;
	challenge: unknown;
	/** Optional English title and challenge ('' or absent: none). */
	titleEn?: unknown;
	challengeEn?: unknown;
	agency: unknown;
	tags: unknown;
	visibility?: unknown;
}

/** The project fields of a submitted form, unchecked. */
export function projectInputFrom(data: FormData): ProjectInput {
	return {
		title: data.get('title'),
		challenge: data.get('challenge'),
		titleEn: data.get('title_en') ?? '',
		challengeEn: data.get('challenge_en') ?? '',
		agency: data.get('agency'),
		tags: data.get('tags') ?? '',
		visibility: data.get('visibility') ?? 'private'
	};
}

function checkProjectInput(input: ProjectInput) {
	const check = new Checker();
	const title = check.text('title', input.title, { min: 3, max: 160 });
	const challenge = check.text('challenge', input.challenge, { min: 10, max: 4000 });
	const titleEn = optionalText(check, 'title_en', input.titleEn, { min: 3, max: 160 });
	const challengeEn = optionalText(check, 'challenge_en', input.challengeEn, { min: 10, max: 4000 });
	const agency = check.text('agency', input.agency, { min: 2, max: 160 });
	const tags = check.tags('tags', input.tags);
	const visibility = input.visibility === undefined ? 'private' : check.oneOf('visibility', input.visibility, VISIBILITIES);
	check.done();
	return { title, challenge, titleEn, challengeEn, agency, tags, visibility };
}

/** An optional text field: null when left empty, otherwise checked like a required one. */
function optionalText(check: Checker, field: string, value: unknown, limits: { min: number; max: number }): string | null {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return null;
	return check.text(field, value, limits);
}

/**
 * Creates a project with its creator as facilitator, one board per board stage, and the first
 * entry of its stage history — all or nothing.
 */
export async function createProject(db: DB, input: ProjectInput, creator: SessionUser, now = Date.now()): Promise<Project> {
	const fields = checkProjectInput(input);
	const id = newId();
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('projects')
			.values({
				id,
				title: fields.title,
				challenge: fields.challenge,
				title_en: fields.titleEn,
				challenge_en: fields.challengeEn,
				agency: fields.agency,
				stage: 'empathize',
				visibility: fields.visibility,
				created_by: creator.id,
				created_at: now,
				updated_at: now
			})
			.execute();
		if (fields.tags.length > 0) {
			await trx
				.insertInto('project_tags')
				.values(fields.tags.map((tag) => ({ project_id: id, tag })))
				.execute();
		}
		await trx
			.insertInto('project_members')
			.values({ project_id: id, user_id: creator.id, role: 'facilitator', added_by: creator.id, added_at: now })
			.execute();
		await trx
			.insertInto('boards')
			.values(BOARD_STAGES.map((stage) => ({ id: newId(), project_id: id, stage, title: stage, created_at: now })))
			.execute();
		await trx
			.insertInto('stage_changes')
			.values({
				id: newId(),
				project_id: id,
				from_stage: null,
				to_stage: 'empathize',
				reason: '',
				changed_by: creator.id,
				changed_at: now
			})
			.execute();
	});
	return {
		id,
		...fields,
		stage: 'empathize',
		createdAt: now,
		updatedAt: now,
		createdBy: creator.id
	};
}

/** Updates a project's details. Access is the caller's to check (canManage). */
export async function updateProject(
	db: DB,
	projectId: string,
	input: ProjectInput,
	now = Date.now()
): Promise<{ visibility: { before: string; after: string } }> {
	const fields = checkProjectInput(input);
	return db.transaction().execute(async (trx) => {
		// Edits of one project take turns: two replacing its tags at once would clash on the key.
		const before = await locking(trx, trx.selectFrom('projects').select('visibility').where('id', '=', projectId)).executeTakeFirst();
		await trx
			.updateTable('projects')
			.set({
				title: fields.title,
				challenge: fields.challenge,
				title_en: fields.titleEn,
				challenge_en: fields.challengeEn,
				agency: fields.agency,
				visibility: fields.visibility,
				updated_at: now
			})
			.where('id', '=', projectId)
			.execute();
		await trx.deleteFrom('project_tags').where('project_id', '=', projectId).execute();
		if (fields.tags.length > 0) {
			await trx
				.insertInto('project_tags')
				.values(fields.tags.map((tag) => ({ project_id: projectId, tag })))
				.execute();
		}
		return { visibility: { before: before?.visibility ?? fields.visibility, after: fields.visibility } };
	});
}

export async function findProjectById(db: DB, id: string): Promise<Project | null> {
	const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
	if (!row) return null;
	const tags = await db.selectFrom('project_tags').select('tag').where('project_id', '=', id).orderBy('tag').execute();
	return {
		id: row.id,
		title: row.title,
		titleEn: row.title_en,
		challenge: row.challenge,
		challengeEn: row.challenge_en,
		agency: row.agency,
		stage: row.stage as Stage,
		visibility: row.visibility as Visibility,
		tags: tags.map((t) => t.tag),
		createdAt: row.created_at,
		updatedAt: row.updated_at,
		createdBy: row.created_by
	};
}

export interface ProjectFilter {
	/** Words to find in the title, challenge, agency or tags. */
	q?: string;
	stage?: string;
	agency?: string;
	/** Only projects the user is on the team of. */
	mine?: boolean;
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
function likePattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Which rows of the list: the first 500 unless told (the JSON API pages through all of them). */
export interface ProjectWindow {
	limit?: number;
	offset?: number;
}

/**
 * The projects a user may see, newest activity first, filtered. Without a user (the public),
 * only published projects.
 */
export async function listProjects(
	db: DB,
	user: SessionUser | null,
	filter: ProjectFilter = {},
	window: ProjectWindow = {}
): Promise<ProjectSummary[]> {
	const rows = await visibleProjects(db, user, filter)
		.selectAll('projects')
		.orderBy('projects.updated_at', 'desc')
		.orderBy('projects.id')
		.limit(window.limit ?? 500)
		.offset(window.offset ?? 0)
		.execute();
	const tags = rows.length
		? await db
				.selectFrom('project_tags')
				.select(['project_id', 'tag'])
				.where(
					'project_id',
					'in',
					rows.map((r) => r.id)
				)
				.orderBy('tag')
				.execute()
		: [];
	return rows.map((row) => ({
		id: row.id,
		title: row.title,
		titleEn: row.title_en,
		challenge: row.challenge,
		challengeEn: row.challenge_en,
		agency: row.agency,
		stage: row.stage as Stage,
		visibility: row.visibility as Visibility,
		tags: tags.filter((t) => t.project_id === row.id).map((t) => t.tag),
		updatedAt: row.updated_at
	}));
}

/** How many projects listProjects would find with no window. */
export async function countProjects(db: DB, user: SessionUser | null, filter: ProjectFilter = {}): Promise<number> {
	const row = await visibleProjects(db, user, filter)
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.executeTakeFirstOrThrow();
	return Number(row.count);
}

function visibleProjects(db: DB, user: SessionUser | null, filter: ProjectFilter) {
	let query = db.selectFrom('projects');
	if (!user) {
		query = query.where('projects.visibility', '=', 'published');
	} else {
		const member = db.selectFrom('project_members').select('project_id').where('user_id', '=', user.id);
		if (filter.mine) {
			query = query.where('projects.id', 'in', member);
		} else if (!seesAllProjects(user.role)) {
			query = query.where((eb) => eb.or([eb('projects.id', 'in', member), eb('projects.visibility', '=', 'published')]));
		}
	}
	if (filter.stage && (STAGES as readonly string[]).includes(filter.stage)) {
		query = query.where('projects.stage', '=', filter.stage);
	}
	if (filter.agency) query = query.where('projects.agency', '=', filter.agency);
	const q = filter.q?.trim().normalize('NFC');
	if (q) {
		const pattern = likePattern(q.toLowerCase());
		query = query.where((eb) =>
			eb.or([
				eb(eb.fn('lower', ['projects.title']), 'like', sql<string>`${pattern} escape '\\'`),
				eb(eb.fn('lower', ['projects.challenge']), 'like', sql<string>`${pattern} escape '\\'`),
				eb(eb.fn('lower', ['projects.agency']), 'like', sql<string>`${pattern} escape '\\'`),
				eb(
					'projects.id',
					'in',
					eb
						.selectFrom('project_tags')
						.select('project_id')
						.where((inner) => inner(inner.fn('lower', ['tag']), 'like', sql<string>`${pattern} escape '\\'`))
				)
			])
		);
	}
	return query;
}

/** Every agency that owns a project the user may see (for the filter). */
export async function listAgencies(db: DB, user: SessionUser): Promise<string[]> {
	const projects = await listProjects(db, user);
	return [...new Set(projects.map((p) => p.agency))].sort((a, b) => a.localeCompare(b, 'th'));
}

export interface ProjectMember {
	userId: string;
	name: string;
	email: string;
	role: ProjectRole;
	addedAt: number;
}

export async function listMembers(db: DB, projectId: string): Promise<ProjectMember[]> {
	const rows = await db
		.selectFrom('project_members')
		.innerJoin('users', 'users.id', 'project_members.user_id')
		.select(['users.id', 'users.name', 'users.email', 'project_members.role', 'project_members.added_at'])
		.where('project_members.project_id', '=', projectId)
		.orderBy('users.name')
		.execute();
	return rows.map((r) => ({
		userId: r.id,
		name: r.name,
		email: r.email,
		role: r.role as ProjectRole,
		addedAt: r.added_at
	}));
}

export interface Board {
	id: string;
	projectId: string;
	stage: string;
	title: string;
}

export async function listBoards(db: DB, projectId: string): Promise<Board[]> {
	const rows = await db.selectFrom('boards').select(['id', 'project_id', 'stage', 'title']).where('project_id', '=', projectId).execute();
	const order = (s: string) => STAGES.indexOf(s as Stage);
	return rows.map((r) => ({ id: r.id, projectId: r.project_id, stage: r.stage, title: r.title })).sort((a, b) => order(a.stage) - order(b.stage));
}
