import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { formatDate, formatDateTime } from '$lib/i18n/format';
import { channelLabel } from '$lib/i18n/feedback/labels';
import type { DB } from '$lib/server/db/open';
import { findByReceipt, withdrawByReceipt } from '$lib/server/feedback/responses';
import { findRoundById, projectOfRound } from '$lib/server/feedback/rounds';
import { listQuestions } from '$lib/server/feedback/questions';
import { describeAnswer } from '$lib/server/feedback/form-view';
import { removeBoardNotes } from '$lib/server/feedback/to-board';
import { formatReceipt, normalizeReceipt } from '$lib/server/feedback/receipts';
import { storageFault } from '$lib/server/db/storage-faults';
import { flushDeletions } from '$lib/server/db/erase';
import { formLanguage, pick, roundState } from '$lib/domain/feedback';
import { isPublishedProject } from '$lib/server/projects/published';
import { outcomeOfRound } from '$lib/server/outcomes/you-said-we-did';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { recordAudit } from '$lib/server/audit/record';

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
	const projectId = (await projectOfRound(db, round.id))!;
	// What came of the round is told as the public page tells it: only once the project is published.
	const published = await isPublishedProject(db, projectId);
	return {
		code: formatReceipt(code),
		lang,
		title: pick(round.title, lang),
		submittedAt: formatDateTime(found.submittedAt),
		channel: channelLabel(found.channel),
		items: questions
			.map((q) => ({
				id: q.id,
				label: pick(q.label, lang),
				answer: describeAnswer(
					q,
					found.answers.find((a) => a.questionId === q.id),
					lang
				)
			}))
			.filter((i) => i.answer !== ''),
		contact: found.contact
			? { name: found.contact.name, phone: found.contact.phone, email: found.contact.email, deleteOn: formatDate(found.contact.deleteAfter) }
			: null,
		round: {
			id: round.id,
			projectId,
			state: roundState(round),
			opensOn: formatDate(round.opensAt),
			lastDay: formatDate(round.closesAt - 1),
			outcome: published ? await outcomeOfRound(db, projectId, round.id) : null
		}
	};
}

async function limited(event: RequestEvent): Promise<boolean> {
	return !(await event.locals.runtime.feedback.limits.receipt.consume(event.getClientAddress())).allowed;
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
		if (!view) return refusal(404, 'code', m.fb_receipt_not_found(), raw);
		return { view };
	},
	withdraw: async (event) => {
		if (await limited(event)) return refusal(429, 'code', m.fb_error_rate_limited(), '');
		const { raw, code, confirm } = await readCode(event.request);
		if (!code) return refusal(400, 'code', m.fb_receipt_invalid(), raw);
		if (!confirm) {
			const view = await receiptView(event.locals.db, code);
			if (!view) return refusal(404, 'code', m.fb_receipt_not_found(), raw);
			return fail(400, { errors: { confirm: m.fb_withdraw_confirm_required() }, values: { code: raw }, view });
		}
		let result: Awaited<ReturnType<typeof withdrawByReceipt>>;
		try {
			result = await withdrawByReceipt(event.locals.db, code);
		} catch (err) {
			if (!storageFault(err)) throw err;
			event.locals.runtime.log
				.child({ component: 'feedback' })
				.error({ fault: storageFault(err) }, 'a withdrawal could not be stored: the database refused the write');
			return refusal(503, 'code', m.fb_error_withdraw_unavailable(), raw);
		}
		if (!result) return refusal(404, 'code', m.fb_receipt_not_found(), raw);
		await recordAudit(event.locals, 'feedback.response_withdrawn', {
			actor: { kind: 'citizen' },
			projectId: await projectOfRound(event.locals.db, result.roundId),
			target: { kind: 'round', id: result.roundId }
		});
		if (result.boardLinks.length > 0) {
			// The response is already gone from the database; its notes leave the boards too.
			await removeBoardNotes(event.locals.runtime.collab, result.boardLinks).catch((err) =>
				console.error('feedback: removing withdrawn notes from boards failed', err)
			);
			// The boards' compacted snapshots replaced the updates that held the notes: out of the files too.
			await flushDeletions(event.locals.db);
		}
		return { withdrawn: true };
	}
};
