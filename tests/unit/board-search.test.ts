import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	activeFilterCount,
	addNote,
	findNotes,
	listNotes,
	matchText,
	normalizeForSearch,
	parseQuery,
	viewOnNote,
	NO_FILTERS,
	READABLE_ZOOM,
	type BoardNote,
	type FindContext,
	type FindFilters
} from '../../src/lib/board/index.ts';

let seq = 0;
function note(text: string, fields: Partial<BoardNote> = {}): BoardNote {
	seq += 1;
	return { id: `n${seq}`, text, x: 0, y: 0, w: 180, h: 140, color: 'yellow', section: '', author: 'u1', created: seq, ...fields };
}

const context = (over: Partial<FindContext> = {}): FindContext => ({ sections: [], dots: () => 0, revealed: false, ...over });
const filters = (over: Partial<FindFilters> = {}): FindFilters => ({ ...NO_FILTERS, ...over });
const found = (notes: BoardNote[], text: string, f: FindFilters = NO_FILTERS, c: FindContext = context()) =>
	findNotes(notes, text, f, c).ids.map((id) => notes.find((n) => n.id === id)!.text);

describe('Thai-aware matching', () => {
	const elderly = 'ผู้สูงอายุรอคิวนาน';

	it('finds a Thai word inside text written without spaces', () => {
		expect(matchText(elderly, parseQuery('คิว'))).toEqual({ phrase: true, prefixes: 1 });
		expect(matchText(elderly, parseQuery('สูงอายุ'))).not.toBeNull();
		expect(matchText(elderly, parseQuery('รอคิว'))).not.toBeNull();
	});

	it('needs every query word, in any order', () => {
		// The query is segmented too: นาน|ผู้|สูง|อายุ, each the start of a word of the note.
		expect(matchText(elderly, parseQuery('นาน ผู้สูงอายุ'))).toEqual({ phrase: false, prefixes: 4 });
		expect(matchText(elderly, parseQuery('คิว เด็ก'))).toBeNull();
		expect(matchText(elderly, parseQuery('โรงพยาบาล'))).toBeNull();
	});

	it('reads a tone mark typed before its vowel as the same text', () => {
		// ผ + MAI THO + SARA UU: a Thai keyboard allows this order; it looks like ผู้.
		const typed = 'ผ\u0E49\u0E39สูงอายุ';
		expect(typed).not.toBe('ผู้สูงอายุ');
		expect(matchText(elderly, parseQuery(typed))).not.toBeNull();
		expect(matchText(typed, parseQuery('ผู้'))).not.toBeNull();
	});

	it('reads SARA AM typed as NIKHAHIT and SARA AA as SARA AM', () => {
		expect(matchText('ทำแบบฟอร์มออนไลน์', parseQuery('ท\u0E4D\u0E32แบบ'))).not.toBeNull();
	});

	it('ignores zero-width spaces, case and extra whitespace', () => {
		expect(normalizeForSearch('  Queue\u200B\u200Bที่\u00A0 สำนักงาน \n เขต ')).toBe('queueที่ สำนักงาน เขต');
		expect(matchText('ผู้สูง\u200Bอายุ', parseQuery('สูงอายุ'))).not.toBeNull();
		expect(matchText('Online QUEUE booking', parseQuery('queue'))).toEqual({ phrase: true, prefixes: 1 });
	});

	it('matches NFD input to NFC notes and back', () => {
		const nfd = 'Cafe\u0301 ใกล้เขต';
		expect(matchText(nfd, parseQuery('café'))).not.toBeNull();
		expect(matchText('café ใกล้เขต', parseQuery(nfd.slice(0, 5)))).not.toBeNull();
	});

	it('matches mixed Thai and English', () => {
		const text = 'จองคิว online ผ่าน LINE OA';
		expect(matchText(text, parseQuery('line คิว'))).toEqual({ phrase: false, prefixes: 2 });
		expect(matchText(text, parseQuery('จองคิว ONLINE'))).toEqual({ phrase: true, prefixes: 3 });
		expect(matchText(text, parseQuery('offline'))).toBeNull();
	});

	it('matches nothing for an empty query', () => {
		expect(parseQuery('  \u200B ')).toEqual({ phrase: '', words: [] });
		expect(matchText('อะไรก็ได้', parseQuery(''))).toBeNull();
	});
});

describe('findNotes', () => {
	it('ranks the whole phrase first, then word starts, then top left first', () => {
		const notes = [
			note('ต่อคิวที่ประตู', { x: 0, y: 0 }),
			note('รอนานมาก ไม่มีคิว', { x: 400, y: 400 }),
			note('คิวรอนาน', { x: 0, y: 800 }),
			note('รอ นาน และ คิว', { x: 0, y: 400 }),
			note('ไม่เกี่ยวข้อง', { x: 0, y: 0 })
		];
		// "รอนาน" as typed: notes 2 and 3 hold it; 4 has both words apart (a phrase once spaces go).
		expect(found(notes, 'รอนาน')).toEqual(['รอ นาน และ คิว', 'รอนานมาก ไม่มีคิว', 'คิวรอนาน']);
		expect(found(notes, 'นาน รอ')).toEqual(['รอ นาน และ คิว', 'รอนานมาก ไม่มีคิว', 'คิวรอนาน']);
	});

	it('prefers query words that start a word over words found inside one', () => {
		const notes = [note('ผู้สูงอายุ', { y: 0 }), note('สูงมาก', { y: 400 })];
		// "สู" starts สูง in both, so reading order decides; "ง" starts nothing.
		expect(found(notes, 'สู')).toEqual(['ผู้สูงอายุ', 'สูงมาก']);
		expect(found([note('อายุมาก', { y: 400 }), note('ผู้สูงอายุ', { y: 0 })], 'อายุ')).toEqual(['ผู้สูงอายุ', 'อายุมาก']);
	});

	it('brings the notes of a section whose title matches, after the direct matches', () => {
		const notes = [
			note('รอนาน', { section: 'pains', y: 200 }),
			note('ไม่มีที่นั่ง', { section: 'pains', y: 100 }),
			note('ความเจ็บปวดของผู้ใช้', { section: 'says', y: 900 })
		];
		const c = context({
			sections: [
				{ id: 'pains', title: 'ความเจ็บปวด (Pain points)' },
				{ id: 'says', title: 'พูดว่า' }
			]
		});
		const result = findNotes(notes, 'เจ็บปวด', NO_FILTERS, c);
		expect(result.ids.map((id) => notes.find((n) => n.id === id)!.text)).toEqual(['ความเจ็บปวดของผู้ใช้', 'ไม่มีที่นั่ง', 'รอนาน']);
		expect([...result.sections].sort()).toEqual(['pains', 'says']);
		expect(findNotes(notes, 'pain', NO_FILTERS, c).ids).toHaveLength(2);
	});

	it('is inactive with no query and no filter', () => {
		expect(findNotes([note('x')], '  ', NO_FILTERS, context())).toEqual({ active: false, ids: [], matches: new Set(), sections: new Set() });
	});

	it('filters by author, anonymous notes included as their own author', () => {
		const notes = [note('คิว ก', { author: 'somchai' }), note('คิว ข', { author: 'malee' }), note('คิว ค', { author: '' })];
		expect(found(notes, 'คิว', filters({ author: 'malee' }))).toEqual(['คิว ข']);
		expect(found(notes, '', filters({ author: '' }))).toEqual(['คิว ค']);
	});

	it('filters by colour and by section (loose notes as the empty section)', () => {
		const notes = [
			note('a', { color: 'pink', section: 's1' }),
			note('b', { color: 'yellow', section: 's1' }),
			note('c', { color: 'pink', section: '' }),
			note('d', { color: 'pink', section: 'gone' })
		];
		const c = context({ sections: [{ id: 's1', title: 'หนึ่ง' }] });
		expect(found(notes, '', filters({ color: 'pink' }), c)).toEqual(['a', 'c', 'd']);
		expect(found(notes, '', filters({ color: 'pink', section: 's1' }), c)).toEqual(['a']);
		// A note whose section no longer exists is loose, as the list view shows it.
		expect(found(notes, '', filters({ section: '' }), c)).toEqual(['c', 'd']);
		const result = findNotes(notes, '', filters({ color: 'yellow' }), c);
		expect([...result.sections]).toEqual(['s1']);
	});

	it('filters by the dots this client sees', () => {
		const notes = [note('none'), note('one'), note('three')];
		const dots = new Map([
			[notes[1]!.id, 1],
			[notes[2]!.id, 3]
		]);
		const c = context({ dots: (id) => dots.get(id) ?? 0 });
		expect(found(notes, '', filters({ votes: { kind: 'dotted' } }), c)).toEqual(['one', 'three']);
		expect(found(notes, '', filters({ votes: { kind: 'at-least', min: 2 } }), c)).toEqual(['three']);
		expect(found(notes, '', filters({ votes: { kind: 'revealed' } }), c)).toEqual([]);
		expect(found(notes, '', filters({ votes: { kind: 'revealed' } }), { ...c, revealed: true })).toEqual(['one', 'three']);
	});

	it('counts the filters that are on', () => {
		expect(activeFilterCount(NO_FILTERS)).toBe(0);
		expect(activeFilterCount(filters({ author: '', color: 'blue', votes: { kind: 'dotted' } }))).toBe(3);
	});

	it('searches notes read from a real board document', () => {
		const doc = new Y.Doc();
		addNote(doc, { text: 'ผู้สูงอายุรอคิวนาน', x: 500, y: 0, author: 'a' });
		addNote(doc, { text: 'Queue numbers by SMS', x: 0, y: 0, author: 'b', color: 'blue' });
		addNote(doc, { text: 'จองคิวล่วงหน้า', x: 0, y: 300, author: 'a' });
		const notes = listNotes(doc);
		expect(found(notes, 'คิว')).toEqual(['ผู้สูงอายุรอคิวนาน', 'จองคิวล่วงหน้า']);
		expect(found(notes, 'queue', filters({ color: 'blue' }))).toEqual(['Queue numbers by SMS']);
		expect(found(notes, 'คิว', filters({ author: 'b' }))).toEqual([]);
	});
});

describe('viewOnNote', () => {
	const n = { x: 1000, y: 2000, w: 180, h: 140 };

	it('centres the note at 100 % when the view is too far out to read', () => {
		const view = viewOnNote(n, { x: 0, y: 0, zoom: 0.2 }, 1280, 700, READABLE_ZOOM);
		expect(view.zoom).toBe(1);
		expect(view.x + 1280 / 2 / view.zoom).toBe(n.x + n.w / 2);
		expect(view.y + 700 / 2 / view.zoom).toBe(n.y + n.h / 2);
	});

	it('keeps a readable zoom the user chose', () => {
		expect(viewOnNote(n, { x: 0, y: 0, zoom: 1.4 }, 1280, 700, READABLE_ZOOM).zoom).toBe(1.4);
	});

	it('zooms out to fit a note larger than a phone screen, but not below the readable zoom', () => {
		const big = { x: 0, y: 0, w: 600, h: 400 };
		const view = viewOnNote(big, { x: 0, y: 0, zoom: 2 }, 360, 500, READABLE_ZOOM);
		expect(view.zoom).toBe(READABLE_ZOOM);
		expect(viewOnNote(n, { x: 0, y: 0, zoom: 3 }, 360, 500, READABLE_ZOOM).zoom).toBe(1);
		expect(viewOnNote(n, { x: 0, y: 0, zoom: 3 }, 200, 500, READABLE_ZOOM).zoom).toBeCloseTo(200 / (180 * 1.25));
	});
});
