import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createSession, type SessionUser } from '../../src/lib/server/auth/session.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { createProject, listBoards } from '../../src/lib/server/projects/projects.ts';
import { addTeamMember } from '../../src/lib/server/projects/team.ts';
import { createPrototype } from '../../src/lib/server/prototypes/prototypes.ts';
import { addVersion } from '../../src/lib/server/prototypes/versions.ts';
import { recordDecision } from '../../src/lib/server/prototypes/decisions.ts';
import { createFileBlobStore } from '../../src/lib/server/files/blob-store.ts';
import { bangkokDay, createRound } from '../../src/lib/server/feedback/rounds.ts';
import { addQuestion, listQuestions } from '../../src/lib/server/feedback/questions.ts';
import { checkSubmission, deleteResponses, fieldsFrom, storeResponse } from '../../src/lib/server/feedback/responses.ts';
import { addNote as addTeamNoteOnResponse, setStatus, setTags } from '../../src/lib/server/feedback/moderation.ts';
import { sendToTestBoard } from '../../src/lib/server/feedback/to-board.ts';
import { openJoinCode, redeemJoinCode } from '../../src/lib/server/guests/join-codes.ts';
import { guestUserId } from '../../src/lib/server/guests/guest-session.ts';
import { changeStoredBoard } from '../../src/lib/server/collab/stored-board.ts';
import { addNote, findSectionByKey, listNotes, updateNote } from '../../src/lib/board/notes.ts';
import { addSection, renameSection } from '../../src/lib/board/sections.ts';
import { seedBoardTemplate, STAGE_TEMPLATES } from '../../src/lib/board/templates.ts';
import { answerField, type Round } from '../../src/lib/domain/feedback.ts';
import type { BoardStage } from '../../src/lib/domain/stages.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { client } from '../helpers/http.ts';
import { connectClient, until, upgradeStatus } from './collab-harness.ts';
import { leaks, personalData, walk, type Output } from './leak-helpers.ts';

/**
 * The property the public side rests on: personal data typed anywhere in a project never
 * reaches anyone outside its team. Names, phone numbers (Arabic and Thai digits), e-mails,
 * national ids, house addresses and LINE ids are seeded into every place they can enter —
 * notes in every section of every stage's board, notes outside sections, section titles,
 * citizens' feedback (text, contact details, staff-typed responses, the team's notes and tags
 * on them, the notes they became on the Test board), user and guest names, prototype evidence
 * (decision figures and links, cited sections, attachments, the notes a prototype came from),
 * a private project. Then the project is published with one Ideate section and the Test
 * board's feedback section (seeded without personal data, one response approved), and every
 * output an anonymous caller or a member of another project can reach is fetched: the API
 * from its own index, every /open page and dataset (CSV and JSON), every project page, their
 * `__data.json`, every link found in any of them, and the live board sockets. No seeded string
 * may appear in any of them; the published words must.
 *
 * One server process (the production build); seeding goes straight to its database before it
 * has loaded any board, later board edits through a real y-websocket client.
 */

let server: AppServer;
let db: DB;

const { seeded, person } = personalData();

/** Words that must be public: published sections and approved feedback, seeded without personal data. */
const PUBLISHED_HMW = ['เราจะทำให้รู้เวลารอล่วงหน้าได้อย่างไร', 'เราจะช่วยให้เตรียมเอกสารครบตั้งแต่ครั้งแรกได้อย่างไร'];
const APPROVED_FEEDBACK = 'ป้ายบอกเวลารอช่วยให้วางแผนได้ อ่านง่ายมาก';
/** Approved and published, then withdrawn by the citizen: it must be gone from every output. */
const WITHDRAWN_FEEDBACK = 'อยากให้มีที่จอดรถเพิ่มอีกสักหน่อย ข้อความนี้จะถูกถอน';

const ids = {
	project: '',
	privateProject: '',
	otherProject: '',
	boards: {} as Record<BoardStage, string>,
	privateBoards: [] as string[],
	otherBoards: [] as string[],
	hmwSection: '',
	feedbackSection: '',
	prototype: '',
	round: null as Round | null,
	approvedNote: '',
	withdrawnResponse: ''
};
const cookies = { facilitator: '', outsider: '' };
let facilitator: SessionUser;

async function makePerson(place: string, role: 'facilitator' | 'member' | 'official'): Promise<SessionUser> {
	const p = person(place);
	const user = await createUser(db, { email: p.email, name: p.name, role, password: `correct horse battery ${seeded.length}` });
	return { id: user.id, email: user.email, name: user.name, role: user.role };
}

async function seedBoard(boardId: string, change: (doc: Y.Doc) => void) {
	await changeStoredBoard(db, boardId, change);
}

/** A note with personal data in every template section of a board, one outside them, and a cluster titled with a name. */
function fillBoard(doc: Y.Doc, stage: BoardStage, authorId: string, keep: readonly string[] = [], project = '') {
	const where = `${project}${stage} board`;
	seedBoardTemplate(doc, stage);
	for (const template of STAGE_TEMPLATES[stage]) {
		if (keep.includes(template.key)) continue;
		const section = findSectionByKey(doc, template.key)!;
		addNote(doc, { text: person(`${where}, ${template.key} section`).text, section: section.id, author: authorId });
	}
	addNote(doc, { text: person(`${where}, outside every section`).text, x: 9000, y: 0, author: authorId });
	const cluster = addSection(doc, { kind: 'cluster', title: person(`${where}, a cluster's title`).name, x: 0, y: 5000, w: 600, h: 400 });
	addNote(doc, { text: person(`${where}, a note in a cluster`).text, section: cluster, author: authorId });
}

async function respond(round: Round, text: string, options: { contact?: boolean; channel?: 'web' | 'counter'; enteredBy?: string | null } = {}) {
	const questions = await listQuestions(db, round.id);
	const field = (kind: string) => answerField(questions.find((q) => q.kind === kind)!.id);
	const params = new URLSearchParams([
		[field('rating'), '4'],
		[field('text'), text]
	]);
	if (options.contact) {
		const c = person(`feedback contact details (${options.channel ?? 'web'})`);
		params.append('contact_name', c.name);
		params.append('contact_phone', c.phone);
		params.append('contact_email', c.email);
		params.append('consent', 'yes');
	}
	const checked = checkSubmission(round, questions, fieldsFrom(params));
	return storeResponse(db, round, checked, {
		channel: options.channel ?? 'web',
		locale: 'th',
		enteredBy: options.enteredBy ?? null,
		consentText: 'ยินยอมให้ติดต่อกลับ',
		requireOpen: options.channel !== 'counter'
	});
}

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase' } });
	db = openDatabase(server.databasePath);

	facilitator = await makePerson("the facilitator's name and e-mail", 'facilitator');
	const member = await makePerson("a team member's name and e-mail", 'member');
	const viewer = await makePerson("a team viewer's name and e-mail", 'member');
	const outsiderUser = await createUser(db, {
		email: 'outsider@example.test',
		name: 'คนนอกโครงการ',
		role: 'facilitator',
		password: 'correct horse battery outsider'
	});
	const outsider: SessionUser = { id: outsiderUser.id, email: outsiderUser.email, name: outsiderUser.name, role: outsiderUser.role };
	cookies.facilitator = `session=${(await createSession(db, facilitator.id)).token}`;
	cookies.outsider = `session=${(await createSession(db, outsider.id)).token}`;

	const project = await createProject(
		db,
		{
			title: 'ลดเวลารอคิวที่สำนักงานเขต',
			challenge: 'ประชาชนรอคิวนานเกินไป เราจะทำให้สั้นลงได้อย่างไร',
			agency: 'สำนักงานเขตทดสอบ',
			tags: 'คิว',
			visibility: 'published'
		},
		facilitator
	);
	ids.project = project.id;
	await addTeamMember(db, project.id, { email: member.email, role: 'member' }, facilitator.id);
	await addTeamMember(db, project.id, { email: viewer.email, role: 'viewer' }, facilitator.id);
	ids.boards = Object.fromEntries((await listBoards(db, project.id)).map((b) => [b.stage, b.id])) as Record<BoardStage, string>;

	// A private project of the same team, and another project the outsider runs.
	ids.privateProject = (
		await createProject(db, { title: 'โครงการภายใน', challenge: 'ยังไม่เปิดเผยต่อสาธารณะเลย', agency: 'กรมภายใน', tags: '' }, facilitator)
	).id;
	ids.privateBoards = (await listBoards(db, ids.privateProject)).map((b) => b.id);
	await seedBoard(ids.privateBoards[0]!, (doc) => fillBoard(doc, 'empathize', facilitator.id, [], 'a private project: '));
	ids.otherProject = (
		await createProject(db, { title: 'โครงการของคนนอก', challenge: 'โครงการอื่นที่คนนอกเป็นผู้นำ', agency: 'กรมอื่น', tags: '' }, outsider)
	).id;
	ids.otherBoards = (await listBoards(db, ids.otherProject)).map((b) => b.id);

	// Every stage's board, every section. The Ideate board keeps its "How might we" section clean
	// (it is published), the Test board its feedback section (citizens' words only, approved or withheld).
	await seedBoard(ids.boards.empathize, (doc) => {
		fillBoard(doc, 'empathize', member.id);
		renameSection(doc, findSectionByKey(doc, 'personas')!.id, person('a renamed template section (personas)').name);
	});
	await seedBoard(ids.boards.ideate, (doc) => {
		fillBoard(doc, 'ideate', facilitator.id, ['hmw']);
		ids.hmwSection = findSectionByKey(doc, 'hmw')!.id;
		for (const text of PUBLISHED_HMW) addNote(doc, { text, section: ids.hmwSection, author: facilitator.id });
	});
	await seedBoard(ids.boards.prototype, (doc) => fillBoard(doc, 'prototype', member.id));
	await seedBoard(ids.boards.test, (doc) => {
		fillBoard(doc, 'test', facilitator.id, ['feedback']);
		ids.feedbackSection = findSectionByKey(doc, 'feedback')!.id;
	});

	// A guest of the Empathize board, whose name and note carry personal data.
	const { code } = await openJoinCode(db, ids.boards.empathize, facilitator.id, 60 * 60 * 1000);
	const guest = (await redeemJoinCode(db, { code, name: person("a guest's display name").name }))!;
	await seedBoard(ids.boards.empathize, (doc) => {
		addNote(doc, { text: person("a guest's note").text, section: findSectionByKey(doc, 'says')!.id, author: guestUserId(guest.guestId) });
	});

	// A prototype with its evidence: the notes it came from, a version with an attachment, a decision citing figures, links and a section.
	const idea = person('the Ideate note a prototype came from (its snapshot)');
	const ideaSection = person('the section title in an idea snapshot');
	ids.prototype = (
		await createPrototype(
			db,
			project.id,
			{
				title: 'ป้ายบอกเวลารอ',
				summary: 'จอแสดงเวลารอโดยประมาณ',
				audience: 'ผู้มาติดต่อ',
				learningGoal: 'ลดความกังวลไหม',
				owner: member.id,
				fidelity: 'paper',
				tags: ''
			},
			facilitator,
			{ ideas: [{ boardId: ids.boards.ideate, noteId: 'seeded-idea', text: idea.text, section: ideaSection.name }] }
		)
	).id;
	const attachment = person("an attachment's file name");
	const pdf = new TextEncoder().encode('%PDF-1.4\n% seeded\n');
	const version = await addVersion(
		db,
		ids.prototype,
		{ changes: 'ต้นแบบกระดาษรุ่นแรก', rationale: 'ทดลองกับผู้มาติดต่อจริง' },
		[{ name: `สัมภาษณ์ ${attachment.name}.pdf`, size: pdf.byteLength, arrayBuffer: async () => pdf.slice().buffer }],
		{ blobs: createFileBlobStore(server.attachmentsDir), userId: member.id }
	);
	const figure = person('a decision figure (label and value)');
	const link = person("a decision link's label");
	const cited = person("a cited board section's title");
	await recordDecision(
		db,
		ids.prototype,
		{
			outcome: 'iterate',
			versionId: version.id,
			rationale: 'ได้ผลดีแต่ต้องปรับตัวอักษรให้ใหญ่ขึ้น',
			moveStatus: false,
			figures: [{ label: `สัมภาษณ์ ${figure.name}`, value: figure.line }],
			links: [{ label: `บันทึกของ ${link.name}`, url: `https://example.test/notes/${link.line}` }],
			rounds: [],
			sections: [`${ids.boards.empathize}:cited`]
		},
		facilitator.id,
		{ rounds: [], sections: [{ ref: `${ids.boards.empathize}:cited`, label: cited.name }] }
	);

	// Citizens' feedback: a round with free text and contacts, answers from the web and typed in by staff.
	const now = Date.now();
	const round = await createRound(
		db,
		project.id,
		{
			versionId: version.id,
			titleTh: 'ทดลองป้ายบอกเวลารอ',
			titleEn: '',
			introTh: '',
			introEn: '',
			purposeTh: 'เราอยากรู้ว่าป้ายช่วยได้จริงไหม',
			purposeEn: '',
			offerEnglish: '',
			opensOn: bangkokDay(now - 24 * 60 * 60 * 1000),
			closesOn: bangkokDay(now + 7 * 24 * 60 * 60 * 1000),
			collectContact: 'yes',
			retentionDays: '30'
		},
		facilitator.id
	);
	ids.round = round;
	const base = { helpTh: '', helpEn: '', optionsTh: '', optionsEn: '' };
	await addQuestion(db, round.id, { ...base, kind: 'rating', labelTh: 'พอใจแค่ไหน', labelEn: '', required: 'yes' });
	await addQuestion(db, round.id, { ...base, kind: 'text', labelTh: 'ข้อเสนอแนะ', labelEn: '', required: '' });

	const web = await respond(round, person('a citizen’s free-text answer (web)').text, { contact: true });
	const staff = await respond(round, person('a staff-typed answer (counter)').text, { contact: true, channel: 'counter', enteredBy: member.id });
	const moderatedPublished = await respond(round, person('an answer moderated as "published" but never approved for the board').text);
	await setStatus(db, round.id, [moderatedPublished.id], 'published', member.id);
	const approved = await respond(round, APPROVED_FEEDBACK);
	const withdrawn = await respond(round, WITHDRAWN_FEEDBACK);
	ids.withdrawnResponse = withdrawn.id;
	await addTeamNoteOnResponse(db, round.id, web.id, person("the team's note on a response").text, member.id);
	await setTags(db, round.id, web.id, person('a tag on a response').line);
	// To the Test board, before the server has loaded it (straight into storage).
	await sendToTestBoard(
		db,
		{ changeBoard: (boardId, change) => changeStoredBoard(db, boardId, change), compactBoard: async () => {} },
		{
			projectId: project.id,
			roundId: round.id,
			responseIds: [web.id, staff.id, moderatedPublished.id, approved.id, withdrawn.id],
			userId: member.id,
			wording: { author: () => 'ประชาชน', summary: () => 'ให้คะแนน' }
		}
	);
	const noteOf = async (responseId: string) =>
		(await db.selectFrom('feedback_board_links').select('note_id').where('response_id', '=', responseId).executeTakeFirstOrThrow()).note_id;
	ids.approvedNote = await noteOf(approved.id);
	const withdrawnNote = await noteOf(withdrawn.id);

	// The facilitator approves two wordings and publishes, through the pages a facilitator uses.
	const http = client(server, cookies.facilitator);
	for (const note of [ids.approvedNote, withdrawnNote]) {
		const approve = await http.post(`/projects/${project.id}/publication/${ids.boards.test}?/approve`, { note });
		expect(approve.status).toBe(303);
	}
	await publish(ids.boards.ideate, ids.hmwSection);
	await publish(ids.boards.test, ids.feedbackSection);

	// After publishing: a note typed into the published section, the approved note edited with
	// personal data, and the withdrawn citizen's response deleted.
	const origin = `http://127.0.0.1:${server.port}`;
	const live = connectClient(`ws://127.0.0.1:${server.port}/collab`, ids.boards.ideate, { cookie: cookies.facilitator, origin });
	const liveTest = connectClient(`ws://127.0.0.1:${server.port}/collab`, ids.boards.test, { cookie: cookies.facilitator, origin });
	try {
		await Promise.all([live.synced(), liveTest.synced()]);
		const later = person('a note typed into a published section after publishing').text;
		addNote(live.doc, { text: later, section: ids.hmwSection, author: facilitator.id });
		const edited = `${APPROVED_FEEDBACK} ${person('an approved feedback note edited after approval').text}`;
		updateNote(liveTest.doc, ids.approvedNote, { text: edited });
		await until(
			() => listNotes(live.doc).some((n) => n.text === later) && listNotes(liveTest.doc).some((n) => n.text === edited),
			'the edits are applied'
		);
		await waitStored(ids.boards.ideate, later);
		await waitStored(ids.boards.test, edited);
	} finally {
		live.destroy();
		liveTest.destroy();
	}
	await deleteResponses(db, [withdrawn.id]);
	seeded.push({ place: 'approved feedback withdrawn by the citizen after publishing', strings: [WITHDRAWN_FEEDBACK] });
}, 60_000);

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

/** Previews a section of a board as the facilitator, then confirms that preview. */
async function publish(boardId: string, sectionId: string) {
	const http = client(server, cookies.facilitator);
	const query = `scope=sections&section=${sectionId}`;
	const page = await http.get(`/projects/${ids.project}/publication/${boardId}?${query}`);
	expect(page.status).toBe(200);
	const digest = /name="digest" value="([0-9a-f]{64})"/.exec(await page.text())?.[1];
	expect(digest).toBeTruthy();
	const confirm = await http.post(`/projects/${ids.project}/publication/${boardId}?${query}&/publish`, {
		scope: 'sections',
		section: sectionId,
		digest: digest!
	});
	expect(confirm.status).toBe(303);
}

/** Waits until the team's API shows a text on a board (stored by the hub). */
async function waitStored(boardId: string, text: string) {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const body = await (
			await client(server, cookies.facilitator).get(`/api/v1/projects/${ids.project}/boards/${boardId}`, { accept: 'application/json' })
		).text();
		if (body.includes(JSON.stringify(text).slice(1, -1))) return;
		if (Date.now() > deadline) throw new Error(`the board never showed ${text}`);
		await new Promise((resolve) => setImmediate(resolve));
	}
}

/** Every path the walk starts from: the API index expanded with every id, every public and project page. */
async function startingPaths(): Promise<string[]> {
	const projects = [ids.project, ids.privateProject, ids.otherProject];
	const boards = (await db.selectFrom('boards').select('id').execute()).map((b) => b.id);
	const prototypes = (await db.selectFrom('prototypes').select('id').execute()).map((p) => p.id);
	const rounds = await db.selectFrom('feedback_rounds').select(['id', 'slug']).execute();
	const index = (await (await fetch(`${server.url}/api/v1`)).json()) as { endpoints: { path: string; query?: Record<string, string> }[] };
	const paths = new Set<string>([
		'/',
		'/open',
		'/open/projects.csv',
		'/open/projects.json',
		'/projects',
		'/portfolio',
		'/methods',
		'/f/receipt',
		'/healthz',
		'/readyz',
		'/metrics',
		'/api/v1/openapi.json'
	]);
	const names = seeded.flatMap((s) => s.strings.slice(0, 1));
	for (const endpoint of index.endpoints) {
		for (const project of projects) {
			const withProject = endpoint.path.replace('{id}', project);
			const expanded = [withProject]
				.flatMap((p) => (p.includes('{boardId}') ? boards.map((b) => p.replace('{boardId}', b)) : [p]))
				.flatMap((p) => (p.includes('{prototypeId}') ? prototypes.map((id) => p.replace('{prototypeId}', id)) : [p]))
				.flatMap((p) => (p.includes('{roundId}') ? rounds.map((r) => p.replace('{roundId}', r.id)) : [p]));
			for (const path of expanded) {
				paths.add(path);
				for (const [key] of Object.entries(endpoint.query ?? {})) {
					paths.add(`${path}?${key}=${encodeURIComponent(key === 'q' ? names[0]! : key === 'status' ? 'new' : '1')}`);
				}
			}
		}
	}
	for (const project of projects) {
		const base = `/projects/${project}`;
		paths.add(`/open/${project}`);
		for (const name of ['projects', 'stages', 'prototypes', 'feedback', 'boards'])
			for (const format of ['csv', 'json']) paths.add(`/open/${project}/${name}.${format}`);
		for (const page of ['', '/boards', '/prototypes', '/prototypes/new', '/feedback', '/feedback/new', '/team', '/edit', '/publication'])
			paths.add(base + page);
		for (const board of boards) {
			paths.add(`/open/${project}/boards/${board}`);
			paths.add(`${base}/boards/${board}`);
			paths.add(`${base}/boards/${board}/export.csv`);
			paths.add(`${base}/publication/${board}`);
			paths.add(`${base}/publication/${board}?scope=board`);
		}
		for (const prototype of prototypes) paths.add(`${base}/prototypes/${prototype}`);
		for (const round of rounds) {
			for (const page of ['', '/responses', '/export.csv', '/settings', '/questions', '/entry']) paths.add(`${base}/feedback/${round.id}${page}`);
		}
	}
	for (const round of rounds) paths.add(`/f/${round.slug}`);
	return [...paths];
}

const walks = new Map<string, Map<string, Output>>();
const walkAs = async (cookie: string) => walk(server, await startingPaths(), cookie);

describe('no personal data leaves a project', () => {
	it('seeded personal data into every place it can enter, and the team sees it on its boards', async () => {
		const places = new Set(seeded.map((s) => s.place));
		expect(places.size).toBeGreaterThanOrEqual(40);
		for (const stage of ['empathize', 'ideate', 'prototype', 'test'] as const) {
			const team = await (
				await client(server, cookies.facilitator).get(`/api/v1/projects/${ids.project}/boards/${ids.boards[stage]}`, { accept: 'application/json' })
			).text();
			const onBoard = seeded.filter((s) => s.place.startsWith(`${stage} board`));
			expect(onBoard.length).toBeGreaterThan(3);
			for (const s of onBoard) expect(team).toContain(s.strings[0]);
		}
	});

	it('shows none of it to anonymous callers, in any output they can reach', async () => {
		const outputs = await walkAs('');
		walks.set('anonymous', outputs);
		expect(outputs.size).toBeGreaterThan(200);
		expect(leaks('anonymous', outputs, seeded)).toEqual([]);
	}, 90_000); // a walk of several hundred requests: minutes on a loaded machine

	it('shows none of it to a member of another project, in any output they can reach', async () => {
		const outputs = await walkAs(cookies.outsider);
		walks.set('outsider', outputs);
		expect(outputs.size).toBeGreaterThan(200);
		expect(leaks('outsider', outputs, seeded)).toEqual([]);
	}, 90_000); // a walk of several hundred requests: minutes on a loaded machine

	it('shows the published section and the approved words, in the API, the page, its data and both files', async () => {
		for (const caller of ['anonymous', 'outsider']) {
			const outputs = walks.get(caller)!;
			const ideate = [
				`/api/v1/projects/${ids.project}/boards/${ids.boards.ideate}`,
				`/open/${ids.project}/boards/${ids.boards.ideate}`,
				`/open/${ids.project}/boards/${ids.boards.ideate}/__data.json`,
				`/open/${ids.project}/boards.csv`,
				`/open/${ids.project}/boards.json`
			];
			for (const path of ideate) {
				expect(outputs.get(path)?.status, `${caller} ${path}`).toBe(200);
				for (const text of PUBLISHED_HMW) expect(outputs.get(path)!.body, `${caller} ${path}`).toContain(text);
			}
			for (const path of [
				`/api/v1/projects/${ids.project}/boards/${ids.boards.test}`,
				`/open/${ids.project}/boards/${ids.boards.test}`,
				`/open/${ids.project}/boards.csv`
			]) {
				expect(outputs.get(path)!.body, `${caller} ${path}`).toContain(APPROVED_FEEDBACK);
			}
			for (const stage of ['empathize', 'prototype'] as const) {
				expect(outputs.get(`/api/v1/projects/${ids.project}/boards/${ids.boards[stage]}`)?.status).toBe(404);
				expect(outputs.get(`/open/${ids.project}/boards/${ids.boards[stage]}`)?.status).toBe(404);
			}
		}
	});

	it("sends a member of another project from the team's pages to the public page", async () => {
		const outputs = walks.get('outsider')!;
		for (const page of [
			'',
			'/boards',
			`/boards/${ids.boards.empathize}`,
			'/team',
			`/prototypes/${ids.prototype}`,
			`/feedback/${ids.round!.id}/responses`
		]) {
			const output = outputs.get(`/projects/${ids.project}${page}`)!;
			expect(output.status, page).toBe(303);
		}
		const redirect = await client(server, cookies.outsider).get(`/projects/${ids.project}/boards/${ids.boards.empathize}`);
		expect(redirect.headers.get('location')).toBe(`/open/${ids.project}`);
		expect(outputs.get(`/projects/${ids.privateProject}`)?.status).toBe(404);
	});

	it('refuses the live board sockets to anyone outside the team', async () => {
		const origin = `http://127.0.0.1:${server.port}`;
		const boards = [...Object.values(ids.boards), ...ids.privateBoards];
		for (const board of boards) {
			const url = `ws://127.0.0.1:${server.port}/collab/${board}`;
			expect(await upgradeStatus(url, { origin })).toBe(401);
			expect(await upgradeStatus(url, { origin, cookie: cookies.outsider })).toBe(404);
		}
		expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/collab/${ids.boards.empathize}`, { origin, cookie: cookies.facilitator })).toBe(101);
		const total = [...walks.values()].reduce((n, w) => n + w.size, 0) + boards.length * 2;
		const strings = seeded.reduce((n, s) => n + s.strings.length, 0);
		console.log(
			`publication leaks: ${total} outputs walked (${walks.get('anonymous')!.size} anonymous, ${walks.get('outsider')!.size} cross-project, ${boards.length * 2} sockets), ${strings} strings seeded in ${new Set(seeded.map((s) => s.place)).size} places`
		);
	});
});
