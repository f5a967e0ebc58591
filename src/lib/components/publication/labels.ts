import { m } from '$lib/paraglide/messages.js';
import { stageLabel } from '$lib/i18n/labels';
import type { Stage } from '$lib/domain/stages';
import type { WithholdReason } from '$lib/domain/publication';

/** "Empathize board", in the current language. */
export function boardStageLabel(stage: string): string {
	return m.board_board_of_stage({ stage: stageLabel(stage as Stage) });
}

/** Why the preview withholds a note. */
export function withholdReasonLabel(reason: WithholdReason): string {
	switch (reason) {
		case 'feedback_not_approved':
			return m.pub_reason_feedback_not_approved();
		case 'feedback_changed':
			return m.pub_reason_feedback_changed();
		case 'feedback_hidden':
			return m.pub_reason_feedback_hidden();
	}
}
