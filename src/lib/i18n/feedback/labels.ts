import { m } from '$lib/paraglide/messages.js';
import type { Channel, ModerationStatus, QuestionKind } from '$lib/domain/feedback';

/** Names of the feedback module's enumerated values, from its catalogue. */

export function channelLabel(channel: Channel): string {
	switch (channel) {
		case 'web':
			return m.fb_channel_web();
		case 'qr':
			return m.fb_channel_qr();
		case 'counter':
			return m.fb_channel_counter();
		case 'phone':
			return m.fb_channel_phone();
		case 'line':
			return m.fb_channel_line();
		case 'other':
			return m.fb_channel_other();
	}
}

export function statusLabel(status: ModerationStatus): string {
	switch (status) {
		case 'new':
			return m.fb_status_new();
		case 'published':
			return m.fb_status_published();
		case 'hidden':
			return m.fb_status_hidden();
		case 'spam':
			return m.fb_status_spam();
	}
}

export function kindLabel(kind: QuestionKind): string {
	switch (kind) {
		case 'rating':
			return m.fb_kind_rating();
		case 'single':
			return m.fb_kind_single();
		case 'multiple':
			return m.fb_kind_multiple();
		case 'yes_no':
			return m.fb_kind_yes_no();
		case 'text':
			return m.fb_kind_text();
	}
}

/** "5 ดีมาก" */
export function ratingLabel(value: number, locale?: 'th' | 'en'): string {
	const options = locale ? { locale } : undefined;
	switch (value) {
		case 1:
			return m.fb_rating_1({}, options);
		case 2:
			return m.fb_rating_2({}, options);
		case 3:
			return m.fb_rating_3({}, options);
		case 4:
			return m.fb_rating_4({}, options);
		default:
			return m.fb_rating_5({}, options);
	}
}

/** "ดีมาก" (the word only, under the number on the form's rating tiles) */
export function ratingWord(value: number, locale?: 'th' | 'en'): string {
	const options = locale ? { locale } : undefined;
	switch (value) {
		case 1:
			return m.fb_rating_word_1({}, options);
		case 2:
			return m.fb_rating_word_2({}, options);
		case 3:
			return m.fb_rating_word_3({}, options);
		case 4:
			return m.fb_rating_word_4({}, options);
		default:
			return m.fb_rating_word_5({}, options);
	}
}

export function stateLabel(state: 'scheduled' | 'open' | 'closed'): string {
	switch (state) {
		case 'scheduled':
			return m.fb_state_scheduled();
		case 'open':
			return m.fb_state_open();
		case 'closed':
			return m.fb_state_closed();
	}
}
