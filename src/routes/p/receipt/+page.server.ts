import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { formatDate, formatDateTime } from '$lib/i18n/format';
import { channelLabel } from '$lib/i18n/feedback/labels';
import { publicStatusLabel } from '$lib/i18n/participation/labels';
import type { DB } from '$lib/server/db/open';
import { findEntryByReceipt, withdrawEntryByReceipt } from '$lib/server/participation/entries';
import { findCallById, listCallQuestions } from '$lib/server/participation/calls';
import { removeBoardNotes } from '$lib/server/feedback/to-board';
import { formatReceipt, normalizeReceipt } from '$lib/server/feedback/receipts';
import { storageFault } from '$lib/server/db/storage-faults';
import { flushDeletions } from '$lib/server/db/erase';
import { formLanguage, pick } from '$lib/domain/feedback';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** As /f/receipt, for stories and ideas: a receipt code shows what was sent, and withdraws it for good. */

export const load: PageServerLoad = ({ setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	return {};
};

async function receiptView(db: DB, code: string) {
	const found = await findEntryByReceipt(db, code);
	if (!found) return null;
	const call = (await findCallById(db, found.callId))!;
	const lang = formLanguage(call, getLocale());
	const questions = await listCallQuestions(db, call.id);
	return {
		code: formatReceipt(code),
		lang,
		kind: found.kind,
		callTitle: pick(call.title, lang),
		submittedAt: formatDateTime(found.submittedAt),
		channel: channelLabel(found.channel),
		status: publicStatusLabel(found.status),
		title: found.title,
		body: found.body,
		district: found.district,
		hasPhoto: found.hasPhoto,
		answers: found.answers
			.map((a) => ({ id: a.questionId, label: pick(questions.find((q) => q.id === a.questionId)?.label ?? { th: '', en: '' }, lang), text: a.text }))
			.filter((a) => a.label !== ''),
		contact: found.contact
			? { name: found.contact.name, phone: found.contact.phone, email: found.contact.email, deleteOn: formatDate(found.contact.deleteAfter) }
			: null
	};
}

async function limited(event: RequestEvent): Promise<boolean> {
	return !(await event.locals.runtime.participation.limits.receipt.consume(event.getClientAddress())).allowed;
}

async function readCode(request: Request): Promise<{ raw: string; code: string | null; confirm: boolean }> {
	const data = await request.formData();
	const raw = String(data.get('code') ?? '').slice(0, 64);
	return { raw, code: normalizeReceipt(raw), confirm: data.get('confirm') === 'yes' };
}

function refusal(status: number, field: string, message: string, code: string) {
	return fail(status, { errors: { [field]: message }, values: { code } });
}

export const actions: Actions = {
	show: async (event) => {
		if (await limited(event)) return refusal(429, 'code', m.fb_error_rate_limited(), '');
		const { raw, code } = await readCode(event.request);
		if (!code) return refusal(400, 'code', m.fb_receipt_invalid(), raw);
		const view = await receiptView(event.locals.db, code);
		if (!view) return refusal(404, 'code', m.pt_receipt_not_found(), raw);
		return { view };
	},
	withdraw: async (event) => {
		if (await limited(event)) return refusal(429, 'code', m.fb_error_rate_limited(), '');
		const { raw, code, confirm } = await readCode(event.request);
		if (!code) return refusal(400, 'code', m.fb_receipt_invalid(), raw);
		if (!confirm) {
			const view = await receiptView(event.locals.db, code);
			if (!view) return refusal(404, 'code', m.pt_receipt_not_found(), raw);
			return fail(400, { errors: { confirm: m.fb_withdraw_confirm_required() }, values: { code: raw }, view });
		}
		const { db, runtime } = event.locals;
		let result: Awaited<ReturnType<typeof withdrawEntryByReceipt>>;
		try {
			result = await withdrawEntryByReceipt(db, runtime.blobs, code);
		} catch (err) {
			if (!storageFault(err)) throw err;
			runtime.log
				.child({ component: 'participation' })
				.error({ fault: storageFault(err) }, 'a withdrawal could not be stored: the database refused the write');
			return refusal(503, 'code', m.fb_error_withdraw_unavailable(), raw);
		}
		if (!result) return refusal(404, 'code', m.pt_receipt_not_found(), raw);
		if (result.boardLinks.length > 0) {
			// Gone from the database already; its notes leave the boards, and the boards' compacted
			// snapshots replace the updates that held them: out of the files too.
			await removeBoardNotes(runtime.collab, result.boardLinks).catch((err) =>
				runtime.log.child({ component: 'participation' }).error({ err }, 'removing withdrawn notes from boards failed')
			);
			await flushDeletions(db);
		}
		return { withdrawn: true };
	}
};
