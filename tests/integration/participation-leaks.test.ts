import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createSession, type SessionUser } from '../../src/lib/server/auth/session.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { createProject, listBoards } from '../../src/lib/server/projects/projects.ts';
import { addTeamMember } from '../../src/lib/server/projects/team.ts';
import { listDistricts, setDistricts } from '../../src/lib/server/projects/districts.ts';
import { fieldsFrom } from '../../src/lib/server/feedback/responses.ts';
import { checkEntry, storeEntry } from '../../src/lib/server/participation/entries.ts';
import { setEntryTags } from '../../src/lib/server/participation/moderation.ts';
import { reportIdea, supportIdea } from '../../src/lib/server/participation/supports.ts';
import { DATASET_NAMES } from '../../src/lib/server/open-data/datasets.ts';
import type { BoardStage } from '../../src/lib/domain/stages.ts';
import type { Channel } from '../../src/lib/domain/feedback.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { client } from '../helpers/http.ts';
import { makeParticipationFixture, type ParticipationFixture } from '../unit/participation-fixtures.ts';
import { upgradeStatus } from './collab-harness.ts';
import { postForm, send } from './feedback-helpers.ts';
import { leaks, personalData, walk, type Output, type Person } from './leak-helpers.ts';
import { entryReceipt, fillableEntryTokens, jpegWithGps, postMultipart } from './participation-helpers.ts';

/**
 * publication-leaks' property, for citizens' participation: personal data typed into any place
 * of a call or the interview log never reaches anyone but the project's team. Names, phones
 * (Arabic and Thai digits), e-mails, national ids, addresses and LINE ids are seeded into stories
 * (text, answers to the guided questions, contact details, a photo's file name and EXIF block,
 * tags), ideas (titles and descriptions before moderation, pending, hidden by reports, hidden by a
 * moderator, spam), stories and ideas taken to the boards, a story withdrawn after it was
 * approved and shown, staff-typed stories, the interview log (notes, quotes, who was interviewed,
 * the consent note, a photo), and a call of a private project. Approved words are the moderator's
 * choice to publish: they are seeded with only what a machine can recognise (phones, e-mail,
 * national id, LINE id), which every public text masks, and the words around it must show.
 * Districts are the project's own list (shown on the forms), but which district a story or idea
 * came from must never be public: district labels may appear on the forms only.
 *
 * Then every output an anonymous caller, a facilitator of another project, and a citizen holding
 * a receipt and a supporter cookie can reach is fetched: /p pages of every call (ideas, idea
 * pages of every entry, thanks, receipts), /open pages and every dataset, the portfolio, the
 * team's participation and interview pages and photos, the API, every link found on the way, and
 * the board sockets. One server process (the production build), real HTTP for what citizens and
 * the facilitator do, the modules themselves for supports, reports and a few stored entries.
 */

let server: AppServer;
let db: DB;
const { seeded, person } = personalData();

/** Words that must be public: an approved story and idea taken to the boards, an approved idea grouped under it. */
const STORY_WORDS = 'รอคิวนานจนต้องลางานครึ่งวัน อยากรู้ล่วงหน้าว่าต้องรอกี่นาที';
const IDEA_TITLE = 'จอบอกเวลารอหน้าสำนักงาน';
const IDEA_WORDS = 'ติดจอใหญ่ที่หน้าสำนักงานบอกว่าต้องรออีกกี่นาที';
const SIMILAR_TITLE = 'ป้ายบอกคิวแบบออนไลน์';
/** The project's own districts, small enough to point at a person: public on the forms only. */
const DISTRICTS = ['ชุมชนริมคลองบางกอกน้อยซอยห้า', 'ชุมชนหลังวัดตลิ่งชันซอยเก้า'];

let story: ParticipationFixture;
let idea: ParticipationFixture;
let privateCall: ParticipationFixture;
let facilitator: SessionUser;
const cookies = { facilitator: '', outsider: '', citizen: '' };
const ids = {
	project: '',
	privateProject: '',
	otherProject: '',
	boards: {} as Record<BoardStage, string>,
	/** Every entry of every call, for its idea page and the team's pages. */
	entries: [] as { callId: string; slug: string; id: string }[],
	interviews: [] as string[],
	approvedIdea: '',
	receiptA: '',
	storyA: ''
};
/** The places of citizen A's own story: what their receipt shows them. */
const ownPlaces = new Set<string>();

/** Keeps only the strings of a person that were typed into the place. */
function only(p: Person, ...strings: string[]) {
	p.seeded.strings = strings;
	return p;
}

async function staffUser(place: string, role: 'facilitator' | 'member'): Promise<SessionUser> {
	const p = person(place);
	only(p, p.name, p.email);
	const user = await createUser(db, { email: p.email, name: p.name, role, password: `correct horse battery ${seeded.length}` });
	return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** Stores a story or idea straight through the module (the public form's checks run all the same). */
async function store(
	fx: ParticipationFixture,
	fields: { title?: string; body: string; answer?: string; district?: string; contact?: Person },
	meta: { channel?: Channel; enteredBy?: string } = {}
): Promise<string> {
	const pairs: [string, string][] = [['body', fields.body]];
	if (fields.title !== undefined) pairs.push(['title', fields.title]);
	if (fields.answer) pairs.push([fx.guided[0]!, fields.answer]);
	if (fields.district) pairs.push(['district', fields.district]);
	if (fields.contact) {
		pairs.push(
			['contact_name', fields.contact.name],
			['contact_phone', fields.contact.phone],
			['contact_email', fields.contact.email],
			['consent', 'yes']
		);
	}
	const districts = await listDistricts(db, fx.projectId);
	const checked = checkEntry(fx.call, fx.questions, districts, fieldsFrom(new URLSearchParams(pairs)));
	const { id } = await storeEntry(db, fx.call, checked, {
		channel: meta.channel ?? 'web',
		locale: 'th',
		enteredBy: meta.enteredBy ?? null,
		consentText: 'ยินยอมให้ติดต่อกลับ',
		requireOpen: !meta.enteredBy,
		photo: { kind: 'none' }
	});
	ids.entries.push({ callId: fx.call.id, slug: fx.call.slug, id });
	return id;
}

/** The team's action on a call's entries, through its page (no script). */
async function teamAction(fx: ParticipationFixture, action: 'status' | 'board' | 'group', pairs: [string, string][]) {
	const response = await postForm(server, `/projects/${ids.project}/participation/${fx.call.id}?/${action}`, pairs, {
		headers: { cookie: cookies.facilitator }
	});
	expect(response.status, `${action}: ${response.body.slice(0, 300)}`).toBeLessThan(400);
}

async function linkedToBoard(entryId: string): Promise<boolean> {
	return (await db.selectFrom('participation_board_links').select('entry_id').where('entry_id', '=', entryId).executeTakeFirst()) !== undefined;
}

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase' } });
	db = openDatabase(server.databasePath);

	facilitator = await staffUser("the facilitator's name and e-mail", 'facilitator');
	const member = await staffUser("a team member's name and e-mail", 'member');
	const outsiderUser = await createUser(db, {
		email: 'outsider@example.test',
		name: 'คนนอกโครงการ',
		role: 'facilitator',
		password: 'correct horse battery outsider'
	});
	const outsider: SessionUser = { id: outsiderUser.id, email: outsiderUser.email, name: outsiderUser.name, role: outsiderUser.role };
	cookies.facilitator = `session=${(await createSession(db, facilitator.id)).token}`;
	cookies.outsider = `session=${(await createSession(db, outsider.id)).token}`;

	ids.project = (
		await createProject(
			db,
			{
				title: 'ลดเวลารอคิวที่สำนักงานเขต',
				challenge: 'ประชาชนรอคิวนานเกินไป เราจะทำให้สั้นลงได้อย่างไร',
				agency: 'สำนักงานเขตทดสอบ',
				tags: 'คิว',
				visibility: 'published'
			},
			facilitator
		)
	).id;
	await addTeamMember(db, ids.project, { email: member.email, role: 'member' }, facilitator.id);
	await setDistricts(db, ids.project, DISTRICTS.join('\n'));
	ids.boards = Object.fromEntries((await listBoards(db, ids.project)).map((b) => [b.stage, b.id])) as Record<BoardStage, string>;
	ids.privateProject = (
		await createProject(db, { title: 'โครงการภายใน', challenge: 'ยังไม่เปิดเผยต่อสาธารณะเลย', agency: 'กรมภายใน', tags: '' }, facilitator)
	).id;
	ids.otherProject = (
		await createProject(db, { title: 'โครงการของคนนอก', challenge: 'โครงการอื่นที่คนนอกเป็นผู้นำ', agency: 'กรมอื่น', tags: '' }, outsider)
	).id;

	story = await makeParticipationFixture(db, { kind: 'story', collectContact: true, english: true, facilitator, projectId: ids.project });
	idea = await makeParticipationFixture(db, { kind: 'idea', collectContact: true, reportThreshold: 2, facilitator, projectId: ids.project });
	privateCall = await makeParticipationFixture(db, { kind: 'story', collectContact: true, facilitator, projectId: ids.privateProject });

	// Citizens on the public forms, with no script: a story with a photo (its file name and EXIF
	// block carry personal data), another to be withdrawn later, an idea with a photo.
	const from = '127.0.3.1';
	const [tA, tW] = await fillableEntryTokens(server, story.call.slug, 2, from);
	const [tI] = await fillableEntryTokens(server, idea.call.slug, 1, from);
	const a = person('a story (web, with a photo), taken to the board but never approved');
	const aAnswer = person("that story's answer to a guided question");
	const aContact = person("that story's contact details");
	const aFile = person("that story's photo: its file name");
	only(aFile, aFile.name);
	const aExif = person("that story's photo: its EXIF block");
	only(aExif, aExif.email, aExif.line, aExif.phone);
	for (const p of [a, aAnswer, aContact]) ownPlaces.add(p.seeded.place);
	const sentA = await postMultipart(
		server,
		`/p/${story.call.slug}?/send`,
		[
			['t', tA!],
			['via', 'web'],
			['website', ''],
			['body', a.text],
			[story.guided[0]!, aAnswer.text],
			['district', DISTRICTS[0]!],
			['contact_name', aContact.name],
			['contact_phone', aContact.phone],
			['contact_email', aContact.email],
			['consent', 'yes']
		],
		{
			from,
			file: { field: 'photo', name: `${aFile.name}.jpg`, type: 'image/jpeg', bytes: jpegWithGps(`${aExif.email} ${aExif.line} ${aExif.phone}`) }
		}
	);
	expect(sentA.status, sentA.body.slice(0, 500)).toBe(303);
	ids.receiptA = entryReceipt(sentA)!;
	const w = person('a story approved, taken to the board, then withdrawn by its author');
	const wContact = person("the withdrawn story's contact details");
	const sentW = await postMultipart(
		server,
		`/p/${story.call.slug}?/send`,
		[
			['t', tW!],
			['via', 'qr'],
			['website', ''],
			['body', `${STORY_WORDS} ${w.text}`],
			['contact_name', wContact.name],
			['contact_email', wContact.email],
			['consent', 'yes']
		],
		{ from }
	);
	expect(sentW.status).toBe(303);
	const receiptW = entryReceipt(sentW)!;
	const i = person('an idea (web, with a photo) waiting for moderation: title and description');
	const iFile = person("that idea's photo: its file name");
	only(iFile, iFile.name);
	const sentI = await postMultipart(
		server,
		`/p/${idea.call.slug}?/send`,
		[
			['t', tI!],
			['via', 'web'],
			['website', ''],
			['title', i.name],
			['body', i.text],
			['district', DISTRICTS[1]!]
		],
		{ from, file: { field: 'photo', name: `${iFile.name}.jpg`, type: 'image/jpeg', bytes: jpegWithGps('EXIF') } }
	);
	expect(sentI.status, sentI.body.slice(0, 500)).toBe(303);
	const byTime = await db.selectFrom('participation_entries').select(['id', 'call_id', 'body']).orderBy('submitted_at').execute();
	ids.storyA = byTime.find((r) => r.body === a.text)!.id;
	const storyW = byTime.find((r) => r.body.includes(w.name))!.id;
	for (const r of byTime) ids.entries.push({ callId: r.call_id, slug: r.call_id === story.call.id ? story.call.slug : idea.call.slug, id: r.id });

	// Stories: approved with only maskable data, approved but never taken to a board, spam, typed in at a counter.
	const approvedStory = person('an approved story taken to the board (maskable data only)');
	only(approvedStory, approvedStory.phone, approvedStory.phoneThai, approvedStory.email, approvedStory.nationalId, approvedStory.line);
	const approvedAnswer = person("the approved story's answer (maskable data only)");
	only(approvedAnswer, approvedAnswer.phone, approvedAnswer.phoneThai, approvedAnswer.email, approvedAnswer.nationalId, approvedAnswer.line);
	const approvedStoryId = await store(story, {
		body: `${STORY_WORDS} ${approvedStory.maskable}`,
		answer: `เจ้าหน้าที่มีน้อย ${approvedAnswer.maskable}`,
		district: DISTRICTS[1],
		contact: person("the approved story's contact details")
	});
	const notOnBoard = await store(story, { body: person('an approved story never taken to a board').text, district: DISTRICTS[0] });
	const spamStory = await store(story, { body: person('a story marked as spam').text, answer: person("the spam story's answer").text });
	const counter = await store(
		story,
		{ body: person('a story typed in at a counter by staff').text, contact: person("the counter story's contact details"), district: DISTRICTS[0] },
		{ channel: 'counter', enteredBy: member.id }
	);
	const tag = person('a tag on a story');
	await setEntryTags(db, story.call.id, counter, only(tag, tag.line).line);
	await store(privateCall, {
		body: person("a story on a private project's call").text,
		contact: person("that story's contact details (private project)")
	});
	await teamAction(story, 'status', [
		['ids', approvedStoryId],
		['ids', notOnBoard],
		['ids', storyW],
		['status', 'approved']
	]);
	await teamAction(story, 'status', [
		['ids', spamStory],
		['status', 'spam']
	]);
	await teamAction(story, 'board', [
		['ids', approvedStoryId],
		['ids', storyW],
		['ids', ids.storyA],
		['ids', counter]
	]);
	for (const entry of [approvedStoryId, storyW, ids.storyA, counter]) expect(await linkedToBoard(entry)).toBe(true);

	// Ideas: approved (maskable data only) with supports, taken to the board; another grouped under
	// it; pending; hidden by two reports; hidden by a moderator; spam.
	const ideaTitle = person("an approved idea's title (maskable data only)");
	only(ideaTitle, ideaTitle.phone);
	const ideaBody = person("an approved idea's description (maskable data only)");
	only(ideaBody, ideaBody.phone, ideaBody.phoneThai, ideaBody.email, ideaBody.nationalId, ideaBody.line);
	ids.approvedIdea = await store(idea, {
		title: `${IDEA_TITLE} โทร ${ideaTitle.phone}`,
		body: `${IDEA_WORDS} ${ideaBody.maskable}`,
		contact: person("the approved idea's contact details")
	});
	const similarTitle = person("a grouped idea's title (maskable data only)");
	only(similarTitle, similarTitle.email);
	const similarBody = person("a grouped idea's description (maskable data only)");
	only(similarBody, similarBody.phone, similarBody.email, similarBody.nationalId, similarBody.line);
	const similar = await store(idea, { title: `${SIMILAR_TITLE} ${similarTitle.email}`, body: `ดูคิวจากมือถือ ${similarBody.maskable}` });
	const pending = await store(idea, { title: person('a pending idea: its title').name, body: person('a pending idea: its description').text });
	const reported = await store(idea, { title: person('an idea hidden by reports: its title').name, body: person('an idea hidden by reports').text });
	const hidden = await store(idea, {
		title: person('an idea hidden by a moderator: its title').name,
		body: person('an idea hidden by a moderator').text
	});
	const spamIdea = await store(idea, { title: person('a spam idea: its title').name, body: person('a spam idea').text });
	void pending;
	await teamAction(idea, 'status', [
		['ids', ids.approvedIdea],
		['ids', similar],
		['ids', reported],
		['ids', hidden],
		['status', 'approved']
	]);
	await teamAction(idea, 'group', [
		['ids', similar],
		['leader', ids.approvedIdea]
	]);
	for (let n = 0; n < 3; n++) await supportIdea(db, { call: idea.call, ideaId: ids.approvedIdea, supporter: `supporter-${n}` });
	for (let n = 0; n < 2; n++) await reportIdea(db, { call: idea.call, ideaId: reported, reporter: `reporter-${n}`, reason: 'personal_data' });
	expect((await db.selectFrom('participation_entries').select('status').where('id', '=', reported).executeTakeFirstOrThrow()).status).toBe('hidden');
	await teamAction(idea, 'status', [
		['ids', hidden],
		['status', 'hidden']
	]);
	await teamAction(idea, 'status', [
		['ids', spamIdea],
		['status', 'spam']
	]);
	await teamAction(idea, 'board', [['ids', ids.approvedIdea]]);
	expect(await linkedToBoard(ids.approvedIdea)).toBe(true);

	// The interview log: a note, a quote and a photo, each with who was interviewed and a consent note.
	for (const kind of ['note', 'quote', 'photo'] as const) {
		const text = person(`the interview log: a ${kind}'s text`);
		const interviewee = person(`the interview log: who was interviewed (${kind})`);
		only(interviewee, interviewee.name);
		const consentNote = person(`the interview log: the consent note (${kind})`);
		const file = person(`the interview log: a photo's file name (${kind})`);
		only(file, file.name);
		const added = await postMultipart(
			server,
			`/projects/${ids.project}/interviews?/add`,
			[
				['kind', kind],
				['text', text.text],
				['interviewee', interviewee.name],
				['interviewed_on', new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)],
				['consent', 'written'],
				['consent_note', consentNote.text.slice(0, 300)],
				['consent_confirmed', 'yes']
			],
			{
				headers: { cookie: cookies.facilitator },
				file: { field: 'photo', name: `${file.name}.jpg`, type: 'image/jpeg', bytes: jpegWithGps(`${consentNote.email}`) }
			}
		);
		expect(added.status, added.body.slice(0, 400)).toBe(303);
	}
	ids.interviews = (await db.selectFrom('interview_entries').select('id').where('project_id', '=', ids.project).execute()).map((r) => r.id);
	expect(ids.interviews).toHaveLength(3);

	// The Empathize board, holding the stories' notes, is published whole (no wording approved).
	await publishBoard(ids.boards.empathize);

	// The author of the approved story W withdraws it with the receipt.
	const withdrawn = await postForm(
		server,
		'/p/receipt?/withdraw',
		[
			['code', receiptW],
			['confirm', 'yes']
		],
		{ from: '127.0.3.2' }
	);
	expect(withdrawn.status).toBe(200);
	expect(await db.selectFrom('participation_entries').select('id').where('id', '=', storyW).executeTakeFirst()).toBeUndefined();
	cookies.citizen = `pt_receipt=${ids.receiptA}; pt_supporter=${(await supporterCookie()) ?? ''}`;
}, 120_000);

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

/** A supporter cookie, as a browser gets it from a call's page. */
async function supporterCookie(): Promise<string | null> {
	const page = await send(server, { method: 'GET', path: `/p/${idea.call.slug}`, from: '127.0.3.3' });
	const set = page.headers['set-cookie'];
	for (const value of Array.isArray(set) ? set : set ? [set] : []) {
		const match = /^pt_supporter=([^;]*)/.exec(value);
		if (match) return match[1]!;
	}
	return null;
}

/** Previews a whole board as the facilitator, then confirms that preview. */
async function publishBoard(boardId: string) {
	const http = client(server, cookies.facilitator);
	const page = await http.get(`/projects/${ids.project}/publication/${boardId}?scope=board`);
	expect(page.status).toBe(200);
	const digest = /name="digest" value="([0-9a-f]{64})"/.exec(await page.text())?.[1];
	expect(digest).toBeTruthy();
	const confirm = await http.post(`/projects/${ids.project}/publication/${boardId}?scope=board&/publish`, { scope: 'board', digest: digest! });
	expect(confirm.status).toBe(303);
}

/** Every path the walk starts from: public pages of every call and entry, open data, the team's pages, the API. */
async function startingPaths(): Promise<string[]> {
	const projects = [ids.project, ids.privateProject, ids.otherProject];
	const boards = (await db.selectFrom('boards').select('id').execute()).map((b) => b.id);
	const calls = await db.selectFrom('participation_calls').select(['id', 'slug', 'project_id']).execute();
	const index = (await (await fetch(`${server.url}/api/v1`)).json()) as { endpoints: { path: string }[] };
	const paths = new Set<string>(['/', '/open', '/open/projects.csv', '/open/projects.json', '/projects', '/portfolio', '/p/receipt', '/healthz']);
	for (const endpoint of index.endpoints) {
		for (const project of projects) {
			const path = endpoint.path.replace('{id}', project);
			for (const expanded of path.includes('{boardId}') ? boards.map((b) => path.replace('{boardId}', b)) : [path]) paths.add(expanded);
		}
	}
	for (const project of projects) {
		paths.add(`/open/${project}`);
		paths.add(`/open/${project}/trail`);
		for (const name of DATASET_NAMES) for (const format of ['csv', 'json']) paths.add(`/open/${project}/${name}.${format}`);
		for (const board of boards) paths.add(`/open/${project}/boards/${board}`);
		const base = `/projects/${project}`;
		for (const page of ['', '/participation', '/participation/new', '/interviews', '/export.zip']) paths.add(base + page);
		for (const interview of ids.interviews) paths.add(`${base}/interviews/${interview}/photo`);
		for (const call of calls) {
			for (const page of ['', '/settings', '/entry', '?status=hidden', `?q=${encodeURIComponent(seeded[0]!.strings[0]!)}`])
				paths.add(`${base}/participation/${call.id}${page}`);
			for (const entry of ids.entries.filter((e) => e.callId === call.id)) {
				paths.add(`${base}/participation/${call.id}/entries/${entry.id}`);
				paths.add(`${base}/participation/${call.id}/entries/${entry.id}/photo`);
			}
		}
	}
	for (const call of calls) {
		for (const page of ['', '?sort=supports', '?page=2', '/thanks']) paths.add(`/p/${call.slug}${page}`);
		for (const entry of ids.entries) paths.add(`/p/${call.slug}/ideas/${entry.id}`);
	}
	return [...paths];
}

const walks = new Map<string, Map<string, Output>>();
const walkAs = async (cookie: string) => walk(server, await startingPaths(), cookie);

/** Outputs that show a district label, except the forms of the project's calls (which list them). */
function districtsShown(outputs: Map<string, Output>): string[][] {
	const forms = new Set([story.call.slug, idea.call.slug].flatMap((slug) => [`/p/${slug}`, `/p/${slug}/__data.json`]));
	const found: string[][] = [];
	for (const [path, output] of outputs) {
		if (forms.has(path.split('?')[0]!)) continue;
		for (const district of DISTRICTS) if (output.body.includes(district)) found.push([path, district]);
	}
	return found;
}

describe('no personal data given by citizens leaves a project', () => {
	it('seeded personal data into every place of a call and the interview log, and the team sees it', async () => {
		expect(new Set(seeded.map((s) => s.place)).size).toBeGreaterThanOrEqual(35);
		const team = client(server, cookies.facilitator);
		const entry = await (await team.get(`/projects/${ids.project}/participation/${story.call.id}/entries/${ids.storyA}`)).text();
		for (const place of ownPlaces) expect(entry).toContain(seeded.find((s) => s.place === place)!.strings[0]);
		const log = await (await team.get(`/projects/${ids.project}/interviews`)).text();
		for (const s of seeded.filter((s) => s.place.startsWith('the interview log') && !s.place.includes('file name')))
			expect(log).toContain(s.strings[0]);
		const portfolio = await (await team.get('/portfolio')).text();
		for (const district of DISTRICTS) expect(portfolio).toContain(district);
	});

	it('shows none of it to anonymous callers, in any output they can reach', async () => {
		const outputs = await walkAs('');
		walks.set('anonymous', outputs);
		expect(outputs.size).toBeGreaterThan(150);
		expect(leaks('anonymous', outputs, seeded)).toEqual([]);
		expect(districtsShown(outputs)).toEqual([]);
	}, 120_000); // a walk of several hundred requests: minutes on a loaded machine

	it('shows none of it to a facilitator of another project, in any output they can reach', async () => {
		const outputs = await walkAs(cookies.outsider);
		walks.set('outsider', outputs);
		expect(outputs.size).toBeGreaterThan(150);
		expect(leaks('outsider', outputs, seeded)).toEqual([]);
		expect(districtsShown(outputs)).toEqual([]);
		for (const page of [
			'/participation',
			`/participation/${story.call.id}`,
			`/participation/${story.call.id}/entries/${ids.storyA}`,
			'/interviews'
		]) {
			expect(outputs.get(`/projects/${ids.project}${page}`)?.status, page).toBe(303);
		}
		for (const interview of ids.interviews) expect(outputs.get(`/projects/${ids.project}/interviews/${interview}/photo`)?.status).not.toBe(200);
		for (const caller of ['anonymous', 'outsider']) {
			const photo = walks.get(caller)!.get(`/projects/${ids.project}/participation/${story.call.id}/entries/${ids.storyA}/photo`);
			expect(photo?.status, caller).toBeGreaterThanOrEqual(300);
			expect(photo?.type, caller).not.toMatch(/^image\//);
		}
	}, 120_000);

	it('shows none of it to a citizen holding a receipt and a supporter cookie, and their receipt shows their own story only', async () => {
		const outputs = await walkAs(cookies.citizen);
		walks.set('citizen', outputs);
		expect(outputs.size).toBeGreaterThan(150);
		expect(leaks('citizen', outputs, seeded)).toEqual([]);
		const own = await postForm(server, '/p/receipt?/show', [['code', ids.receiptA]], { from: '127.0.3.4' });
		expect(own.status).toBe(200);
		const others = seeded.filter((s) => !ownPlaces.has(s.place));
		expect(leaks('citizen', new Map([['/p/receipt?/show', { status: own.status, type: '', body: own.body }]]), others)).toEqual([]);
		for (const place of ownPlaces) expect(own.body).toContain(seeded.find((s) => s.place === place)!.strings[0]);
		// Someone else's receipt, one character off: nothing.
		const last = ids.receiptA.at(-1) === 'A' ? 'B' : 'A';
		const wrong = await postForm(server, '/p/receipt?/show', [['code', ids.receiptA.slice(0, -1) + last]], { from: '127.0.3.4' });
		expect(wrong.status).toBe(404);
		expect(leaks('citizen', new Map([['wrong', { status: 404, type: '', body: wrong.body }]]), seeded)).toEqual([]);
	}, 120_000);

	it('shows the approved words on the call, the idea and the trail, masked, with the supports and the counts', async () => {
		for (const caller of ['anonymous', 'outsider', 'citizen']) {
			const outputs = walks.get(caller)!;
			const list = outputs.get(`/p/${idea.call.slug}`)!;
			expect(list.status).toBe(200);
			for (const text of [IDEA_TITLE, IDEA_WORDS]) expect(list.body, caller).toContain(text);
			expect(list.body).toMatch(/<strong>3<\/strong>/);
			const page = outputs.get(`/p/${idea.call.slug}/ideas/${ids.approvedIdea}`)!;
			expect(page.status).toBe(200);
			for (const text of [IDEA_WORDS, SIMILAR_TITLE]) expect(page.body, caller).toContain(text);
			expect(page.body).toContain('[…]');
			const trail = outputs.get(`/open/${ids.project}`)!;
			expect(trail.status).toBe(200);
			for (const text of [STORY_WORDS, IDEA_TITLE, IDEA_WORDS]) expect(trail.body, caller).toContain(text);
			const counts = outputs.get(`/open/${ids.project}/participation.json`)!;
			expect(counts.status).toBe(200);
			expect(counts.body).toContain(story.call.id);
		}
	});

	it('refuses the live board sockets to anyone outside the team', async () => {
		const origin = `http://127.0.0.1:${server.port}`;
		const boards = [ids.boards.empathize, ids.boards.ideate];
		for (const board of boards) {
			const url = `ws://127.0.0.1:${server.port}/collab/${board}`;
			expect(await upgradeStatus(url, { origin })).toBe(401);
			expect(await upgradeStatus(url, { origin, cookie: cookies.outsider })).toBe(404);
		}
		const total = [...walks.values()].reduce((n, w) => n + w.size, 0) + boards.length * 2 + 2;
		const strings = seeded.reduce((n, s) => n + s.strings.length, 0);
		console.log(
			`participation leaks: ${total} outputs walked (${walks.get('anonymous')!.size} anonymous, ${walks.get('outsider')!.size} cross-project, ${walks.get('citizen')!.size} by a citizen with a receipt, 2 receipt lookups, ${boards.length * 2} sockets), ${strings} strings seeded in ${new Set(seeded.map((s) => s.place)).size} places`
		);
	});
});
