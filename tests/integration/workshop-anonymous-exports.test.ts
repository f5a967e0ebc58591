import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import {
	addNote,
	findSectionByKey,
	listNotes,
	MESSAGE_WORKSHOP,
	readPrivacy,
	readWorkshopStep,
	type WorkshopRequest
} from '../../src/lib/board/index.ts';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { addTeamMember } from '../../src/lib/server/projects/team.ts';
import { createWorkshop } from '../../src/lib/server/workshops/workshops.ts';
import { addStep } from '../../src/lib/server/workshops/agenda.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeUser } from '../helpers/db.ts';
import { client as http } from '../helpers/http.ts';
import { parseCsv } from '../helpers/csv.ts';
import { connectClient, makeBoardFixture, until, type BoardFixture, type Client } from './collab-harness.ts';

/**
 * The rule for anonymous notes, checked where notes leave the app: a note written in
 * anonymous mode names nobody in the board's exports (CSV, the API's JSON, the PDF) nor in the
 * workshop's report (its PDF, read by `pdftotext`, and its CSV). The writer is someone whose only
 * note is anonymous, so their name, e-mail or id anywhere in a file would be a leak; a named note
 * by another member shows that the same files do carry authors. Raw API calls and y-websocket
 * clients against the production server.
 */

const ANONYMOUS = 'เจ้าหน้าที่บางคนพูดจาไม่สุภาพกับผู้สูงอายุ';
const NAMED = 'อยากให้มีป้ายบอกเวลารอโดยประมาณ';

let app: AppServer;
let db: DB;
let fx: BoardFixture;
let writer: { id: string; name: string; email: string; cookie: string };
let board: string;
let workshopPath: string;
const clients: Client[] = [];
const work = mkdtempSync(join(tmpdir(), 'prachalab-anon-'));

function send(c: Client, request: WorkshopRequest): void {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_WORKSHOP);
	encoding.writeVarString(encoder, JSON.stringify(request));
	c.provider.ws!.send(encoding.toUint8Array(encoder));
}

async function connect(cookie: string): Promise<Client> {
	const c = connectClient(`ws://127.0.0.1:${app.port}/collab`, board, { cookie, origin: `http://127.0.0.1:${app.port}` });
	// The hub's workshop replies are for pages that said hello; these clients read the document.
	c.provider.messageHandlers[MESSAGE_WORKSHOP] = () => {};
	clients.push(c);
	await c.synced();
	return c;
}

/** The text of a PDF the app served, without white space (lines wrap where the layout chose). */
async function pdfText(response: Response, name: string): Promise<string> {
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toBe('application/pdf');
	const file = join(work, name);
	writeFileSync(file, Buffer.from(await response.arrayBuffer()));
	// In the order drawn, so a note's lines stay together when notes stand side by side.
	return execFileSync('pdftotext', ['-raw', file, '-']).toString().replace(/\s+/g, '');
}

/** Whether `text` holds anything that names the writer. */
function namesWriter(text: string): boolean {
	return [writer.name, writer.name.replace(/\s+/g, ''), writer.email, writer.id].some((mark) => text.includes(mark));
}

beforeAll(async () => {
	app = await startAppServer();
	db = openDatabase(app.databasePath);
	fx = await makeBoardFixture(db);
	board = fx.boards.ideate;
	const user = await makeUser(db, 'member', 'ศรีสุดา ไม่ออกนาม');
	await addTeamMember(db, fx.projectId, { email: user.email, role: 'member' }, fx.facilitator.id);
	writer = { id: user.id, name: user.name, email: user.email, cookie: `session=${(await createSession(db, user.id)).token}` };

	// A workshop whose one step is the Ideate board's Brainstorm, running.
	const { id } = await createWorkshop(
		db,
		fx.projectId,
		{ title: 'รับฟังโดยไม่ระบุชื่อ', purpose: '', date: '2026-07-14', startTime: '09:00', facilitators: [fx.facilitator.id], boards: [board] },
		{ id: fx.facilitator.id, name: fx.facilitator.name, role: 'facilitator' } as never
	);
	await addStep(db, fx.projectId, id, { title: 'ระดมความคิด', methodId: '', minutes: '20', instructions: '', place: `${board}:brainstorm` });
	workshopPath = `/projects/${fx.projectId}/workshops/${id}`;
	expect((await http(app, fx.facilitator.cookie).post(`${workshopPath}?/start`, {})).status).toBe(200);

	const facilitator = await connect(fx.facilitator.cookie);
	const member = await connect(fx.member.cookie);
	const anonymousWriter = await connect(writer.cookie);
	await until(() => readWorkshopStep(anonymousWriter.doc) !== null, 'the writer’s board shows the step');
	// The writer's page says hello, as a board page does: the hub notes them in the room.
	send(anonymousWriter, { type: 'hello' });
	await until(
		async () => !!(await db.selectFrom('workshop_attendance').select('user_id').where('user_id', '=', writer.id).executeTakeFirst()),
		'the writer is noted in the room'
	);
	const brainstorm = findSectionByKey(facilitator.doc, 'brainstorm')!;
	// A named note by the member, before anonymous mode.
	addNote(member.doc, { text: NAMED, section: brainstorm.id, author: fx.member.id });
	// Anonymous mode: the writer's note goes to the hub as a request, which writes it without an author.
	send(facilitator, { type: 'set-privacy', anonymousNotes: true });
	await until(() => readPrivacy(anonymousWriter.doc).anonymousNotes, 'anonymous mode reaches the writer');
	send(anonymousWriter, {
		type: 'note',
		note: {
			id: 'anonymous-idea-1',
			text: ANONYMOUS,
			x: brainstorm.x + 40,
			y: brainstorm.y + 80,
			w: 180,
			h: 140,
			color: 'yellow',
			section: brainstorm.id
		}
	});
	await until(() => {
		const texts = listNotes(facilitator.doc).map((n) => n.text);
		return texts.includes(ANONYMOUS) && texts.includes(NAMED);
	}, 'both notes are on the board');
	send(facilitator, { type: 'set-privacy', anonymousNotes: false });
	// In the document itself the note has no author.
	expect(listNotes(facilitator.doc).find((n) => n.text === ANONYMOUS)!.author).toBe('');
});

afterAll(async () => {
	for (const c of clients.splice(0)) c.destroy();
	await db?.destroy();
	await app?.stop();
	app?.cleanup();
	rmSync(work, { recursive: true, force: true });
});

describe('an anonymous note in the exports', () => {
	it('has no author in the board’s CSV, where the named note has its writer', async () => {
		const response = await http(app, fx.facilitator.cookie).get(`/projects/${fx.projectId}/boards/${board}/export.csv`);
		expect(response.status).toBe(200);
		const text = await response.text();
		const rows = parseCsv(text);
		const author = rows[0]!.indexOf('ผู้เขียน');
		expect(author).toBeGreaterThan(-1);
		const row = (note: string) => rows.find((r) => r.includes(note))!;
		expect(row(NAMED)[author]).toBe(fx.member.name);
		expect(row(ANONYMOUS)[author]).toBe('');
		expect(namesWriter(text)).toBe(false);
	});

	it('has no author in the board’s JSON from the API, where the named note has its writer', async () => {
		const response = await http(app, fx.facilitator.cookie).get(`/api/v1/projects/${fx.projectId}/boards/${board}`, { accept: 'application/json' });
		expect(response.status).toBe(200);
		const text = await response.text();
		const notes = (JSON.parse(text) as { notes: { text: string; author?: string }[] }).notes;
		expect(notes.find((n) => n.text === NAMED)!.author).toBe(fx.member.id);
		expect(notes.find((n) => n.text === ANONYMOUS)!.author ?? '').toBe('');
		expect(namesWriter(text)).toBe(false);
	});

	it('names nobody in the board’s PDF', async () => {
		const text = await pdfText(await http(app, fx.facilitator.cookie).get(`/projects/${fx.projectId}/boards/${board}/export.pdf`), 'board.pdf');
		expect(text).toContain(ANONYMOUS.replace(/\s+/g, ''));
		expect(namesWriter(text)).toBe(false);
	});

	it('names nobody in the workshop report’s PDF (the same pipeline)', async () => {
		const text = await pdfText(await http(app, fx.viewer.cookie).get(`${workshopPath}/report.pdf`), 'report.pdf');
		expect(text).toContain(ANONYMOUS.replace(/\s+/g, ''));
		// A name in it would be read: the cover names the facilitator.
		expect(text).toContain(fx.facilitator.name.replace(/\s+/g, ''));
		expect(namesWriter(text)).toBe(false);
	});

	it('has no author in the workshop report’s CSV: the writer is named only as someone of the team who was in the room', async () => {
		const rows = parseCsv(await (await http(app, fx.viewer.cookie).get(`${workshopPath}/report.csv`)).text());
		const anonymous = rows.filter((r) => r.includes(ANONYMOUS));
		expect(anonymous.length).toBeGreaterThan(0);
		for (const row of anonymous) expect(namesWriter(row.join('\n'))).toBe(false);
		// Being in the room is attendance, not authorship (the report's rule: names for the team).
		const naming = rows.filter((r) => namesWriter(r.join('\n')));
		expect(naming.map((r) => [r[0], r[11]])).toEqual([['ผู้เข้าร่วม', 'สมาชิกทีมที่อยู่ในห้อง']]);
	});
});
