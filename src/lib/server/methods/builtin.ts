import { m } from '$lib/paraglide/messages.js';
import type { Stage } from '../../domain/stages.ts';
import type { MethodBoard } from '../../domain/methods.ts';

/**
 * The methods that ship with the app: the lab's starting toolkit, read-only (a lab copies one
 * to change it). What is not text lives here; the texts are catalogue messages
 * `ws_method_<slug with _>_<field>` in Thai and English, so they are translated like the rest
 * of the app. Steps and tips are one per line.
 */
export interface BuiltinMethod {
	id: string;
	stage: Stage;
	minutes: number;
	group: [min: number, max: number];
	board: MethodBoard | null;
	/** Its step works on the board's ideas wherever they are (a vote): an empty section of its own is not where the room goes. */
	onIdeas?: true;
}

const board = (stage: MethodBoard['stage'], ...sections: string[]): MethodBoard => ({ stage, sections });

export const BUILTIN_METHODS: readonly BuiltinMethod[] = [
	// Empathize
	{ id: 'stakeholder-map', stage: 'empathize', minutes: 45, group: [3, 8], board: board('empathize') },
	{ id: 'empathy-interview', stage: 'empathize', minutes: 60, group: [2, 3], board: board('empathize', 'interviews') },
	{ id: 'observation', stage: 'empathize', minutes: 90, group: [1, 3], board: board('empathize', 'does') },
	{ id: 'empathy-map', stage: 'empathize', minutes: 40, group: [3, 8], board: board('empathize', 'says', 'thinks', 'does', 'feels') },
	{ id: 'persona', stage: 'empathize', minutes: 45, group: [3, 6], board: board('empathize', 'personas') },
	{ id: 'journey-map', stage: 'empathize', minutes: 60, group: [3, 8], board: board('empathize', 'journey_steps', 'journey_pains') },
	{ id: 'five-whys', stage: 'empathize', minutes: 20, group: [2, 6], board: board('empathize', 'journey_pains') },
	{ id: 'insight-statements', stage: 'empathize', minutes: 45, group: [3, 8], board: board('empathize', 'interviews') },
	// Ideate
	{ id: 'how-might-we', stage: 'ideate', minutes: 20, group: [3, 10], board: board('ideate', 'hmw') },
	{ id: 'brainstorm', stage: 'ideate', minutes: 25, group: [3, 12], board: board('ideate', 'brainstorm') },
	{ id: 'crazy-8s', stage: 'ideate', minutes: 15, group: [3, 12], board: board('ideate', 'brainstorm') },
	{ id: 'scamper', stage: 'ideate', minutes: 30, group: [3, 8], board: board('ideate', 'brainstorm') },
	{ id: 'worst-idea', stage: 'ideate', minutes: 20, group: [3, 12], board: board('ideate', 'brainstorm') },
	{ id: 'clustering', stage: 'ideate', minutes: 25, group: [3, 10], board: board('ideate', 'clusters') },
	{ id: 'dot-voting', stage: 'ideate', minutes: 10, group: [3, 30], board: board('ideate', 'dot_vote'), onIdeas: true },
	{
		id: 'impact-effort',
		stage: 'ideate',
		minutes: 30,
		group: [3, 10],
		board: board('ideate', 'impact_high_effort_low', 'impact_high_effort_high', 'impact_low_effort_low', 'impact_low_effort_high')
	},
	// Prototype
	{ id: 'prototype-card', stage: 'prototype', minutes: 20, group: [2, 6], board: board('prototype', 'proto_what', 'proto_who', 'proto_learn') },
	{ id: 'storyboard', stage: 'prototype', minutes: 40, group: [2, 5], board: board('prototype', 'proto_storyboard') },
	{ id: 'paper-prototype', stage: 'prototype', minutes: 60, group: [2, 5], board: board('prototype', 'proto_what') },
	{ id: 'service-blueprint', stage: 'prototype', minutes: 90, group: [4, 10], board: board('prototype', 'proto_storyboard') },
	{ id: 'role-play', stage: 'prototype', minutes: 30, group: [3, 8], board: board('prototype', 'proto_learn') },
	{ id: 'wizard-of-oz', stage: 'prototype', minutes: 60, group: [2, 5], board: board('prototype', 'proto_what') },
	// Test
	{ id: 'test-card', stage: 'test', minutes: 20, group: [2, 6], board: board('test', 'test_questions') },
	{ id: 'usability-test', stage: 'test', minutes: 45, group: [2, 3], board: board('test', 'test_worked', 'test_change') },
	{
		id: 'feedback-grid',
		stage: 'test',
		minutes: 20,
		group: [3, 12],
		board: board('test', 'test_worked', 'test_change', 'test_questions', 'test_ideas')
	},
	{ id: 'i-like-i-wish', stage: 'test', minutes: 15, group: [3, 30], board: board('test', 'test_worked', 'test_change', 'test_ideas') },
	{ id: 'citizen-feedback-review', stage: 'test', minutes: 45, group: [3, 8], board: board('test', 'feedback') },
	// Implement & scale: worked on paper or in a document, not on a stage board
	{ id: 'pilot-plan', stage: 'implement', minutes: 60, group: [3, 8], board: null },
	{ id: 'scaling-roadmap', stage: 'implement', minutes: 60, group: [3, 10], board: null },
	{ id: 'one-page-brief', stage: 'implement', minutes: 45, group: [2, 4], board: null },
	{ id: 'after-action-review', stage: 'implement', minutes: 45, group: [3, 15], board: null }
];

export const BUILTIN_TEXT_FIELDS = ['name', 'summary', 'purpose', 'when', 'steps', 'tips'] as const;
export type BuiltinTextField = (typeof BUILTIN_TEXT_FIELDS)[number];

type MessageFn = (inputs?: Record<string, never>, options?: { locale?: 'th' | 'en' }) => string;

/** The catalogue key of one text of a built-in method. */
export function builtinMessageKey(id: string, field: BuiltinTextField): string {
	return `ws_method_${id.replaceAll('-', '_')}_${field}`;
}

/** One text of a built-in method, in `locale` (the request's when not given). Throws for a missing message: a build fault. */
export function builtinText(id: string, field: BuiltinTextField, locale?: 'th' | 'en'): string {
	const message = (m as unknown as Record<string, MessageFn | undefined>)[builtinMessageKey(id, field)];
	if (!message) throw new Error(`no catalogue message for ${builtinMessageKey(id, field)}`);
	return message({}, locale ? { locale } : {});
}

export function findBuiltinMethod(id: string): BuiltinMethod | null {
	return BUILTIN_METHODS.find((method) => method.id === id) ?? null;
}

/** Text with one item per line: trimmed, blank lines dropped. */
export function lines(text: string): string[] {
	return text
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean);
}
