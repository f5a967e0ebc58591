import { m } from '$lib/paraglide/messages.js';
import { stageLabel } from '$lib/i18n/labels';
import { formatNumber } from '$lib/i18n/format';
import type { BoardStage } from '$lib/domain/stages';
import type { Duration, MethodBoard } from '$lib/domain/methods';
import type { StepPreset, WorkshopState } from '$lib/domain/workshops';

/** Names of the method library's and workshops' values, from their catalogue (switches keep messages tree-shakeable). */

export function durationLabel(duration: Duration): string {
	switch (duration) {
		case 'short':
			return m.ws_lib_duration_short();
		case 'medium':
			return m.ws_lib_duration_medium();
		case 'long':
			return m.ws_lib_duration_long();
	}
}

/** "3–8 คน" / "3–8 people" */
export function groupSizeLabel(min: number, max: number): string {
	return min === max ? m.ws_lib_group_exact({ count: formatNumber(min) }) : m.ws_lib_group_range({ min: formatNumber(min), max: formatNumber(max) });
}

/** "45 นาที" / "45 min" */
export function minutesLabel(minutes: number): string {
	return m.ws_minutes({ count: formatNumber(minutes) });
}

/** "3 ชม. 15 นาที" / "3 h 15 min"; under an hour just the minutes. */
export function durationText(minutes: number): string {
	const hours = Math.floor(minutes / 60);
	const rest = minutes % 60;
	if (hours === 0) return minutesLabel(rest);
	if (rest === 0) return m.ws_hours({ count: formatNumber(hours) });
	return m.ws_hours_minutes({ hours: formatNumber(hours), minutes: formatNumber(rest) });
}

/** "บอร์ดระดมความคิด" / "Ideate board" */
export function boardName(stage: BoardStage): string {
	return m.board_board_of_stage({ stage: stageLabel(stage) });
}

/** Where a method is worked on, in words: "Ideate board · Brainstorm", or that it needs no board. */
export function methodBoardLabel(board: MethodBoard | null, sectionTitle: (key: string) => string): string {
	if (!board) return m.ws_lib_no_board();
	if (board.sections.length === 0) return m.ws_lib_whole_board({ board: boardName(board.stage) });
	return m.ws_lib_board_sections({ board: boardName(board.stage), sections: board.sections.map(sectionTitle).join(', ') });
}

export function workshopStateLabel(state: WorkshopState): string {
	switch (state) {
		case 'planned':
			return m.ws_state_planned();
		case 'running':
			return m.ws_state_running();
		case 'ended':
			return m.ws_state_ended();
	}
}

export function presetTitle(preset: StepPreset): string {
	switch (preset) {
		case 'welcome':
			return m.ws_preset_welcome_title();
		case 'energizer':
			return m.ws_preset_energizer_title();
		case 'break':
			return m.ws_preset_break_title();
		case 'wrap_up':
			return m.ws_preset_wrap_up_title();
	}
}

export function presetInstructions(preset: StepPreset): string {
	switch (preset) {
		case 'welcome':
			return m.ws_preset_welcome_instructions();
		case 'energizer':
			return m.ws_preset_energizer_instructions();
		case 'break':
			return m.ws_preset_break_instructions();
		case 'wrap_up':
			return m.ws_preset_wrap_up_instructions();
	}
}
