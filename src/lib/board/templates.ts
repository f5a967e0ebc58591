import * as Y from 'yjs';
import { boardRoots } from './schema.ts';
import { addSection } from './sections.ts';
import type { BoardStage } from '../domain/stages.ts';

/**
 * Each stage's board template (DESIGN.md: "The four stages", and Implement & scale), seeded as titled sections the
 * facilitator can rearrange. Section titles are catalogue keys (`board_section_<key>`), so the
 * board reads in Thai or English; a renamed section keeps the user's title instead.
 */
export const TEMPLATE_VERSION = 1;

interface TemplateSection {
	key: string;
	x: number;
	y: number;
	w: number;
	h: number;
	color: string;
}

const Q = 600; // a quadrant of a 2×2
const GAP = 24;

export const STAGE_TEMPLATES: Record<BoardStage, TemplateSection[]> = {
	empathize: [
		{ key: 'says', x: 0, y: 0, w: Q, h: 440, color: 'sand' },
		{ key: 'thinks', x: Q + GAP, y: 0, w: Q, h: 440, color: 'sky' },
		{ key: 'does', x: 0, y: 440 + GAP, w: Q, h: 440, color: 'mint' },
		{ key: 'feels', x: Q + GAP, y: 440 + GAP, w: Q, h: 440, color: 'rose' },
		{ key: 'personas', x: 2 * (Q + GAP), y: 0, w: 640, h: 440, color: 'lilac' },
		{ key: 'interviews', x: 2 * (Q + GAP), y: 440 + GAP, w: 640, h: 440, color: 'slate' },
		{ key: 'journey_steps', x: 0, y: 2 * (440 + GAP), w: 2 * (Q + GAP) + 640, h: 300, color: 'sky' },
		{ key: 'journey_pains', x: 0, y: 2 * (440 + GAP) + 300 + GAP, w: 2 * (Q + GAP) + 640, h: 300, color: 'rose' }
	],
	ideate: [
		{ key: 'hmw', x: 0, y: 0, w: 1224, h: 300, color: 'sky' },
		{ key: 'brainstorm', x: 0, y: 300 + GAP, w: 1224, h: 640, color: 'sand' },
		{ key: 'clusters', x: 1224 + GAP, y: 0, w: 900, h: 964, color: 'lilac' },
		{ key: 'dot_vote', x: 0, y: 964 + GAP, w: 600, h: 640, color: 'mint' },
		{ key: 'impact_high_effort_low', x: 624, y: 964 + GAP, w: Q, h: 308, color: 'mint' },
		{ key: 'impact_high_effort_high', x: 624 + Q + GAP, y: 964 + GAP, w: Q, h: 308, color: 'sky' },
		{ key: 'impact_low_effort_low', x: 624, y: 964 + GAP + 308 + GAP, w: Q, h: 308, color: 'sand' },
		{ key: 'impact_low_effort_high', x: 624 + Q + GAP, y: 964 + GAP + 308 + GAP, w: Q, h: 308, color: 'rose' }
	],
	prototype: [
		{ key: 'proto_what', x: 0, y: 0, w: 560, h: 420, color: 'sand' },
		{ key: 'proto_who', x: 560 + GAP, y: 0, w: 560, h: 420, color: 'sky' },
		{ key: 'proto_learn', x: 2 * (560 + GAP), y: 0, w: 560, h: 420, color: 'mint' },
		{ key: 'proto_storyboard', x: 0, y: 420 + GAP, w: 3 * 560 + 2 * GAP, h: 360, color: 'lilac' }
	],
	test: [
		{ key: 'test_worked', x: 0, y: 0, w: Q, h: 440, color: 'mint' },
		{ key: 'test_change', x: Q + GAP, y: 0, w: Q, h: 440, color: 'rose' },
		{ key: 'test_questions', x: 0, y: 440 + GAP, w: Q, h: 440, color: 'sky' },
		{ key: 'test_ideas', x: Q + GAP, y: 440 + GAP, w: Q, h: 440, color: 'sand' },
		{ key: 'feedback', x: 2 * (Q + GAP), y: 0, w: 720, h: 904, color: 'slate' }
	],
	// Implement & scale: the rollout by phase across the top, then who must act, what could go
	// wrong, how we will know it works, what it needs, and where it goes next.
	implement: [
		{ key: 'impl_rollout', x: 0, y: 0, w: 3 * 560 + 2 * GAP, h: 360, color: 'sky' },
		{ key: 'impl_stakeholders', x: 0, y: 360 + GAP, w: 560, h: 440, color: 'lilac' },
		{ key: 'impl_risks', x: 560 + GAP, y: 360 + GAP, w: 560, h: 440, color: 'rose' },
		{ key: 'impl_metrics', x: 2 * (560 + GAP), y: 360 + GAP, w: 560, h: 440, color: 'mint' },
		{ key: 'impl_resources', x: 0, y: 360 + GAP + 440 + GAP, w: 560 + GAP / 2 + 280, h: 320, color: 'sand' },
		{
			key: 'impl_scale',
			x: 560 + GAP / 2 + 280 + GAP,
			y: 360 + GAP + 440 + GAP,
			w: 3 * 560 + 2 * GAP - (560 + GAP / 2 + 280 + GAP),
			h: 320,
			color: 'slate'
		}
	]
};

/** The section key citizen feedback is imported into, on a Test board. */
export const FEEDBACK_SECTION_KEY = 'feedback';

/** Every key a template uses (the catalogue has a title for each). */
export const TEMPLATE_SECTION_KEYS = Object.values(STAGE_TEMPLATES).flatMap((t) => t.map((s) => s.key));

/** Seeds a stage's template into an empty board. Does nothing on a board that has one. */
export function seedBoardTemplate(doc: Y.Doc, stage: BoardStage): boolean {
	const { meta } = boardRoots(doc);
	if (meta.has('template')) return false;
	doc.transact(() => {
		for (const s of STAGE_TEMPLATES[stage]) addSection(doc, { kind: 'template', ...s });
		meta.set('stage', stage);
		meta.set('template', TEMPLATE_VERSION);
	});
	return true;
}

/** The stage a board document says it belongs to. */
export function boardStage(doc: Y.Doc): string | null {
	const stage = boardRoots(doc).meta.get('stage');
	return typeof stage === 'string' ? stage : null;
}
