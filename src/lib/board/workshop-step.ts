import type * as Y from 'yjs';
import { boardRoots } from './schema.ts';

/**
 * The workshop step the room is on, in `meta.workshopStep` of every board of a running workshop
 * (written by the server: `server/workshops/live.ts`, through the hub). Every board page shows it
 * and, when the step is on another board, goes there. Only the server and facilitators write
 * `meta` (rules/meta-facilitators-only.ts).
 */
export interface WorkshopStepMeta {
	workshopId: string;
	stepId: string;
	/** 0-based place in the agenda, of `count` steps. */
	index: number;
	count: number;
	title: string;
	instructions: string;
	/** The board the step is worked on, or null for a step off the boards (a welcome, a break). */
	boardId: string | null;
	/** The section on that board (its id in the document), or null for the whole board. */
	sectionId: string | null;
	minutes: number;
	/** When the room came to this step (server time, ms): a new value is a new move. */
	startedAt: number;
}

const text = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');
const id = (value: unknown) => (typeof value === 'string' && value.length > 0 && value.length <= 64 ? value : null);
const whole = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null);

export function readWorkshopStep(doc: Y.Doc): WorkshopStepMeta | null {
	const raw = boardRoots(doc).meta.get('workshopStep') as Record<string, unknown> | undefined;
	if (!raw || typeof raw !== 'object') return null;
	const workshopId = id(raw.workshopId);
	const stepId = id(raw.stepId);
	const index = whole(raw.index);
	const count = whole(raw.count);
	const minutes = whole(raw.minutes);
	const startedAt = whole(raw.startedAt);
	if (!workshopId || !stepId || index === null || count === null || index >= count || minutes === null || startedAt === null) return null;
	return {
		workshopId,
		stepId,
		index,
		count,
		title: text(raw.title, 200),
		instructions: text(raw.instructions, 4000),
		boardId: id(raw.boardId),
		sectionId: id(raw.sectionId),
		minutes,
		startedAt
	};
}

export function setWorkshopStep(doc: Y.Doc, step: WorkshopStepMeta): void {
	boardRoots(doc).meta.set('workshopStep', { ...step });
}

export function clearWorkshopStep(doc: Y.Doc): void {
	boardRoots(doc).meta.delete('workshopStep');
}
