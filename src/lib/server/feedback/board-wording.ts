import { m } from '$lib/paraglide/messages.js';
import { channelLabel } from '$lib/i18n/feedback/labels';
import { describeAnswer } from './form-view.ts';
import type { Lang, Question } from '../../domain/feedback.ts';
import type { NoteWording } from './to-board.ts';

/** How feedback reads as board notes, in the sender's language. */
export function boardWording(questions: readonly Question[], lang: Lang): NoteWording {
	return {
		author: (channel) => m.fb_note_author({ channel: channelLabel(channel) }),
		summary: (answers) =>
			answers
				.map((a) => {
					const q = questions.find((x) => x.id === a.questionId);
					return q ? `${lang === 'en' ? q.label.en || q.label.th : q.label.th}: ${describeAnswer(q, a, lang)}` : '';
				})
				.filter(Boolean)
				.join('\n')
	};
}
