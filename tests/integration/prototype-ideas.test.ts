import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db/open.ts';
import { createCollabHub, type CollabHub } from '../../src/lib/server/collab/hub.ts';
import { createProject } from '../../src/lib/server/projects/projects.ts';
import { createPrototype } from '../../src/lib/server/prototypes/prototypes.ts';
import { listIdeaLinks } from '../../src/lib/server/prototypes/ideas.ts';
import { readIdeateBoard, snapshotsOf } from '../../src/lib/server/prototypes/ideate-notes.ts';
import { boardNotesReader, boardSectionsReader } from '../../src/lib/server/prototypes/board-reader.ts';
import { listBoardSectionChoices } from '../../src/lib/server/prototypes/evidence-choices.ts';
import { listDecisions, recordDecision } from '../../src/lib/server/prototypes/decisions.ts';
import { addNote, deleteNotes, updateNote } from '../../src/lib/board/notes.ts';
import { addSection } from '../../src/lib/board/sections.ts';
import { freshDatabase, makeUser } from '../helpers/db.ts';

let db: DB;
let hub: CollabHub;
let projectId: string;
let boardId: string;
let facilitator: Awaited<ReturnType<typeof makeUser>>;
const ids: Record<string, string> = {};

const title = (s: { title: string; key: string }) => s.title || `[${s.key}]`;

beforeEach(async () => {
	db = await freshDatabase();
	hub = createCollabHub({ db, maxMessageBytes: 1024 * 1024 });
	facilitator = await makeUser(db, 'facilitator');
	projectId = (await createProject(db, { title: 'ลดเวลารอคิว', challenge: 'ประชาชนรอคิวนานเกินไป', agency: 'เขต', tags: '' }, facilitator)).id;
	boardId = (await db.selectFrom('boards').select('id').where('project_id', '=', projectId).where('stage', '=', 'ideate').executeTakeFirstOrThrow())
		.id;
	await hub.changeBoard(boardId, (doc) => {
		const cluster = addSection(doc, { kind: 'cluster', title: 'ผู้สูงอายุ', x: 0, y: 2000, w: 600, h: 400 });
		ids.phone = addNote(doc, { text: 'โทรจองคิวล่วงหน้า', section: cluster, author: facilitator.id });
		ids.line = addNote(doc, { text: 'จองคิวผ่าน LINE', x: 5000, y: 5000, author: facilitator.id });
		ids.empty = addNote(doc, { text: '   ', x: 5200, y: 5000, author: facilitator.id });
	});
});

afterEach(async () => {
	await hub.close();
	await db.destroy();
});

describe('the ideas a prototype came from', () => {
	it('offers the Ideate board’s notes with their section, skipping empty ones', async () => {
		const board = await readIdeateBoard(db, projectId, boardNotesReader({ collab: hub }, title));
		expect(board?.boardId).toBe(boardId);
		expect(board?.notes.map((n) => [n.text, n.section])).toEqual([
			['โทรจองคิวล่วงหน้า', 'ผู้สูงอายุ'],
			['จองคิวผ่าน LINE', '']
		]);
	});

	it('keeps each note’s text as it was when linked, after the note is edited and then deleted', async () => {
		const board = (await readIdeateBoard(db, projectId, boardNotesReader({ collab: hub }, title)))!;
		const { ideas, missing } = snapshotsOf(board, [ids.phone, ids.line]);
		expect(missing).toBe(0);
		const { id } = await createPrototype(
			db,
			projectId,
			{
				title: 'บัตรคิวทางโทรศัพท์',
				summary: 'โทรจองคิวล่วงหน้าสำหรับผู้สูงอายุ',
				audience: 'ผู้สูงอายุ',
				learningGoal: 'ผู้สูงอายุจะโทรจองเองหรือไม่',
				owner: '',
				fidelity: 'paper',
				tags: ''
			},
			facilitator,
			{ ideas }
		);
		await hub.changeBoard(boardId, (doc) => {
			updateNote(doc, ids.phone!, { text: 'แก้ข้อความแล้ว' });
			deleteNotes(doc, [ids.line!]);
		});
		const links = await listIdeaLinks(db, id);
		expect(links.map((l) => [l.noteId, l.boardId, l.text, l.section])).toEqual([
			[ids.line, boardId, 'จองคิวผ่าน LINE', ''],
			[ids.phone, boardId, 'โทรจองคิวล่วงหน้า', 'ผู้สูงอายุ']
		]);
	});

	it('reports a chosen note that is no longer on the board instead of inventing its text', async () => {
		const board = (await readIdeateBoard(db, projectId, boardNotesReader({ collab: hub }, title)))!;
		const { ideas, missing } = snapshotsOf(board, [ids.line, 'deleted-meanwhile', ids.line]);
		expect(ideas.map((i) => i.noteId)).toEqual([ids.line]);
		expect(missing).toBe(1);
	});

	it('says the board cannot be read when there is no collab hub', async () => {
		expect(await readIdeateBoard(db, projectId, null)).toBeNull();
	});
});

describe('board sections as a decision’s evidence', () => {
	it('offers the Test board’s sections that hold notes, and keeps the one chosen with the decision', async () => {
		const testBoard = (
			await db.selectFrom('boards').select('id').where('project_id', '=', projectId).where('stage', '=', 'test').executeTakeFirstOrThrow()
		).id;
		let worked = '';
		await hub.changeBoard(testBoard, (doc) => {
			worked = addSection(doc, { kind: 'cluster', title: 'สิ่งที่ได้ผล', x: 0, y: 3000, w: 600, h: 400 });
			addSection(doc, { kind: 'cluster', title: 'ยังว่าง', x: 700, y: 3000, w: 600, h: 400 });
			addNote(doc, { text: 'ผู้สูงอายุโทรจองได้เอง', section: worked, author: facilitator.id });
			addNote(doc, { text: 'มาตรงเวลานัด', section: worked, author: facilitator.id });
		});
		const choices = await listBoardSectionChoices(db, projectId, boardSectionsReader({ collab: hub }, title), (t, n) => `${t} (${n})`);
		expect(choices).toEqual([{ ref: `${testBoard}:${worked}`, label: 'สิ่งที่ได้ผล (2)' }]);

		const { id } = await createPrototype(
			db,
			projectId,
			{
				title: 'บัตรคิวทางโทรศัพท์',
				summary: 'โทรจองคิวล่วงหน้าสำหรับผู้สูงอายุ',
				audience: 'ผู้สูงอายุ',
				learningGoal: 'ผู้สูงอายุจะโทรจองเองหรือไม่',
				owner: '',
				fidelity: 'paper',
				tags: ''
			},
			facilitator
		);
		await recordDecision(
			db,
			id,
			{
				outcome: 'iterate',
				versionId: '',
				rationale: 'ได้ผลดี แต่ต้องปรับสคริปต์',
				moveStatus: false,
				figures: [],
				links: [],
				rounds: [],
				sections: [`${testBoard}:${worked}`]
			},
			facilitator.id,
			{ rounds: [], sections: choices }
		);
		expect((await listDecisions(db, id))[0]?.evidence).toEqual([
			{ kind: 'board_section', ref: `${testBoard}:${worked}`, label: 'สิ่งที่ได้ผล (2)', value: '' }
		]);
	});
});
