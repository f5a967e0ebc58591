import { m } from '$lib/paraglide/messages.js';
import type { QuestionInput } from './questions.ts';

/**
 * The questions a new round starts with unless the team copies another round's: an overall
 * rating, what worked, what to change, and whether they would recommend it. Both languages.
 */
export function starterQuestions(): QuestionInput[] {
	const th = { locale: 'th' as const };
	const en = { locale: 'en' as const };
	const q = (kind: string, th_: string, en_: string, required: boolean): QuestionInput => ({
		kind,
		labelTh: th_,
		labelEn: en_,
		helpTh: '',
		helpEn: '',
		required: required ? 'yes' : '',
		optionsTh: '',
		optionsEn: ''
	});
	return [
		q('rating', m.fb_starter_overall({}, th), m.fb_starter_overall({}, en), true),
		q('text', m.fb_starter_worked({}, th), m.fb_starter_worked({}, en), false),
		q('text', m.fb_starter_change({}, th), m.fb_starter_change({}, en), false),
		q('yes_no', m.fb_starter_recommend({}, th), m.fb_starter_recommend({}, en), false)
	];
}

/** The purpose and privacy notice a new round's form starts with, to be edited. */
export function starterPurpose(): { th: string; en: string } {
	return { th: m.fb_starter_purpose({}, { locale: 'th' }), en: m.fb_starter_purpose({}, { locale: 'en' }) };
}
