import type { DB } from '../db/open.ts';
import type { BlobStore } from '../files/blob-store.ts';
import type { UploadLimits } from '../files/attachments.ts';
import { storageFault } from '../db/storage-faults.ts';
import { InputError, type Issue } from '../validation.ts';
import type { TokenRules } from '../feedback/form-token.ts';
import { PUBLIC_EXTRA_FIELDS, runPublicForm, type PublicFormOutcome } from '../feedback/public-form.ts';
import type { Fields } from '../feedback/responses.ts';
import { listDistricts } from '../projects/districts.ts';
import { callState, findCallBySlug, listCallQuestions } from './calls.ts';
import { checkEntry, storeEntry } from './entries.ts';
import { checkPhoto, findPendingPhoto, PHOTO_FIELD, PHOTO_REF_FIELD, PHOTO_REMOVE_FIELD, stashPhoto, type PhotoChoice } from './photos.ts';
import { checkAnswer, CHECK_FIELD, reportIdea, supportIdea, REASON_FIELD } from './supports.ts';
import { formLanguage, type Lang } from '../../domain/feedback.ts';
import type { Call } from '../../domain/participation.ts';

/**
 * The public side of a call: a story or an idea sent from /p/SLUG, and supports and reports of
 * ideas. Each goes through the feedback form's pipeline (feedback/public-form.ts `runPublicForm`):
 * a signed token used once, strict fields, a confirm step for what looks automated, a clear
 * outcome for a full or read-only disk. Rate limits per client address are the route's.
 */

/** The token scope of a call's form, of an idea's support form and of its report form. */
export const entryScope = (slug: string) => `p:${slug}`;
export const supportScope = (ideaId: string) => `s:${ideaId}`;
export const reportScope = (ideaId: string) => `r:${ideaId}`;

/** The photo of a form shown again: kept aside (its key goes back in the form), or lost (choose it again). */
export interface PhotoState {
	ref: string | null;
	name: string | null;
	/** A photo was sent but could not be kept for the form shown again. */
	lost: boolean;
}

export type EntryOutcome =
	| { kind: 'unknown_call' }
	| { kind: 'closed'; call: Call }
	| { kind: 'not_open'; call: Call }
	| ({ call: Call; photo: PhotoState } & Exclude<PublicFormOutcome<unknown>, { kind: 'stored' }>)
	| { kind: 'stored'; call: Call; entryId: string; receipt: string };

export interface PublicEntrySubmission {
	slug: string;
	fields: Fields;
	/** Files the body carried (at most one, in the photo field: public-form.ts `readFormBody`). */
	files: File[];
	locale: string;
	consentText: (call: Call, lang: Lang) => string;
	formKey: Uint8Array;
	tokenRules: TokenRules;
	uploadLimits: UploadLimits;
	blobs: BlobStore;
	now?: number;
}

/** The photo a form carries: a new one (checked, not yet written), the pending one it names, or none; with its problems. */
async function photoOf(
	db: DB,
	call: Call,
	fields: Fields,
	files: File[],
	limits: UploadLimits,
	now: number
): Promise<{ choice: PhotoChoice; issues: Issue[] }> {
	if (files.length > 0) {
		if (!call.allowPhoto) return { choice: { kind: 'none' }, issues: [{ field: '', code: 'fb_unexpected_field' }] };
		try {
			return { choice: { kind: 'new', photo: await checkPhoto(files[0]!, limits) }, issues: [] };
		} catch (err) {
			if (err instanceof InputError) return { choice: { kind: 'none' }, issues: err.issues };
			throw err;
		}
	}
	const ref = fields.getAll(PHOTO_REF_FIELD);
	if (ref.length === 0 || ref[0] === '' || fields.getAll(PHOTO_REMOVE_FIELD).includes('yes')) return { choice: { kind: 'none' }, issues: [] };
	const pending = ref.length === 1 ? await findPendingPhoto(db, ref[0], now) : null;
	return pending ? { choice: pending, issues: [] } : { choice: { kind: 'none' }, issues: [{ field: PHOTO_FIELD, code: 'pt_photo_expired' }] };
}

export async function submitPublicEntry(db: DB, input: PublicEntrySubmission): Promise<EntryOutcome> {
	const now = input.now ?? Date.now();
	const call = await findCallBySlug(db, input.slug);
	if (!call) return { kind: 'unknown_call' };
	const state = callState(call, now);
	if (state === 'closed') return { kind: 'closed', call };
	if (state === 'scheduled') return { kind: 'not_open', call };

	const lang = formLanguage(call, input.locale);
	const [questions, districts] = await Promise.all([listCallQuestions(db, call.id), listDistricts(db, call.projectId)]);
	const photo = await photoOf(db, call, input.fields, input.files, input.uploadLimits, now);
	const outcome = await runPublicForm({
		scope: entryScope(call.slug),
		fields: input.fields,
		formKey: input.formKey,
		tokenRules: input.tokenRules,
		now,
		check: () => {
			let issues = photo.issues;
			try {
				const checked = checkEntry(call, questions, districts, input.fields, { extraFields: PUBLIC_EXTRA_FIELDS });
				if (issues.length === 0) return checked;
			} catch (err) {
				if (!(err instanceof InputError)) throw err;
				issues = [...err.issues, ...issues];
			}
			throw new InputError(issues);
		},
		store: (checked, meta) =>
			storeEntry(db, call, checked, {
				channel: meta.channel,
				locale: lang,
				enteredBy: null,
				consentText: input.consentText(call, lang),
				requireOpen: true,
				formToken: meta.token,
				photo: photo.choice,
				blobs: input.blobs,
				now
			})
	});
	if (outcome.kind === 'stored') return { kind: 'stored', call, entryId: outcome.value.id, receipt: outcome.value.receipt };
	if (outcome.kind === 'invalid') {
		const closed = outcome.issues.find((i) => i.code === 'fb_round_closed' || i.code === 'fb_round_not_open');
		if (closed) return closed.code === 'fb_round_closed' ? { kind: 'closed', call } : { kind: 'not_open', call };
	}
	return { ...outcome, call, photo: await keepPhoto(db, input.blobs, photo.choice, outcome.kind !== 'unavailable', now) };
}

/** The photo of a form that is shown again: a new one is kept aside (when it can be), a pending one stays. */
async function keepPhoto(db: DB, blobs: BlobStore, choice: PhotoChoice, canWrite: boolean, now: number): Promise<PhotoState> {
	if (choice.kind === 'pending') return { ref: choice.key, name: choice.name, lost: false };
	if (choice.kind === 'none') return { ref: null, name: null, lost: false };
	if (!canWrite) return { ref: null, name: null, lost: true };
	try {
		const key = await stashPhoto(db, blobs, choice.photo, now);
		return key ? { ref: key, name: choice.photo.originalName, lost: false } : { ref: null, name: null, lost: true };
	} catch (err) {
		if (!storageFault(err) && (err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
		return { ref: null, name: null, lost: true };
	}
}

/** How a support or report form came out. */
export type IdeaActionOutcome =
	{ kind: 'unknown_call' } | Exclude<PublicFormOutcome<unknown>, { kind: 'stored' }> | { kind: 'stored'; hidden: boolean } | { kind: 'no_browser' };

export interface IdeaAction {
	call: Call;
	ideaId: string;
	fields: Fields;
	/** The browser's pseudonym in this call (supports.ts); null when it has no genuine cookie. */
	pseudonym: string | null;
	supporterKey: Uint8Array;
	formKey: Uint8Array;
	tokenRules: TokenRules;
	now?: number;
}

/** An idea's forms carry its id ('idea') when posted from the call's page. */
const IDEA_FIELDS = [...PUBLIC_EXTRA_FIELDS, CHECK_FIELD, 'idea'] as const;

/**
 * A support: the token pipeline, the call's human check when it has one, then one support per
 * browser. A browser without its cookie (cookies off, the first request of a script) is told so
 * and stores nothing.
 */
export async function submitSupport(db: DB, action: IdeaAction): Promise<IdeaActionOutcome> {
	const now = action.now ?? Date.now();
	return ideaAction(action, supportScope(action.ideaId), now, [], async (meta) => {
		await supportIdea(db, { call: action.call, ideaId: action.ideaId, supporter: action.pseudonym!, token: meta.token, now });
		return { hidden: false };
	});
}

/** A report: as a support, with a reason instead of the human check. */
export async function submitReport(db: DB, action: IdeaAction): Promise<IdeaActionOutcome> {
	const now = action.now ?? Date.now();
	const reason = action.fields.getAll(REASON_FIELD);
	return ideaAction(action, reportScope(action.ideaId), now, [REASON_FIELD], (meta) =>
		reportIdea(db, {
			call: action.call,
			ideaId: action.ideaId,
			reporter: action.pseudonym!,
			reason: reason.length === 1 ? reason[0] : undefined,
			token: meta.token,
			now
		})
	);
}

async function ideaAction(
	action: IdeaAction,
	scope: string,
	now: number,
	extra: readonly string[],
	store: (meta: { token: { id: string; expiresAt: number } }) => Promise<{ hidden: boolean }>
): Promise<IdeaActionOutcome> {
	const outcome = await runPublicForm({
		scope,
		fields: action.fields,
		formKey: action.formKey,
		tokenRules: action.tokenRules,
		now,
		check: () => {
			const known = new Set<string>([...IDEA_FIELDS, ...extra]);
			const issues: Issue[] = [];
			if (action.fields.hasNonText() || action.fields.names().some((n) => !known.has(n))) issues.push({ field: '', code: 'fb_unexpected_field' });
			const checkRequired = scope.startsWith('s:') && action.call.supportCheck;
			if (checkRequired) {
				const token = action.fields.getAll('t')[0] ?? '';
				const answers = action.fields.getAll(CHECK_FIELD);
				if (answers.length !== 1 || !checkAnswer(action.supporterKey, token, answers[0])) issues.push({ field: CHECK_FIELD, code: 'pt_check_wrong' });
			}
			if (issues.length > 0) throw new InputError(issues);
			if (!action.pseudonym) throw new InputError([{ field: '', code: 'pt_no_browser_id' }]);
		},
		store: (_checked, meta) => store(meta)
	});
	if (outcome.kind === 'stored') return { kind: 'stored', hidden: outcome.value.hidden };
	if (outcome.kind === 'invalid' && outcome.issues.some((i) => i.code === 'pt_no_browser_id')) return { kind: 'no_browser' };
	return outcome;
}
