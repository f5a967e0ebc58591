import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { formatDate, formatDateTime } from '$lib/i18n/format';
import { channelLabel } from '$lib/i18n/feedback/labels';
import type { DB } from '$lib/server/db/open';
import { findByReceipt, withdrawByReceipt } from '$lib/server/feedback/responses';
import { findRoundById } from '$lib/server/feedback/rounds';
import { listQuestions } from '$lib/server/feedback/questions';
import { describeAnswer } from '$lib/server/feedback/form-view';
import { removeBoardNotes } from '$lib/server/feedback/to-board';
import { formatReceipt, normalizeReceipt } from '$lib/server/feedback/receipts';
import { formLanguage, pick } from '$lib/server/feedback/model';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = ({ setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	return {};
};

/** What the holder of a receipt sees: their answers in their language, and their contact details while kept. */
async function receiptView(db: DB, code: string) {
	const found = await findByReceipt(db, code);
	if (!found) return null;
	const round = (await findRoundById(db, found.roundId))!;
	const lang = formLanguage(round, getLocale());
	const questions = await listQuestions(db, round.id);
	return {
		code: formatReceipt(code),
		lang,
		title: pick(round.title, lang),
		submittedAt: formatDateTime(found.submittedAt),
		channel: channelLabel(found.channel),
		items: questions
			.map((q) => ({ id: q.id, label: pick(q.label, lang), answer: describeAnswer(q, found.answers.find((a) => a.questionId === q.id), lang) }))
			.filter((i) => i.answer !== ''),
		contact: found.contact ? { name: found.contact.name, phone: found.contact.phone, email: found.contact.email, deleteOn: formatDate(found.contact.deleteAfter) } : null
	};
}

function limited(event: RequestEvent): boolean {
	return !event.locals.runtime.feedback.limits.receipt.consume(event.getClientAddress());
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
		if (limited(event)) return refusal(429, 'code', m.fb_error_rate_limited(), '');
		const { raw, code } = await readCode(event.request);
		if (!code) return refusal(400, 'code', m.fb_receipt_invalid(), raw);
		const view = await receiptView(event.locals.db, code);
		if (!view) return refusal(404, 'code', m.fb_receipt_not_found(), raw);
		return { view };
	},
	withdraw: async (event) => {
		if (limited(event)) return refusal(429, 'code', m.fb_error_rate_limited(), '');
		const { raw, code, confirm } = await readCode(event.request);
		if (!code) return refusal(400, 'code', m.fb_receipt_invalid(), raw);
		if (!confirm) {
			const view = await receiptView(event.locals.db, code);
			if (!view) return refusal(404, 'code', m.fb_receipt_not_found(), raw);
			return fail(400, { errors: { confirm: m.fb_withdraw_confirm_required() }, values: { code: raw }, view });
		}
		const result = await withdrawByReceipt(event.locals.db, code);
		if (!result) return refusal(404, 'code', m.fb_receipt_not_found(), raw);
		if (result.boardLinks.length > 0) {
			// The response is already gone from the database; its notes leave the boards too.
			await removeBoardNotes(event.locals.runtime.collab, result.boardLinks).catch((err) =>
				console.error('feedback: removing withdrawn notes from boards failed', err)
			);
		}
		return { withdrawn: true };
	}
};
