/**
 * The design-thinking stages a project moves through, in order. Shared by server and pages.
 * Each has a live board; on the last, prototypes are piloted and scaled (its board plans the rollout).
 */
export const STAGES = ['empathize', 'ideate', 'prototype', 'test', 'implement'] as const;
export type Stage = (typeof STAGES)[number];

export const BOARD_STAGES = ['empathize', 'ideate', 'prototype', 'test', 'implement'] as const;
export type BoardStage = (typeof BOARD_STAGES)[number];

export function isStage(value: unknown): value is Stage {
	return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

export function stageIndex(stage: Stage): number {
	return STAGES.indexOf(stage);
}

/** Project-level roles: who does what on one project's team. */
export const PROJECT_ROLES = ['facilitator', 'member', 'viewer'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export const VISIBILITIES = ['private', 'published'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
