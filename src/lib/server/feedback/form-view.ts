import { m } from '$lib/paraglide/messages.js';
import { ratingLabel, ratingWord } from '$lib/i18n/feedback/labels';
import type { FormQuestion } from '$lib/components/feedback/types';
import type { StoredAnswer } from './responses.ts';
import { answerField, LIMITS, pick, RATING_VALUES, type Lang, type Question } from '../../domain/feedback.ts';

/**
 * Questions and answers as pages show them, in one language: the form's content language for
 * what the team wrote, the reader's for the app's own words.
 */

export function toFormQuestion(q: Question, lang: Lang): FormQuestion {
	let choices: FormQuestion['choices'] = [];
	if (q.kind === 'rating') choices = RATING_VALUES.map((v) => ({ value: String(v), label: String(v), hint: ratingWord(v, lang) }));
	else if (q.kind === 'yes_no')
		choices = [
			{ value: 'yes', label: m.fb_yes({}, { locale: lang }) },
			{ value: 'no', label: m.fb_no({}, { locale: lang }) }
		];
	else if (q.kind === 'single' || q.kind === 'multiple') choices = q.options.map((o) => ({ value: o.id, label: pick(o, lang) }));
	return {
		id: q.id,
		name: answerField(q.id),
		kind: q.kind,
		label: pick(q.label, lang),
		help: pick(q.help, lang),
		required: q.required,
		choices,
		maxLength: LIMITS.textAnswer
	};
}

/** An answer as words: "4 – ดี", the chosen options, yes/no, or the text. */
export function describeAnswer(q: Question, answer: StoredAnswer | undefined, lang: Lang): string {
	if (!answer) return '';
	switch (q.kind) {
		case 'rating':
			return answer.number === null ? '' : ratingLabel(answer.number, lang);
		case 'yes_no':
			return answer.number === null ? '' : answer.number === 1 ? m.fb_yes({}, { locale: lang }) : m.fb_no({}, { locale: lang });
		case 'single':
		case 'multiple':
			return answer.optionIds
				.map((id) => q.options.find((o) => o.id === id))
				.filter((o) => o !== undefined)
				.map((o) => pick(o, lang))
				.join(', ');
		case 'text':
			return answer.text ?? '';
	}
}
