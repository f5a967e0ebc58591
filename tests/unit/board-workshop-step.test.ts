import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardRoots, clearWorkshopStep, readWorkshopStep, setWorkshopStep, type WorkshopStepMeta } from '../../src/lib/board/index.ts';

const step: WorkshopStepMeta = {
	workshopId: 'w1',
	stepId: 's2',
	index: 1,
	count: 3,
	title: 'ระดมความคิด',
	instructions: 'เขียนหนึ่งความคิดต่อโน้ตหนึ่งใบ',
	boardId: 'b1',
	sectionId: 'sec1',
	minutes: 15,
	startedAt: 1_000
};

describe('the workshop step in a board’s meta', () => {
	it('is read back as written, and gone once cleared', () => {
		const doc = new Y.Doc();
		expect(readWorkshopStep(doc)).toBeNull();
		setWorkshopStep(doc, step);
		expect(readWorkshopStep(doc)).toEqual(step);
		clearWorkshopStep(doc);
		expect(readWorkshopStep(doc)).toBeNull();
	});

	it('reads a malformed value as no step, and a step off the boards with null board and section', () => {
		const doc = new Y.Doc();
		const { meta } = boardRoots(doc);
		for (const bad of ['x', { ...step, index: 3 }, { ...step, stepId: '' }, { ...step, minutes: -1 }, { ...step, startedAt: 'soon' }]) {
			meta.set('workshopStep', bad);
			expect(readWorkshopStep(doc)).toBeNull();
		}
		meta.set('workshopStep', { ...step, boardId: null, sectionId: 42, title: 7 });
		expect(readWorkshopStep(doc)).toMatchObject({ boardId: null, sectionId: null, title: '' });
	});
});
