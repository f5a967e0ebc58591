import { m } from '$lib/paraglide/messages.js';
import type { BoardStage } from '$lib/domain/stages';

/** What a stage's board is for, in a sentence. */
export function stageBoardDescription(stage: BoardStage): string {
	switch (stage) {
		case 'empathize':
			return m.board_about_empathize();
		case 'ideate':
			return m.board_about_ideate();
		case 'prototype':
			return m.board_about_prototype();
		case 'test':
			return m.board_about_test();
		case 'implement':
			return m.board_about_implement();
	}
}
