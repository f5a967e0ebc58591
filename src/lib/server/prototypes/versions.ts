import type { DB } from '../db/open.ts';
import { lockRow } from '../db/locks.ts';
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
import type { BlobStore } from '../files/blob-store.ts';
import { type Attachment, type Version } from '../../domain/prototypes.ts';
export { type Attachment, type Version };

/** Where attachment files go, and who is adding them. */
export interface UploadContext {
	/** Where the files' bytes go (only needed when there are files). */
	blobs?: BlobStore;
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
	input: { changes: unknown; rationale: unknown; rounds?: readonly unknown[] },
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

	const stored = await writeUploads(context.blobs, checked);
	try {
		return await db.transaction().execute(async (trx) => {
			// Adders of one prototype take turns, so each reads the number the one before wrote.
			if (!(await lockRow(trx, 'prototypes', prototypeId))) refuse('not_found');
			const last = await trx
				.selectFrom('prototype_versions')
				.select((eb) => eb.fn.max<number>('number').as('n'))
				.where('prototype_id', '=', prototypeId)
				.executeTakeFirst();
			const number = Number(last?.n ?? 0) + 1;
			const rounds = await roundsOfPrototype(trx, prototypeId, input.rounds ?? []);
			const id = newId();
			await trx
				.insertInto('prototype_versions')
				.values({ id, prototype_id: prototypeId, number, changes, rationale, created_by: context.userId, created_at: now })
				.execute();
			if (rounds.length > 0) {
				await trx
					.insertInto('prototype_version_feedback')
					.values(rounds.map((roundId) => ({ version_id: id, round_id: roundId })))
					.execute();
			}
			await insertAttachmentRows(trx, id, stored, context.userId, now);
			await trx.updateTable('prototypes').set({ updated_at: now }).where('id', '=', prototypeId).execute();
			return { id, number };
		});
	} catch (err) {
		await removeStoredFiles(
			context.blobs,
			stored.map((s) => s.storageName)
		);
		throw err;
	}
}

/**
 * The feedback rounds a new version says it answers: each must be a round of the same
 * prototype. Anything else is refused, not dropped (the form offered only those).
 */
async function roundsOfPrototype(db: DB, prototypeId: string, chosen: readonly unknown[]): Promise<string[]> {
	const wanted = [...new Set(chosen.filter((r): r is string => typeof r === 'string' && r !== ''))];
	if (wanted.length === 0) return [];
	if (wanted.length > 50 || wanted.some((r) => r.length > 40)) refuse('invalid_choice', 'rounds');
	const found = await db.selectFrom('feedback_rounds').select('id').where('prototype_id', '=', prototypeId).where('id', 'in', wanted).execute();
	if (found.length !== wanted.length) refuse('invalid_choice', 'rounds');
	return wanted;
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
	const stored = await writeUploads(context.blobs, checked);
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
		await removeStoredFiles(
			context.blobs,
			stored.map((s) => s.storageName)
		);
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
export async function removeAttachment(db: DB, blobs: BlobStore, prototypeId: string, attachmentId: string, now = Date.now()) {
	const attachment = await findAttachment(db, prototypeId, attachmentId);
	if (!attachment) refuse('not_found');
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('prototype_attachments').where('id', '=', attachment.id).execute();
		await trx.updateTable('prototypes').set({ updated_at: now }).where('id', '=', prototypeId).execute();
	});
	// After the commit: a file without a row is only litter, a row without a file is a broken link.
	await removeStoredFiles(blobs, [attachment.storageName]);
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
	const [attachments, plans, answers] = await Promise.all([
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
			.execute(),
		db
			.selectFrom('prototype_version_feedback')
			.innerJoin('feedback_rounds', 'feedback_rounds.id', 'prototype_version_feedback.round_id')
			.innerJoin('prototype_versions as tested', 'tested.id', 'feedback_rounds.version_id')
			.select(['prototype_version_feedback.version_id', 'feedback_rounds.id', 'feedback_rounds.title_th', 'tested.number'])
			.where('prototype_version_feedback.version_id', 'in', ids)
			.orderBy('feedback_rounds.created_at')
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
				: null,
			answers: answers.filter((a) => a.version_id === v.id).map((a) => ({ roundId: a.id, label: `${a.title_th} · v${a.number}` }))
		};
	});
}
