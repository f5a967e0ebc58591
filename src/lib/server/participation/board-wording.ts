import { m } from '$lib/paraglide/messages.js';
import { channelLabel } from '$lib/i18n/feedback/labels';
import type { EntryNoteWording } from './to-board.ts';
import type { Lang } from '../../domain/feedback.ts';
import type { CallQuestion } from '../../domain/participation.ts';

/** How stories and ideas read as board notes, in the sender's language. */
export function entryWording(questions: readonly CallQuestion[], lang: Lang): EntryNoteWording {
	return {
		author: (channel, kind) =>
			kind === 'idea' ? m.pt_note_author_idea({ channel: channelLabel(channel) }) : m.pt_note_author_story({ channel: channelLabel(channel) }),
		question: (id) => {
			const q = questions.find((x) => x.id === id);
			return q ? (lang === 'en' ? q.label.en || q.label.th : q.label.th) : null;
		},
		ideaFooter: (supports, link) => m.pt_note_idea_footer({ count: supports, link })
	};
}
