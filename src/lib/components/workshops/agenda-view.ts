import { m } from '$lib/paraglide/messages.js';
import { STAGE_TEMPLATES } from '$lib/board/templates';
import { sectionTitle } from '$lib/components/board/board-labels';
import { boardName } from '$lib/i18n/workshops/labels';
import type { MethodSource } from '$lib/domain/methods';
import type { Stage } from '$lib/domain/stages';
import type { AgendaStep, WorkshopBoard } from '$lib/domain/workshops';

/** A method as the agenda's library picker lists it. */
export interface PickerMethod {
	id: string;
	name: string;
	stage: Stage;
	minutes: number;
	source: MethodSource;
}

export interface PlaceGroup {
	boardId: string;
	label: string;
	options: { value: string; label: string }[];
}

function templateTitle(key: string): string {
	return sectionTitle({ title: '', key });
}

/** Where a step can happen: each of the workshop's boards, whole or one of its template sections. */
export function placeGroups(boards: readonly WorkshopBoard[]): PlaceGroup[] {
	return boards.map((board) => ({
		boardId: board.id,
		label: boardName(board.stage),
		options: [
			{ value: board.id, label: m.ws_place_whole_board({ board: boardName(board.stage) }) },
			...STAGE_TEMPLATES[board.stage].map((s) => ({ value: `${board.id}:${s.key}`, label: `${boardName(board.stage)} · ${templateTitle(s.key)}` }))
		]
	}));
}

/** The place field's value for a step. */
export function placeValue(step: Pick<AgendaStep, 'boardId' | 'sectionKey'>): string {
	if (!step.boardId) return '';
	return step.sectionKey ? `${step.boardId}:${step.sectionKey}` : step.boardId;
}

/** Where a step happens, in words; null when it uses no board. */
export function placeLabel(
	step: Pick<AgendaStep, 'boardId' | 'sectionKey'>,
	boards: readonly WorkshopBoard[]
): { board: string; section: string | null } | null {
	const board = boards.find((b) => b.id === step.boardId);
	if (!board) return null;
	return { board: boardName(board.stage), section: step.sectionKey ? templateTitle(step.sectionKey) : null };
}
