import type { DB } from '../db/open.ts';
import { toCsv, type CsvColumn } from '../export/csv.ts';
import { answersOf, type StoredAnswer } from './responses.ts';
import { redactPersonalData } from './redact.ts';
import { pick, type Lang, type Question } from '../../domain/feedback.ts';

/**
 * A round's responses as CSV, for the team's own analysis. What a citizen said, never who they
 * are: no contact details, no receipt, no staff names, and personal data typed into free text
 * masked. Spam is left out.
 */

interface ExportRow {
	id: string;
	submittedAt: number;
	channel: string;
	locale: string;
	status: string;
	tags: string;
	answers: Map<string, StoredAnswer>;
}

/** How an answer reads in the export, in `lang`. */
export function answerText(question: Question, answer: StoredAnswer | undefined, lang: Lang, words: { yes: string; no: string }): string {
	if (!answer) return '';
	switch (question.kind) {
		case 'rating':
			return answer.number === null ? '' : String(answer.number);
		case 'yes_no':
			return answer.number === null ? '' : answer.number === 1 ? words.yes : words.no;
		case 'single':
		case 'multiple':
			return answer.optionIds
				.map((id) => question.options.find((o) => o.id === id))
				.filter((o) => o !== undefined)
				.map((o) => pick(o, lang))
				.join('; ');
		case 'text':
			return redactPersonalData(answer.text ?? '');
	}
}

export async function exportRoundCsv(
	db: DB,
	roundId: string,
	questions: readonly Question[],
	options: {
		lang: Lang;
		headers: { id: string; submittedAt: string; channel: string; locale: string; status: string; tags: string };
		yes: string;
		no: string;
	}
): Promise<string> {
	const rows = await db
		.selectFrom('feedback_responses')
		.select(['id', 'submitted_at', 'channel', 'locale', 'status'])
		.where('round_id', '=', roundId)
		.where('status', '!=', 'spam')
		.orderBy('submitted_at')
		.orderBy('id')
		.execute();
	const ids = rows.map((r) => r.id);
	const answers = new Map<string, StoredAnswer[]>();
	const tags = new Map<string, string[]>();
	for (let i = 0; i < ids.length; i += 500) {
		const chunk = ids.slice(i, i + 500);
		for (const [id, list] of await answersOf(db, chunk)) answers.set(id, list);
		const tagRows = await db.selectFrom('feedback_tags').select(['response_id', 'tag']).where('response_id', 'in', chunk).orderBy('tag').execute();
		for (const t of tagRows) tags.set(t.response_id, [...(tags.get(t.response_id) ?? []), t.tag]);
	}
	const data: ExportRow[] = rows.map((r) => ({
		id: r.id,
		submittedAt: Number(r.submitted_at),
		channel: r.channel,
		locale: r.locale,
		status: r.status,
		tags: (tags.get(r.id) ?? []).join('; '),
		answers: new Map((answers.get(r.id) ?? []).map((a) => [a.questionId, a]))
	}));
	const h = options.headers;
	const columns: CsvColumn<ExportRow>[] = [
		{ header: h.id, value: (r) => r.id },
		{ header: h.submittedAt, value: (r) => new Date(r.submittedAt) },
		{ header: h.channel, value: (r) => r.channel },
		{ header: h.locale, value: (r) => r.locale },
		{ header: h.status, value: (r) => r.status },
		{ header: h.tags, value: (r) => r.tags },
		...questions.map((q, i): CsvColumn<ExportRow> => ({
			header: `${i + 1}. ${pick(q.label, options.lang)}`,
			value: (r) => answerText(q, r.answers.get(q.id), options.lang, options)
		}))
	];
	return toCsv(columns, data);
}
