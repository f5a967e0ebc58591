import { BOARD_STAGES } from '../../src/lib/domain/stages.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8, zipSync, strToU8 } from 'fflate';
import type { DB } from '../../src/lib/server/db/open.ts';
import { createCollabHub, type CollabHub } from '../../src/lib/server/collab/hub.ts';
import { createFileBlobStore, type BlobStore } from '../../src/lib/server/files/blob-store.ts';
import { addNote, findSectionByKey, listNotes } from '../../src/lib/board/notes.ts';
import { castVote, openVotingRound, readVotes, readVotingRound } from '../../src/lib/board/voting.ts';
import { addTeamMember } from '../../src/lib/server/projects/team.ts';
import { changeStage } from '../../src/lib/server/projects/stages.ts';
import { addVersion, findAttachment } from '../../src/lib/server/prototypes/versions.ts';
import { saveTestPlan } from '../../src/lib/server/prototypes/test-plans.ts';
import { recordDecision } from '../../src/lib/server/prototypes/decisions.ts';
import { linkIdeas } from '../../src/lib/server/prototypes/ideas.ts';
import { checkSubmission, fieldsFrom, findByReceipt, storeResponse } from '../../src/lib/server/feedback/responses.ts';
import { addNote as addTeamNote, setStatus, setTags } from '../../src/lib/server/feedback/moderation.ts';
import { sendToTestBoard, findTestBoard } from '../../src/lib/server/feedback/to-board.ts';
import { feedbackSearch } from '../../src/lib/server/feedback/search.ts';
import { approveFeedbackWording, previewPublication, publishBoard } from '../../src/lib/server/publication/publications.ts';
import { readStoredFile } from '../../src/lib/server/files/attachments.ts';
import { exportProject } from '../../src/lib/server/portability/export.ts';
import { importProject } from '../../src/lib/server/portability/import.ts';
import { TABLES, type ProjectExport, type Row } from '../../src/lib/server/portability/format.ts';
import { InputError } from '../../src/lib/server/validation.ts';
import { bangkokDay } from '../../src/lib/server/feedback/rounds.ts';
import { freshDatabase, makeUser } from '../helpers/db.ts';
import { makeFeedbackFixture, type FeedbackFixture } from '../unit/feedback-fixtures.ts';

/**
 * Leaving with one's data: a project with a bit of everything (team, stages, boards with votes
 * and a feedback note, prototypes, versions and attachments, a test plan, a decision, rounds,
 * responses with tags and team notes, a board publication with approved wording) is exported,
 * imported into an empty instance, and exported again there: the two exports say the same,
 * once the new ids are mapped back, and the attachments have the same bytes.
 */

const PNG = Uint8Array.from(
	Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
);
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Instance {
	db: DB;
	hub: CollabHub;
	blobs: BlobStore;
	voterKey: Uint8Array;
	dir: string;
}

async function instance(): Promise<Instance> {
	const db = await freshDatabase();
	const voterKey = crypto.getRandomValues(new Uint8Array(32));
	const dir = mkdtempSync(join(tmpdir(), 'prachalab-port-'));
	return { db, hub: createCollabHub({ db, maxMessageBytes: 1 << 20, voterKey }), blobs: createFileBlobStore(dir), voterKey, dir };
}

const deps = (i: Instance) => ({ readBoard: i.hub.readBoard, blobs: i.blobs, voterKey: i.voterKey });

let a: Instance;
let b: Instance;
let fx: FeedbackFixture;
let exportA: Uint8Array;
let member: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
	a = await instance();
	b = await instance();
	const db = a.db;
	fx = await makeFeedbackFixture(db);
	member = await makeUser(db, 'member', 'สมชาย สมาชิก');
	const viewer = await makeUser(db, 'member', 'สมศรี ผู้ชม');
	await addTeamMember(db, fx.projectId, { email: member.email, role: 'member' }, fx.facilitator.id);
	await addTeamMember(db, fx.projectId, { email: viewer.email, role: 'viewer' }, fx.facilitator.id);
	await changeStage(db, fx.projectId, { to: 'ideate', reason: 'เข้าใจปัญหาพอแล้ว' }, fx.facilitator.id);

	// The Ideate board: notes, a named voting round with the member's and the facilitator's dots.
	const ideate = (
		await db.selectFrom('boards').select('id').where('project_id', '=', fx.projectId).where('stage', '=', 'ideate').executeTakeFirstOrThrow()
	).id;
	let noteId = '';
	await a.hub.changeBoard(ideate, (doc) => {
		noteId = addNote(doc, { text: 'จองคิวผ่าน LINE', x: 10, y: 20, author: member.id });
		addNote(doc, { text: 'ตู้กดบัตรคิวอัจฉริยะ', x: 220, y: 20, author: fx.facilitator.id });
		const round = openVotingRound(doc, { perPerson: 3, anonymous: false });
		for (const voterId of [member.id, member.id, fx.facilitator.id]) {
			castVote(doc, { voterId, round, votes: readVotes(doc), note: { id: noteId, section: '' }, exists: () => true });
		}
	});
	await linkIdeas(db, fx.prototypeId, [{ boardId: ideate, noteId, text: 'จองคิวผ่าน LINE', section: '' }], fx.facilitator.id);

	// Feedback: two responses, moderated, tagged, one with a team note, one sent to the Test board and its wording approved and published.
	const respond = async (text: string) => {
		const checked = checkSubmission(
			fx.round,
			fx.questions,
			fieldsFrom(
				new URLSearchParams([
					[fx.field.rating, '4'],
					[fx.field.text, text]
				])
			)
		);
		return storeResponse(db, fx.round, checked, { channel: 'web', locale: 'th', enteredBy: null, consentText: '', requireOpen: true });
	};
	const first = await respond('อยากให้แจ้งเตือนก่อนถึงคิว');
	const second = await respond('ขั้นตอนยืนยันตัวตนยาวไป ใช้ NDID ไม่เป็น');
	await setStatus(db, fx.round.id, [first.id, second.id], 'published', fx.facilitator.id);
	await setTags(db, fx.round.id, first.id, 'แจ้งเตือน, คิว');
	await setTags(db, fx.round.id, second.id, 'ยืนยันตัวตน');
	await addTeamNote(db, fx.round.id, second.id, 'ตรวจสอบกับฝ่ายทะเบียน', fx.facilitator.id);
	const wording = { author: () => 'ประชาชน', summary: () => 'อยากให้แจ้งเตือนก่อนถึงคิว' };
	await sendToTestBoard(db, a.hub, { projectId: fx.projectId, roundId: fx.round.id, responseIds: [first.id], userId: fx.facilitator.id, wording });
	const test = (await findTestBoard(db, fx.projectId))!;
	const link = await db.selectFrom('feedback_board_links').select('note_id').where('response_id', '=', first.id).executeTakeFirstOrThrow();
	await approveFeedbackWording(db, a.hub, { projectId: fx.projectId, boardId: test, noteId: link.note_id, userId: fx.facilitator.id });
	const feedbackSection = await a.hub.readBoard(test, (doc) => findSectionByKey(doc, 'feedback')!.id);
	const choice = { scope: 'sections' as const, sections: [feedbackSection] };
	const preview = await previewPublication(db, a.hub, fx.projectId, test, choice);
	expect(preview.view.notes).toHaveLength(1);
	await publishBoard(db, a.hub, { projectId: fx.projectId, boardId: test, choice, digest: preview.digest, userId: fx.facilitator.id });

	// Prototype work: a test plan, a decision citing the round, a second version answering it with two files.
	await saveTestPlan(
		db,
		fx.prototypeId,
		fx.versionId,
		{
			hypotheses: 'คนจองเองได้',
			successCriteria: 'ร้อยละ 80 จองสำเร็จ',
			targetGroup: 'คนวัยทำงาน',
			method: 'ทดสอบที่สำนักงาน',
			startsOn: bangkokDay(Date.now()),
			endsOn: bangkokDay(Date.now() + 7 * 86_400_000)
		},
		fx.facilitator.id
	);
	await recordDecision(
		db,
		fx.prototypeId,
		{
			outcome: 'iterate',
			versionId: fx.versionId,
			rationale: 'ต้องแจ้งเตือนก่อนถึงคิวและย่นการยืนยันตัวตน',
			moveStatus: false,
			figures: [{ label: 'จองสำเร็จ', value: '72%' }],
			links: [],
			rounds: [fx.round.id],
			sections: []
		},
		fx.facilitator.id,
		{ rounds: [{ ref: fx.round.id, label: 'รอบแรก' }], sections: [] }
	);
	await addVersion(
		db,
		fx.prototypeId,
		{ changes: 'เพิ่มการแจ้งเตือนทาง LINE ก่อนถึงคิว', rationale: 'ผู้ตอบอยากรู้ก่อนถึงคิว', rounds: [fx.round.id] },
		[new File([PNG], 'หน้าจอ.png', { type: 'image/png' }), new File([PDF], 'แผน.pdf', { type: 'application/pdf' })],
		{ blobs: a.blobs, userId: member.id }
	);

	exportA = (await exportProject(db, fx.projectId, deps(a))).zip;
});

afterAll(async () => {
	for (const i of [a, b]) {
		await i?.hub.close();
		await i?.db.destroy();
		if (i) rmSync(i.dir, { recursive: true, force: true });
	}
});

function readZip(zip: Uint8Array) {
	const files = unzipSync(zip);
	return { files, data: JSON.parse(strFromU8(files['project.json']!)) as ProjectExport };
}

/** A row with every id replaced by what `map` says (ids the map does not know stay). */
function mapped(value: unknown, map: Map<string, string>): unknown {
	if (typeof value === 'string') {
		if (map.has(value)) return map.get(value);
		// "board:section" and JSON strings hold ids too.
		if (value.startsWith('{') || value.startsWith('[')) return JSON.stringify(mapped(JSON.parse(value), map));
		const [head, ...rest] = value.split(':');
		return rest.length && map.has(head!) ? [map.get(head!), ...rest].join(':') : value;
	}
	if (Array.isArray(value)) return value.map((v) => mapped(v, map));
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [map.get(k) ?? k, mapped(v, map)]));
	return value;
}

const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();

describe('a project export', () => {
	it('holds the project, its people without password hashes, its boards, files and CSVs, and no contact details', () => {
		const { files, data } = readZip(exportA);
		expect(Object.keys(files)).toEqual(
			expect.arrayContaining(['manifest.json', 'project.json', 'csv/feedback_responses.csv', 'csv/board_notes.csv'])
		);
		expect(Object.keys(files).filter((f) => f.startsWith('boards/') && f.endsWith('.yjs'))).toHaveLength(BOARD_STAGES.length);
		expect(Object.keys(files).filter((f) => f.startsWith('attachments/'))).toHaveLength(2);
		expect(data.users.map((u) => Object.keys(u).sort())).toEqual(data.users.map(() => ['email', 'id', 'name']));
		expect(data.users.map((u) => u.email)).toEqual(expect.arrayContaining([fx.facilitator.email, member.email]));
		const text = strFromU8(files['project.json']!);
		expect(text).not.toContain('password');
		expect(text).not.toContain('argon2');
		expect(text).not.toContain('feedback_contacts');
		expect(data.tables.feedback_responses).toHaveLength(2);
		expect(data.tables.prototype_version_feedback).toHaveLength(1);
		const ideate = data.tables.boards.find((r) => r.stage === 'ideate')!;
		const json = JSON.parse(strFromU8(files[`boards/${ideate.id}.json`]!));
		expect(Object.values(json.votes).map((v) => Object.values(v as object).reduce((s: number, n) => s + (n as number), 0))).toContain(3);
		expect(json.meta.voting).toMatchObject({ perPerson: 3, anonymous: false });
	});

	it('imports into an empty instance as a new project, and exports from there the same, ids mapped', async () => {
		const admin = await makeUser(b.db, 'admin', 'ผู้ดูแลปลายทาง');
		// The member already has an account there (by e-mail); everyone else becomes a disabled placeholder.
		const memberThere = await b.db
			.insertInto('users')
			.values({ id: 'memberthere00001', email: member.email, name: 'สมชาย (ปลายทาง)', role: 'member', password_hash: null, created_at: 1 })
			.returning('id')
			.executeTakeFirstOrThrow();
		const result = await importProject(b.db, exportA, { blobs: b.blobs, voterKey: b.voterKey, importerId: admin.id });
		expect(result.ids.get(member.id)).toBe(memberThere.id);
		expect(result.placeholders).toBe(2);
		const placeholder = await b.db.selectFrom('users').selectAll().where('email', '=', fx.facilitator.email).executeTakeFirstOrThrow();
		expect(placeholder).toMatchObject({ disabled: 1, password_hash: null, role: 'member' });

		const exportB = (await exportProject(b.db, result.projectId, deps(b))).zip;
		const A = readZip(exportA);
		const B = readZip(exportB);
		const back = result.ids;
		for (const spec of TABLES) {
			let expected = A.data.tables[spec.name].map((row) => mapped(row, back) as Row);
			let actual = B.data.tables[spec.name];
			if (spec.name === 'projects') expected = expected.map((r) => ({ ...r, visibility: 'private' }));
			if (spec.name === 'feedback_rounds') {
				expected = expected.map(({ slug: _slug, ...r }) => r);
				actual = actual.map(({ slug: _slug, ...r }) => r);
			}
			if (spec.name === 'project_members') {
				expect(actual).toContainEqual(expect.objectContaining({ user_id: admin.id, role: 'facilitator' }));
				actual = actual.filter((r) => r.user_id !== admin.id);
			}
			expect(sorted(actual), spec.name).toEqual(sorted(expected));
		}
		// Boards: the same notes, sections, dots and settings, people renamed.
		for (const board of A.data.tables.boards) {
			const before = mapped(JSON.parse(strFromU8(A.files[`boards/${board.id}.json`]!)), back);
			const after = JSON.parse(strFromU8(B.files[`boards/${back.get(board.id as string)}.json`]!));
			expect(after, String(board.stage)).toEqual(before);
		}
		// Attachments: the same bytes, by hash, served from the new instance's store.
		for (const row of A.data.tables.prototype_attachments) {
			const found = await findAttachment(
				b.db,
				back.get(row.prototype_id as string) ?? (await prototypeOf(b.db, back.get(row.version_id as string)!)),
				back.get(row.id as string)!
			);
			const bytes = await readStoredFile(b.blobs, found!.storageName);
			expect(sha(bytes!)).toBe(row.sha256);
		}
		// Citizens' receipts and Thai search work there too.
		const receipt = A.data.tables.feedback_responses[0]!.receipt_hash as string;
		const there = await b.db.selectFrom('feedback_responses').select('id').where('receipt_hash', '=', receipt).executeTakeFirstOrThrow();
		expect(there.id).toBe(back.get(A.data.tables.feedback_responses[0]!.id as string));
		const search = (query: string) => feedbackSearch(b.db).search(b.db, [back.get(fx.round.id)!], query);
		const alerts = await search('แจ้งเตือน');
		// Indexed the way this database searches (lower case on both; PostgreSQL's lexemes are not FTS5's text).
		const ndid = await search('ndid');
		expect(alerts).toHaveLength(1);
		expect(ndid).toHaveLength(1);
		expect(ndid).not.toEqual(alerts);
		expect(findByReceipt).toBeTypeOf('function');
	});

	it('keeps a named voter their dots: after the import the member’s dots are under their account there', async () => {
		const A = readZip(exportA);
		const board = A.data.tables.boards.find((r) => r.stage === 'ideate')!;
		const memberThere = (await b.db.selectFrom('users').select('id').where('email', '=', member.email).executeTakeFirstOrThrow()).id;
		const projectThere = (
			await b.db
				.selectFrom('projects')
				.select('id')
				.where('title', '=', A.data.tables.projects[0]!.title as string)
				.executeTakeFirstOrThrow()
		).id;
		const boardThere = (
			await b.db.selectFrom('boards').select('id').where('project_id', '=', projectThere).where('stage', '=', 'ideate').executeTakeFirstOrThrow()
		).id;
		const votes = await b.hub.readBoard(boardThere, (doc) => ({ votes: readVotes(doc), round: readVotingRound(doc), notes: listNotes(doc) }));
		const dots = [...votes.votes.values()].map((voters) => voters.get(memberThere) ?? 0);
		expect(dots).toContain(2);
		expect(votes.round?.anonymous).toBe(false);
		expect(votes.notes.find((n) => n.text === 'จองคิวผ่าน LINE')?.author).toBe(memberThere);
		expect(board).toBeTruthy();
	});

	it('refuses what is not an export, a damaged one and one from a newer format, writing nothing', async () => {
		const c = await instance();
		const admin = await makeUser(c.db, 'admin');
		const code = async (bytes: Uint8Array) => {
			try {
				await importProject(c.db, bytes, { blobs: c.blobs, voterKey: c.voterKey, importerId: admin.id });
				return 'imported';
			} catch (err) {
				if (err instanceof InputError) return err.issues[0]!.code;
				throw err;
			}
		};
		expect(await code(new TextEncoder().encode('not a zip at all'))).toBe('trail_import_not_zip');
		expect(await code(zipSync({ 'hello.txt': strToU8('hi') }))).toBe('trail_import_not_export');
		const files = unzipSync(exportA);
		const manifest = JSON.parse(strFromU8(files['manifest.json']!));
		expect(await code(zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify({ ...manifest, version: 99 })) }))).toBe('trail_import_newer');
		const png = Object.keys(files).find((f) => f.endsWith('.png'))!;
		expect(await code(zipSync({ ...files, [png]: PDF }))).toBe('trail_import_damaged');
		expect(await c.db.selectFrom('projects').select('id').execute()).toEqual([]);
		await c.hub.close();
		await c.db.destroy();
		rmSync(c.dir, { recursive: true, force: true });
	});
});

async function prototypeOf(db: DB, versionId: string): Promise<string> {
	return (await db.selectFrom('prototype_versions').select('prototype_id').where('id', '=', versionId).executeTakeFirstOrThrow()).prototype_id;
}
