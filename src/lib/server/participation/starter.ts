import { m } from '$lib/paraglide/messages.js';

/**
 * What a new call starts with, in both languages, to be edited: the invitation (stories), the
 * guided questions (what happened, how it felt, what would have helped), and a privacy notice.
 */
export function starterCall(kind: 'story' | 'idea') {
	const th = { locale: 'th' as const };
	const en = { locale: 'en' as const };
	return {
		prompt_th: kind === 'story' ? m.pt_starter_prompt({}, th) : '',
		prompt_en: kind === 'story' ? m.pt_starter_prompt({}, en) : '',
		purpose_th: kind === 'story' ? m.pt_starter_purpose_story({}, th) : m.pt_starter_purpose_idea({}, th),
		purpose_en: kind === 'story' ? m.pt_starter_purpose_story({}, en) : m.pt_starter_purpose_idea({}, en),
		questions:
			kind === 'story'
				? [
						[m.pt_starter_q_happened({}, th), m.pt_starter_q_happened({}, en)],
						[m.pt_starter_q_felt({}, th), m.pt_starter_q_felt({}, en)],
						[m.pt_starter_q_helped({}, th), m.pt_starter_q_helped({}, en)]
					]
						.map(([t, e]) => `${t} | ${e}`)
						.join('\n')
				: ''
	};
}
