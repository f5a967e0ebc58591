import { m } from '$lib/paraglide/messages.js';
import type { BoardNotice, BoardSection } from '$lib/board';
import { commentNoticeLabel } from '../comments/comment-labels';
import type { BoardSession, ConnectionState } from '$lib/client/board-session.svelte';

/** Catalogue names for board values (switches keep the messages tree-shakeable). */
export function noteColorLabel(color: string): string {
	switch (color) {
		case 'yellow':
			return m.board_color_yellow();
		case 'orange':
			return m.board_color_orange();
		case 'pink':
			return m.board_color_pink();
		case 'purple':
			return m.board_color_purple();
		case 'blue':
			return m.board_color_blue();
		case 'green':
			return m.board_color_green();
		default:
			return m.board_color_gray();
	}
}

function templateTitle(key: string): string {
	switch (key) {
		case 'says':
			return m.board_section_says();
		case 'thinks':
			return m.board_section_thinks();
		case 'does':
			return m.board_section_does();
		case 'feels':
			return m.board_section_feels();
		case 'personas':
			return m.board_section_personas();
		case 'interviews':
			return m.board_section_interviews();
		case 'journey_steps':
			return m.board_section_journey_steps();
		case 'journey_pains':
			return m.board_section_journey_pains();
		case 'hmw':
			return m.board_section_hmw();
		case 'brainstorm':
			return m.board_section_brainstorm();
		case 'clusters':
			return m.board_section_clusters();
		case 'dot_vote':
			return m.board_section_dot_vote();
		case 'impact_high_effort_low':
			return m.board_section_impact_high_effort_low();
		case 'impact_high_effort_high':
			return m.board_section_impact_high_effort_high();
		case 'impact_low_effort_low':
			return m.board_section_impact_low_effort_low();
		case 'impact_low_effort_high':
			return m.board_section_impact_low_effort_high();
		case 'proto_what':
			return m.board_section_proto_what();
		case 'proto_who':
			return m.board_section_proto_who();
		case 'proto_learn':
			return m.board_section_proto_learn();
		case 'proto_storyboard':
			return m.board_section_proto_storyboard();
		case 'test_worked':
			return m.board_section_test_worked();
		case 'test_change':
			return m.board_section_test_change();
		case 'test_questions':
			return m.board_section_test_questions();
		case 'test_ideas':
			return m.board_section_test_ideas();
		case 'feedback':
			return m.board_section_feedback();
		case 'impl_rollout':
			return m.board_section_impl_rollout();
		case 'impl_stakeholders':
			return m.board_section_impl_stakeholders();
		case 'impl_risks':
			return m.board_section_impl_risks();
		case 'impl_metrics':
			return m.board_section_impl_metrics();
		case 'impl_resources':
			return m.board_section_impl_resources();
		case 'impl_scale':
			return m.board_section_impl_scale();
		default:
			return m.board_section_untitled();
	}
}

/** A section's title: the user's, else the template's in the current language. */
export function sectionTitle(section: Pick<BoardSection, 'title' | 'key'>): string {
	return section.title || templateTitle(section.key);
}

export function connectionLabel(state: ConnectionState): string {
	switch (state) {
		case 'connecting':
			return m.board_status_connecting();
		case 'syncing':
			return m.board_status_syncing();
		case 'connected':
			return m.board_status_connected();
		case 'offline':
			return m.board_status_offline();
		case 'ended':
			return m.board_status_ended();
	}
}

/** The first line of a note, shortened, for labels and announcements. */
export function noteExcerpt(text: string, max = 60): string {
	const line = text.trim().split('\n')[0] ?? '';
	if (!line) return m.board_note_empty();
	return [...line].length > max ? `${[...line].slice(0, max).join('')}…` : line;
}

/** A countdown's time as m:ss (or h:mm:ss), rounded up to the second. */
export function formatDuration(ms: number): string {
	const total = Math.ceil(Math.max(0, ms) / 1000);
	const h = Math.floor(total / 3600);
	const mm = String(Math.floor((total % 3600) / 60)).padStart(h > 0 ? 2 : 1, '0');
	const ss = String(total % 60).padStart(2, '0');
	return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** The name of someone on the board now (a guest marked as such), or '' (reactive: reads presence). */
export function presentName(session: BoardSession | null, userId: string): string {
	const peer = session?.peers.find((p) => p.user.id === userId);
	if (!peer) return '';
	return peer.user.guest ? m.board_guest_suffix({ name: peer.user.name }) : peer.user.name;
}

/** Why the hub undid a change of mine (notices.ts), in my language. */
export function noticeLabel(code: BoardNotice): string {
	switch (code) {
		case 'facilitators-only':
			return m.collab_notice_facilitators_only();
		case 'locked':
			return m.collab_notice_locked();
		case 'votes':
			return m.collab_notice_votes();
		case 'authorship':
			return m.collab_notice_authorship();
		case 'own-notes-only':
			return m.collab_notice_own_notes_only();
		case 'board-full':
			return m.collab_notice_board_full();
		case 'private':
			return m.collab_notice_private();
		case 'anonymous':
			return m.collab_notice_anonymous();
		case 'images':
			return m.bi_notice_images();
		default:
			return commentNoticeLabel(code);
	}
}
