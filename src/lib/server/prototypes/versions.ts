import type { DB } from '../db/open.ts';
import { newId } from '../ids.ts';
import { Checker, InputError, refuse } from '../validation.ts';
import {
	checkUploads,
	removeStoredFiles,
	type CheckedUpload,
	type UploadLimits,
	writeUploads,
	type StoredFile,
	type Upload
} from '../files/attachments.ts';
import type { TestPlan } from './test-plans.ts';

export interface Attachment {
	id: string;
	versionId: string;
	originalName: string;
	contentType: string;
	sizeBytes: number;
	uploadedAt: number;
	uploadedByName: string | null;
}

export interface Version {
	id: string;
	prototypeId: string;
	number: number;
	changes: string;
	rationale: string;
	createdAt: number;
	createdByName: string | null;
	attachments: Attachment[];
	testPlan: TestPlan | null;
}

/** Where attachment files go, and who is adding them. */
export interface UploadContext {
	dir: string;
	userId: string;
	limits?: UploadLimits;
	now?: number;
}

async function insertAttachmentRows(trx: DB, versionId: string, files: readonly StoredFile[], userId: string, now: number) {
	if (files.length === 0) return;
	await trx
		.insertInto('prototype_attachments')
		.values(
			files.map((f) => ({
				id: newId(),
				version_id: versionId,
				storage_name: f.storageName,
				original_name: f.originalName,
				content_type: f.type.mime,
				size_bytes: f.bytes.byteLength,
				sha256: f.sha256,
				uploaded_by: userId,
				uploaded_at: now
			}))
		)
		.execute();
}

/**
 * Adds the next version (v1, v2, …) with what changed, why, and its attachments. Every field
 * and every file is checked before anything is written; if the database refuses, the files
 * written are removed again. Access is the caller's to check (canEdit).
 */
export async function addVersion(
	db: DB,
	prototypeId: string,
	input: { changes: unknown; rationale: unknown },
	uploads: readonly Upload[],
	context: UploadContext
): Promise<{ id: string; number: number }> {
	const now = context.now ?? Date.now();
	const check = new Checker();
	const changes = check.text('changes', input.changes, { min: 3, max: 4000 });
	const rationale = check.text('rationale', input.rationale, { min: 3, max: 4000 });
	let checked: CheckedUpload[] = [];
	try {
		checked = await checkUploads(uploads, 'files', context.limits);
	} catch (err) {
		// Report field problems and file problems together, so one round trip shows them all.
		if (!(err instanceof InputError)) throw err;
		for (const issue of err.issues) check.add(issue.field, issue.code, issue.params);
	}
	check.done();

	const stored = await writeUploads(context.dir, checked);
	try {
		return await db.transaction().execute(async (trx) => {
			const prototype = await trx.selectFrom('prototypes').select('id').where('id', '=', prototypeId).executeTakeFirst();
			if (!prototype) refuse('not_found');
			const last = await trx
				.selectFrom('prototype_versions')
				.select((eb) => eb.fn.max<number>('number').as('n'))
				.where('prototype_id', '=', prototypeId)
				.executeTakeFirst();
			const number = Number(last?.n ?? 0) + 1;
			const id = newId();
			await trx
				.insertInto('prototype_versions')
				.values({ id, prototype_id: prototypeId, number, changes, rationale, created_by: context.userId, created_at: now })
				.execute();
			await insertAttachmentRows(trx, id, stored, context.userId, now);
			await trx.updateTable('prototypes').set({ updated_at: now }).where('id', '=', prototypeId).execute();
			return { id, number };
		});
	} catch (err) {
		await removeStoredFiles(context.dir, stored.map((s) => s.storageName));
		throw err;
	}
}

/** Adds attachments to an existing version of `prototypeId`. Access: canEdit. */
export async function addAttachments(
	db: DB,
	prototypeId: string,
	versionId: string,
	uploads: readonly Upload[],
	context: UploadContext
): Promise<number> {
	const now = context.now ?? Date.now();
	if (uploads.length === 0) refuse('attachment_none', 'files');
	const checked = await checkUploads(uploads, 'files', context.limits);
	const stored = await writeUploads(context.dir, checked);
	try {
		await db.transaction().execute(async (trx) => {
			const version = await trx
				.selectFrom('prototype_versions')
				.select('id')
				.where('id', '=', versionId)
				.where('prototype_id', '=', prototypeId)
				.executeTakeFirst();
			if (!version) refuse('not_found');
			await insertAttachmentRows(trx, versionId, stored, context.userId, now);
			await trx.updateTable('prototypes').set({ updated_at: now }).where('id', '=', prototypeId).execute();
		});
	} catch (err) {
		await removeStoredFiles(context.dir, stored.map((s) => s.storageName));
		throw err;
	}
	return stored.length;
}

/** An attachment of `prototypeId`, with where its bytes are; null if it is not one of its own. */
export async function findAttachment(db: DB, prototypeId: string, attachmentId: string) {
	const row = await db
		.selectFrom('prototype_attachments')
		.innerJoin('prototype_versions', 'prototype_versions.id', 'prototype_attachments.version_id')
		.select([
			'prototype_attachments.id',
			'prototype_attachments.storage_name',
			'prototype_attachments.original_name',
			'prototype_attachments.content_type'
		])
		.where('prototype_attachments.id', '=', attachmentId)
		.where('prototype_versions.prototype_id', '=', prototypeId)
		.executeTakeFirst();
	if (!row) return null;
	return { id: row.id, storageName: row.storage_name, originalName: row.original_name, contentType: row.content_type };
}

/** Deletes an attachment's row, then its file. Access: canEdit. */
export async function removeAttachment(db: DB, dir: string, prototypeId: string, attachmentId: string, now = Date.now()) {
	const attachment = await findAttachment(db, prototypeId, attachmentId);
	if (!attachment) refuse('not_found');
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('prototype_attachments').where('id', '=', attachment.id).execute();
		await trx.updateTable('prototypes').set({ updated_at: now }).where('id', '=', prototypeId).execute();
	});
	// After the commit: a file without a row is only litter, a row without a file is a broken link.
	await removeStoredFiles(dir, [attachment.storageName]);
}

/** A prototype's versions, newest first, each with its attachments and test plan. */
export async function listVersions(db: DB, prototypeId: string): Promise<Version[]> {
	const versions = await db
		.selectFrom('prototype_versions')
		.leftJoin('users', 'users.id', 'prototype_versions.created_by')
		.select([
			'prototype_versions.id',
			'prototype_versions.number',
			'prototype_versions.changes',
			'prototype_versions.rationale',
			'prototype_versions.created_at',
			'users.name'
		])
		.where('prototype_versions.prototype_id', '=', prototypeId)
		.orderBy('prototype_versions.number', 'desc')
		.execute();
	if (versions.length === 0) return [];
	const ids = versions.map((v) => v.id);
	const [attachments, plans] = await Promise.all([
		db
			.selectFrom('prototype_attachments')
			.leftJoin('users', 'users.id', 'prototype_attachments.uploaded_by')
			.select([
				'prototype_attachments.id',
				'prototype_attachments.version_id',
				'prototype_attachments.original_name',
				'prototype_attachments.content_type',
				'prototype_attachments.size_bytes',
				'prototype_attachments.uploaded_at',
				'users.name'
			])
			.where('prototype_attachments.version_id', 'in', ids)
			.orderBy('prototype_attachments.uploaded_at')
			.orderBy('prototype_attachments.original_name')
			.execute(),
		db
			.selectFrom('prototype_test_plans')
			.leftJoin('users', 'users.id', 'prototype_test_plans.created_by')
			.selectAll('prototype_test_plans')
			.select('users.name as created_by_name')
			.where('prototype_test_plans.version_id', 'in', ids)
			.execute()
	]);
	return versions.map((v) => {
		const plan = plans.find((p) => p.version_id === v.id);
		return {
			id: v.id,
			prototypeId,
			number: Number(v.number),
			changes: v.changes,
			rationale: v.rationale,
			createdAt: Number(v.created_at),
			createdByName: v.name,
			attachments: attachments
				.filter((a) => a.version_id === v.id)
				.map((a) => ({
					id: a.id,
					versionId: a.version_id,
					originalName: a.original_name,
					contentType: a.content_type,
					sizeBytes: Number(a.size_bytes),
					uploadedAt: Number(a.uploaded_at),
					uploadedByName: a.name
				})),
			testPlan: plan
				? {
						id: plan.id,
						versionId: plan.version_id,
						hypotheses: plan.hypotheses,
						successCriteria: plan.success_criteria,
						targetGroup: plan.target_group,
						method: plan.method,
						startsOn: plan.starts_on,
						endsOn: plan.ends_on,
						createdAt: Number(plan.created_at),
						createdByName: plan.created_by_name,
						updatedAt: Number(plan.updated_at)
					}
				: null
		};
	});
}
