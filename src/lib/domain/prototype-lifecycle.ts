/**
 * The prototype lifecycle: idea → building → testing → piloting → scaled, or dropped.
 * Pure data and rules, shared by every prototype module (and handed to pages through loads).
 */

export const PROTOTYPE_STATUSES = ['idea', 'building', 'testing', 'piloting', 'scaled', 'dropped'] as const;
export type PrototypeStatus = (typeof PROTOTYPE_STATUSES)[number];

/** The forward path, in order (dropped is off the path). */
export const STATUS_PATH = ['idea', 'building', 'testing', 'piloting', 'scaled'] as const satisfies readonly PrototypeStatus[];

export const FIDELITIES = ['sketch', 'paper', 'clickable', 'service_pilot', 'other'] as const;
export type Fidelity = (typeof FIDELITIES)[number];

/** What a team decides after a test. */
export const DECISION_OUTCOMES = ['iterate', 'pilot', 'scale', 'drop'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export const EVIDENCE_KINDS = ['feedback_round', 'board_section', 'figure', 'link'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * The moves allowed from each status. Forward one step at a time; back one step when a test
 * sends the team back to the workbench (design thinking loops); dropped from anywhere alive;
 * a dropped prototype can only be revived as an idea, so its history restarts honestly.
 */
const TRANSITIONS: Record<PrototypeStatus, readonly PrototypeStatus[]> = {
	idea: ['building', 'dropped'],
	building: ['testing', 'idea', 'dropped'],
	testing: ['piloting', 'building', 'dropped'],
	piloting: ['scaled', 'testing', 'dropped'],
	scaled: ['piloting', 'dropped'],
	dropped: ['idea']
};

export function isPrototypeStatus(value: unknown): value is PrototypeStatus {
	return typeof value === 'string' && (PROTOTYPE_STATUSES as readonly string[]).includes(value);
}

/** The statuses a prototype in `from` may move to, in lifecycle order. */
export function nextStatuses(from: PrototypeStatus): PrototypeStatus[] {
	return PROTOTYPE_STATUSES.filter((s) => TRANSITIONS[from].includes(s));
}

export function canTransition(from: PrototypeStatus, to: PrototypeStatus): boolean {
	return TRANSITIONS[from].includes(to);
}

/** How far along the path a status is (0 = idea … 4 = scaled); dropped is -1. */
export function pathIndex(status: PrototypeStatus): number {
	return (STATUS_PATH as readonly string[]).indexOf(status);
}

/** The status a decision points to, when it implies a move. */
export function statusForOutcome(outcome: DecisionOutcome): PrototypeStatus {
	switch (outcome) {
		case 'iterate':
			return 'building';
		case 'pilot':
			return 'piloting';
		case 'scale':
			return 'scaled';
		case 'drop':
			return 'dropped';
	}
}
