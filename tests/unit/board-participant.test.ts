import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addNote,
	countBySection,
	currentSection,
	findSectionByKey,
	listNotes,
	listSections,
	myNotes,
	noteTextScale,
	openVotingRound,
	readVotingRound,
	seedBoardTemplate,
	setVotingStatus,
	shownSection,
	targetScale,
	votableNotes,
	READABLE_ZOOM
} from '../../src/lib/board/index.ts';

function ideateBoard() {
	const doc = new Y.Doc();
	seedBoardTemplate(doc, 'ideate');
	const brainstorm = findSectionByKey(doc, 'brainstorm')!;
	const hmw = findSectionByKey(doc, 'hmw')!;
	const clusters = findSectionByKey(doc, 'clusters')!;
	return { doc, brainstorm, hmw, clusters, sections: listSections(doc) };
}

describe('participant mode', () => {
	it('lists my notes only, newest first', () => {
		const { doc, brainstorm } = ideateBoard();
		addNote(doc, { text: 'ของฉันก่อน', author: 'me', section: brainstorm.id, created: 1 });
		addNote(doc, { text: 'ของคนอื่น', author: 'other', section: brainstorm.id, created: 2 });
		addNote(doc, { text: 'ของฉันทีหลัง', author: 'me', section: brainstorm.id, created: 3 });
		expect(myNotes(listNotes(doc), 'me').map((n) => n.text)).toEqual(['ของฉันทีหลัง', 'ของฉันก่อน']);
		expect(myNotes(listNotes(doc), 'nobody')).toEqual([]);
	});

	it('sends a new note to the main writing area of the board when nothing else says where', () => {
		const { sections, brainstorm } = ideateBoard();
		expect(currentSection({ sections })).toBe(brainstorm.id);
		const empathize = new Y.Doc();
		seedBoardTemplate(empathize, 'empathize');
		expect(currentSection({ sections: listSections(empathize) })).toBe(findSectionByKey(empathize, 'says')!.id);
		expect(currentSection({ sections: [] })).toBe('');
	});

	it('prefers my choice, then an open round’s section, then what the facilitator shows', () => {
		const { doc, sections, brainstorm, hmw, clusters } = ideateBoard();
		const shown = { x: clusters.x + 10, y: clusters.y + 10, w: 200, h: 200 };
		expect(currentSection({ sections, shown })).toBe(clusters.id);
		openVotingRound(doc, { perPerson: 3, anonymous: false, section: hmw.id });
		expect(currentSection({ sections, shown, voting: readVotingRound(doc) })).toBe(hmw.id);
		setVotingStatus(doc, 'closed');
		expect(currentSection({ sections, shown, voting: readVotingRound(doc) })).toBe(clusters.id);
		expect(currentSection({ sections, shown, voting: readVotingRound(doc), chosen: brainstorm.id })).toBe(brainstorm.id);
		// Loose on the canvas is a choice too; a section deleted since is not.
		expect(currentSection({ sections, chosen: '' })).toBe('');
		expect(currentSection({ sections, chosen: 'gone' })).toBe(brainstorm.id);
	});

	it('finds the section in the middle of an area, the smallest one there', () => {
		const { sections, brainstorm } = ideateBoard();
		expect(shownSection(sections, { x: brainstorm.x, y: brainstorm.y, w: 100, h: 100 })?.id).toBe(brainstorm.id);
		expect(shownSection(sections, { x: -5000, y: -5000, w: 10, h: 10 })).toBeNull();
		expect(shownSection(sections, null)).toBeNull();
	});

	it('lists the notes that take dots in a round, in reading order, without empty ones', () => {
		const { doc, brainstorm, hmw } = ideateBoard();
		const second = addNote(doc, { text: 'ล่าง', author: 'a', x: 10, y: 700, section: brainstorm.id });
		const first = addNote(doc, { text: 'บน', author: 'b', x: 10, y: 400, section: brainstorm.id });
		addNote(doc, { text: '   ', author: 'b', x: 300, y: 400, section: brainstorm.id });
		const elsewhere = addNote(doc, { text: 'คำถาม', author: 'a', section: hmw.id });
		expect(votableNotes(listNotes(doc), null)).toEqual([]);
		openVotingRound(doc, { perPerson: 3, anonymous: false, section: brainstorm.id });
		expect(votableNotes(listNotes(doc), readVotingRound(doc)).map((n) => n.id)).toEqual([first, second]);
		openVotingRound(doc, { perPerson: 3, anonymous: false });
		expect(votableNotes(listNotes(doc), readVotingRound(doc)).map((n) => n.id)).toContain(elsewhere);
	});

	it('counts the notes of each section', () => {
		const { doc, brainstorm, hmw } = ideateBoard();
		addNote(doc, { text: 'หนึ่ง', author: 'a', section: brainstorm.id });
		addNote(doc, { text: 'สอง', author: 'a', section: brainstorm.id });
		addNote(doc, { text: 'สาม', author: 'a', section: hmw.id });
		const counts = countBySection(listNotes(doc));
		expect(counts.get(brainstorm.id)).toBe(2);
		expect(counts.get(hmw.id)).toBe(1);
		expect(counts.get('missing')).toBeUndefined();
	});
});

describe('reading a board from far out', () => {
	it('draws text larger only below the readable zoom, never more than 3.5 times', () => {
		expect(noteTextScale(1)).toBe(1);
		expect(noteTextScale(READABLE_ZOOM)).toBe(1);
		expect(noteTextScale(0.31) * 16 * 0.31).toBeCloseTo(12);
		expect(noteTextScale(0.1)).toBe(3.5);
	});

	it('scales a control so its target on screen is at least the size asked', () => {
		// A 32 px dot button at 31 %: 24 px with a mouse, 44 px on touch.
		expect(32 * 0.31 * targetScale(0.31, 32, 24)).toBeCloseTo(24);
		expect(32 * 0.31 * targetScale(0.31, 32, 44)).toBeCloseTo(44);
		expect(targetScale(2, 32, 24)).toBe(1);
	});
});
