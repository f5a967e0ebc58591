/**
 * Board exports (`/projects/ID/boards/BOARD/export.csv`, `.png`, `.pdf`) over real HTTP against
 * the production build, with a board written by real y-websocket clients: who may export, what
 * the CSV holds (and never holds), that the PNG and the PDF are what they claim, and that Thai
 * tone marks in the PDF sit where Chromium puts them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { chromium } from '@playwright/test';
import {
	addComment,
	addNote,
	castVote,
	findSectionByKey,
	listNotes,
	listSections,
	MESSAGE_WORKSHOP,
	openVotingRound,
	readPrivacy,
	readVotes,
	type WorkshopMessage,
	type WorkshopRequest
} from '../../src/lib/board/index.ts';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { formatJoinCode, openJoinCode, redeemJoinCode } from '../../src/lib/server/guests/join-codes.ts';
import { pngSize } from '../../src/lib/server/board-export/png.ts';
import { renderBoardPdf } from '../../src/lib/server/board-export/pdf.ts';
import type { ExportWords } from '../../src/lib/server/board-export/words.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { accessOutcome, client } from '../helpers/http.ts';
import { connectClient, makeBoardFixture, until, type BoardFixture, type Client } from './collab-harness.ts';

let server: AppServer;
let db: DB;
let fx: BoardFixture;
let boardId: string;
let saysId: string;
let guestCookie: string;
const clients: Client[] = [];
const work = mkdtempSync(join(tmpdir(), 'prachalab-bx-'));

const THAI = 'ผู้สูงอายุต้องรอคิวนานที่โรงพยาบาล';
const FORMULA = '=HYPERLINK("http://evil.example","คลิก")';
const ANONYMOUS = 'ไม่อยากบอกชื่อ แต่ที่จอดรถไม่พอ';
const PRIVATE = 'ความลับก่อนเปิดเผย';
const LOOSE = 'Elderly people wait 3 hours';

const path = (ext: string, query = '') => `/projects/${fx.projectId}/boards/${boardId}/export.${ext}${query}`;

function send(c: Client, request: WorkshopRequest): void {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MESSAGE_WORKSHOP);
	encoding.writeVarString(e, JSON.stringify(request));
	c.provider.ws!.send(encoding.toUint8Array(e));
}

/** A board client that speaks the workshop message type, as the board page does. */
async function speaker(cookie: string): Promise<Client & { messages: WorkshopMessage[] }> {
	const c = connectClient(server.url.replace(/^http/, 'ws') + '/collab', boardId, { cookie, origin: server.url });
	clients.push(c);
	const messages: WorkshopMessage[] = [];
	c.provider.messageHandlers[MESSAGE_WORKSHOP] = (_encoder, decoder) => {
		messages.push(JSON.parse(decoding.readVarString(decoder)) as WorkshopMessage);
	};
	await c.synced();
	send(c, { type: 'hello' });
	await until(() => messages.length > 0, 'the hub answers hello');
	return Object.assign(c, { messages });
}

async function get(ext: string, cookie: string, query = ''): Promise<Response> {
	return client(server, cookie).get(path(ext, query));
}

beforeAll(async () => {
	server = await startAppServer();
	db = openDatabase(server.databasePath);
	fx = await makeBoardFixture(db);
	boardId = fx.boards.empathize;
	const { code } = await openJoinCode(db, boardId, fx.facilitator.id, 60 * 60_000);
	guestCookie = `guest=${(await redeemJoinCode(db, { code: formatJoinCode(code), name: 'ป้าแดง' }))!.token}`;

	const facilitator = await speaker(fx.facilitator.cookie);
	const member = await speaker(fx.member.cookie);
	const says = findSectionByKey(facilitator.doc, 'says')!;
	saysId = says.id;
	addNote(facilitator.doc, { text: THAI, section: says.id, author: fx.facilitator.id, color: 'pink' });
	addNote(facilitator.doc, { text: FORMULA, section: says.id, author: fx.facilitator.id });
	addNote(member.doc, { text: LOOSE, author: fx.member.id, x: 3000, y: 0 });
	// An open, named round: the Thai note has one dot.
	const round = openVotingRound(facilitator.doc, { perPerson: 3, anonymous: false });
	const thai = listNotes(facilitator.doc).find((n) => n.text === THAI)!;
	castVote(facilitator.doc, {
		voterId: fx.facilitator.id,
		round,
		votes: readVotes(facilitator.doc),
		note: thai,
		exists: () => true
	});
	// Everything written so far has reached the board before the modes change.
	await until(() => listNotes(facilitator.doc).length === 3, 'the facilitator has the member’s note');
	await until(
		async () => (await get('csv', fx.facilitator.cookie)).text().then((t) => t.includes(LOOSE) && t.includes(',1,')),
		'the hub has every note and the dot'
	);
	// An anonymous note (the hub writes it without an author), then a private one never revealed.
	send(facilitator, { type: 'set-privacy', anonymousNotes: true });
	await until(() => readPrivacy(member.doc).anonymousNotes, 'anonymous mode reaches the member');
	const note = (id: string, text: string) => ({
		id,
		text,
		x: says.x + says.w - 200,
		y: says.y + 70,
		w: 180,
		h: 140,
		color: 'green',
		section: says.id
	});
	send(member, { type: 'note', note: note('anonnote1', ANONYMOUS) });
	await until(() => listNotes(facilitator.doc).some((n) => n.text === ANONYMOUS), 'the anonymous note is on the board');
	send(facilitator, { type: 'set-privacy', anonymousNotes: false, privateNotes: true });
	await until(() => readPrivacy(member.doc).privateNotes, 'the private brainstorm reaches the member');
	send(member, { type: 'note', note: note('privnote1', PRIVATE) });
	await until(
		() => member.messages.some((m) => m.type === 'state' && m.privateNotes.some((n) => n.id === 'privnote1')),
		'the private note is stored for its author'
	);
	await until(() => listNotes(facilitator.doc).length === 4 && readVotes(facilitator.doc).size > 0, 'the facilitator has every note and the dot');
});

afterAll(async () => {
	for (const c of clients.splice(0)) c.destroy();
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
	rmSync(work, { recursive: true, force: true });
});

describe('who may export a board', () => {
	const cases = [
		{ who: 'facilitator', cookie: () => fx.facilitator.cookie, expected: 200 },
		{ who: 'member', cookie: () => fx.member.cookie, expected: 200 },
		{ who: 'viewer', cookie: () => fx.viewer.cookie, expected: 200 },
		{ who: 'someone not on the team', cookie: () => fx.outsider.cookie, expected: 404 },
		{ who: 'a guest of the board', cookie: () => guestCookie, expected: 'login' },
		{ who: 'someone signed out', cookie: () => '', expected: 'login' }
	] as const;
	for (const ext of ['csv', 'png', 'pdf']) {
		it.each(cases)(`export.${ext} as $who → $expected`, async ({ cookie, expected }) => {
			const response = await get(ext, cookie());
			if (expected === 200) expect(response.status).toBe(200);
			else expect(accessOutcome(response)).toBe(expected);
		});
	}

	it('sends someone outside the team to the public page of a published project: only what was published is public', async () => {
		const other = await makeBoardFixture(db);
		await db.updateTable('projects').set({ visibility: 'published' }).where('id', '=', other.projectId).execute();
		for (const ext of ['csv', 'png', 'pdf']) {
			const response = await client(server, fx.outsider.cookie).get(`/projects/${other.projectId}/boards/${other.boards.ideate}/export.${ext}`);
			expect(response.status).toBe(303);
			expect(response.headers.get('location')).toBe(`/open/${other.projectId}`);
		}
	});

	it('does not find a board of another project under this one', async () => {
		const other = await makeBoardFixture(db);
		const response = await client(server, fx.facilitator.cookie).get(`/projects/${fx.projectId}/boards/${other.boards.ideate}/export.csv`);
		expect(response.status).toBe(404);
	});
});

describe('the CSV', () => {
	it('is UTF-8 with a BOM and CRLF, with Thai headers and notes intact, a formula defused, no private note, no author on an anonymous note and no e-mail', async () => {
		const response = await get('csv', fx.viewer.cookie);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="board-empathize-\d{4}-\d{2}-\d{2}\.csv"$/);
		const bytes = Buffer.from(await response.arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = bytes.subarray(3).toString('utf8');
		const lines = text.split('\r\n');
		expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
		expect(lines[0]).toBe('ส่วน,ข้อความ,สี,ผู้เขียน,จุดโหวต,สร้างเมื่อ,ความเห็น,ประเภท');
		const row = (needle: string) => lines.find((l) => l.includes(needle)) ?? '';
		expect(row(THAI)).toMatch(new RegExp(`^[^,]+,${THAI},ชมพู,สมหญิง ผู้นำกระบวนการ,1,\\d{4}-`));
		expect(row('HYPERLINK')).toContain(`"'=HYPERLINK(""http://evil.example"",""คลิก"")"`);
		expect(row(ANONYMOUS).split(',')[3]).toBe('');
		expect(row(LOOSE)).toMatch(new RegExp(`^,${LOOSE},[^,]+,วิชัย สมาชิก,0,`));
		expect(text).not.toContain(PRIVATE);
		for (const person of [fx.facilitator, fx.member]) expect(text).not.toContain((person as typeof person & { email: string }).email);
		expect(lines).toHaveLength(4 + 2);
	});

	it('speaks English to an English reader, and narrows to one section', async () => {
		const response = await get('csv', `${fx.member.cookie}; lang=en`, `?section=${saysId}`);
		const text = (await response.text()).replace(/^\uFEFF/, '');
		const lines = text.split('\r\n');
		expect(lines[0]).toBe('Section,Text,Colour,Author,Dots,Created,Comments,Kind');
		expect(text).toContain(THAI);
		expect(text).not.toContain(LOOSE);
		expect(lines).toHaveLength(3 + 2);
		expect(response.headers.get('content-disposition')).toContain(`board-empathize-${saysId}-`);
	});

	it('refuses a section the board does not have, saying so in the reader’s language', async () => {
		const response = await get('csv', fx.member.cookie, '?section=nosuchsection');
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('บอร์ดนี้ไม่มีส่วนที่เลือก');
	});
});

/** Width and height from a PNG's IHDR, after checking its signature. */
function pngHeader(bytes: Buffer): { width: number; height: number } {
	expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the PNG', () => {
	it('is a PNG of the section at the size its layout gives, and one of the whole board is wider', async () => {
		const section = await (async () => {
			const c = clients[0]!;
			return listSections(c.doc).find((s) => s.id === saysId)!;
		})();
		const response = await get('png', fx.member.cookie, `?section=${saysId}`);
		expect(response.headers.get('content-type')).toBe('image/png');
		const bytes = Buffer.from(await response.arrayBuffer());
		// The section's frame and 40 units of margin a side; its notes lie inside it.
		expect(pngHeader(bytes)).toEqual(pngSize({ width: section.w + 80, height: section.h + 80 }));
		// The image decodes: its IDAT inflates to one filter byte and three bytes a pixel per row.
		const { width, height } = pngHeader(bytes);
		const idat = bytes.indexOf('IDAT');
		const raw = inflateSync(bytes.subarray(idat + 4, idat + 4 + bytes.readUInt32BE(idat - 4)));
		expect(raw.length).toBe((width * 3 + 1) * height);

		const whole = pngHeader(Buffer.from(await (await get('png', fx.member.cookie)).arrayBuffer()));
		expect(whole.width).toBeGreaterThan(width);
	});
});

describe('the PDF', () => {
	it('has a cover and the board, and its text holds the Thai notes', async () => {
		const response = await get('pdf', fx.viewer.cookie);
		expect(response.headers.get('content-type')).toBe('application/pdf');
		const file = join(work, 'board.pdf');
		writeFileSync(file, Buffer.from(await response.arrayBuffer()));
		const info = execFileSync('pdfinfo', [file]).toString();
		// A4 landscape: a cover, the overview, one page per section, one for the loose note.
		expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
		const sections = listSections(clients[0]!.doc).length;
		expect(info).toMatch(new RegExp(`Pages:\\s+${1 + 1 + sections + 1}\\n`));
		const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, '');
		// Notes wrap over lines that pdftotext may read between others' lines: every word is there, marks in order.
		const segmenter = new Intl.Segmenter('th', { granularity: 'word' });
		for (const note of [THAI, ANONYMOUS]) {
			for (const { segment, isWordLike } of segmenter.segment(note)) if (isWordLike) expect(text).toContain(segment);
		}
		for (const expected of ['ผู้สูงอายุ', 'ทดสอบบอร์ดสด', 'บอร์ดขั้นเข้าใจปัญหา']) expect(text).toContain(expected);
		expect(text).not.toContain(PRIVATE);
	});
});

/** Ink (dark pixels) of a grey image: its bounding box and its separate blobs (8-connected). */
function ink(gray: Uint8Array, width: number, height: number) {
	const dark = (i: number) => gray[i]! < 128;
	const seen = new Uint8Array(width * height);
	const blobs: { top: number; bottom: number; left: number; right: number }[] = [];
	for (let start = 0; start < gray.length; start++) {
		if (!dark(start) || seen[start]) continue;
		const blob = { top: height, bottom: 0, left: width, right: 0 };
		const stack = [start];
		seen[start] = 1;
		while (stack.length) {
			const i = stack.pop()!;
			const x = i % width;
			const y = (i - x) / width;
			blob.top = Math.min(blob.top, y);
			blob.bottom = Math.max(blob.bottom, y);
			blob.left = Math.min(blob.left, x);
			blob.right = Math.max(blob.right, x);
			for (let dy = -1; dy <= 1; dy++)
				for (let dx = -1; dx <= 1; dx++) {
					const nx = x + dx;
					const ny = y + dy;
					if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
					const j = ny * width + nx;
					if (!seen[j] && dark(j)) {
						seen[j] = 1;
						stack.push(j);
					}
				}
		}
		// Specks of antialiasing are not glyph parts.
		if ((blob.bottom - blob.top + 1) * (blob.right - blob.left + 1) >= 9) blobs.push(blob);
	}
	const box = {
		top: Math.min(...blobs.map((b) => b.top)),
		bottom: Math.max(...blobs.map((b) => b.bottom)),
		left: Math.min(...blobs.map((b) => b.left)),
		right: Math.max(...blobs.map((b) => b.right))
	};
	return { box, blobs };
}

/** Blobs wholly above the middle of the ink, left to right, as fractions of the ink's width: the tone marks and upper vowels. */
function upperMarks(shape: ReturnType<typeof ink>): number[] {
	const { box, blobs } = shape;
	const middle = box.top + (box.bottom - box.top) * 0.3;
	return blobs
		.filter((b) => b.bottom < middle)
		.map((b) => ((b.left + b.right) / 2 - box.left) / (box.right - box.left))
		.sort((a, b) => a - b);
}

describe('Thai in the PDF', () => {
	it('puts tone marks over upper vowels where Chromium puts them, in the same font and size', async () => {
		const WORD = 'ผู้สูงอายุที่นี่ดื่มน้ำ';
		const words = {
			sectionTitle: () => '',
			looseNotes: '',
			overview: '',
			empty: '',
			cover: {
				brand: '',
				title: '',
				project: '',
				projectLabel: '',
				stage: '',
				stageLabel: '',
				date: '',
				dateLabel: '',
				part: '',
				partLabel: '',
				notes: ''
			}
		} as unknown as ExportWords;
		const note = { id: 'n', text: WORD, x: 0, y: 0, w: 400, h: 140, color: 'yellow', section: '', author: '', created: 1, dots: null, comments: [] };
		const pdf = await renderBoardPdf({ sections: [], notes: [note], section: null }, words, { note: () => '', person: () => '' });
		const file = join(work, 'word.pdf');
		writeFileSync(file, pdf);
		// The board page at 15 pt, rasterised at 4 px a point: the word is drawn 60 px high.
		execFileSync('pdftoppm', ['-f', '2', '-l', '2', '-r', '288', '-gray', '-singlefile', file, join(work, 'word')]);
		const pgm = readFileSync(join(work, 'word.pgm'));
		const [, w, h] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!.map(Number);
		const fromPdf = ink(new Uint8Array(pgm.subarray(pgm.length - w! * h!)), w!, h!);

		const require = createRequire(import.meta.url);
		const font = readFileSync(require.resolve('@fontsource/sarabun/files/sarabun-thai-400-normal.woff')).toString('base64');
		const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
		try {
			const page = await browser.newPage();
			const pixels = await page.evaluate(
				async ({ font, word }) => {
					const face = new FontFace('SarabunThai', Uint8Array.from(atob(font), (c) => c.charCodeAt(0)).buffer);
					await face.load();
					document.fonts.add(face);
					const canvas = document.createElement('canvas');
					canvas.width = 1400;
					canvas.height = 200;
					const ctx = canvas.getContext('2d')!;
					ctx.fillStyle = '#fff';
					ctx.fillRect(0, 0, canvas.width, canvas.height);
					ctx.fillStyle = '#000';
					ctx.font = '60px SarabunThai';
					ctx.fillText(word, 40, 120);
					const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
					return Array.from({ length: canvas.width * canvas.height }, (_, i) => data[i * 4]!);
				},
				{ font, word: WORD }
			);
			const fromChromium = ink(Uint8Array.from(pixels), 1400, 200);

			const size = (s: ReturnType<typeof ink>) => ({ w: s.box.right - s.box.left, h: s.box.bottom - s.box.top });
			expect(size(fromPdf).h).toBeGreaterThan(40);
			expect(Math.abs(size(fromPdf).h - size(fromChromium).h)).toBeLessThanOrEqual(4);
			expect(Math.abs(size(fromPdf).w - size(fromChromium).w) / size(fromChromium).w).toBeLessThan(0.03);
			// The same marks above the letters, in the same places: a shaper that ignored GPOS would
			// stack a tone mark on an upper vowel (one blob fewer) or leave it beside its consonant.
			const pdfMarks = upperMarks(fromPdf);
			const chromiumMarks = upperMarks(fromChromium);
			expect(pdfMarks.length).toBeGreaterThanOrEqual(4);
			expect(pdfMarks).toHaveLength(chromiumMarks.length);
			pdfMarks.forEach((x, i) => expect(Math.abs(x - chromiumMarks[i]!)).toBeLessThan(0.02));
		} finally {
			await browser.close();
		}
	});
});

describe('comments in the files, and the trail', () => {
	const COMMENT = 'ควรถามผู้ดูแลด้วยว่ารอนานแค่ไหน';
	const REPLY = 'นัดสัมภาษณ์ญาติได้ที่ศาลาวัด';

	it('puts each note’s comments in the CSV (a reply after what it answers, writers by name) and on the PDF’s last pages', async () => {
		const [facilitator, member] = clients as [Client, Client];
		const thai = listNotes(facilitator.doc).find((n) => n.text === THAI)!;
		const first = addComment(facilitator.doc, { noteId: thai.id, author: fx.facilitator.id, text: COMMENT });
		await until(() => listNotes(member.doc).length > 0 && member.doc.getArray('comments').length > 0, 'the comment reaches the member');
		addComment(member.doc, { noteId: thai.id, author: fx.member.id, text: REPLY, replyTo: first });
		await until(async () => (await (await get('csv', fx.viewer.cookie)).text()).includes(REPLY), 'the hub has the reply');

		const text = (await (await get('csv', fx.viewer.cookie)).text()).replace(/^\uFEFF/, '');
		// The comments cell is quoted (it holds a line break); the kind column follows.
		expect(text).toContain(`,"สมหญิง ผู้นำกระบวนการ: ${COMMENT}\n↳ วิชัย สมาชิก: ${REPLY}",โน้ต\r\n`);

		const file = join(work, 'comments.pdf');
		writeFileSync(file, Buffer.from(await (await get('pdf', fx.viewer.cookie)).arrayBuffer()));
		const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())![1]);
		const last = execFileSync('pdftotext', ['-f', String(pages), '-l', String(pages), file, '-'])
			.toString()
			.replace(/\s+/g, '');
		expect(last).toContain('ความเห็นบนโน้ต');
		expect(last).toContain('วิชัยสมาชิก');
		const segmenter = new Intl.Segmenter('th', { granularity: 'word' });
		for (const { segment } of segmenter.segment(REPLY)) expect(last).toContain(segment.trim());
	});

	it('records every export in the audit trail: who, which board, which format and part', async () => {
		// Every export the tests above received is on the trail already.
		const before = await db.selectFrom('audit_events').select('id').where('action', '=', 'board.exported').execute();
		expect(before.length).toBeGreaterThan(10);
		await get('png', fx.member.cookie, `?section=${saysId}`);
		await get('csv', fx.outsider.cookie);
		const rows = await db
			.selectFrom('audit_events')
			.selectAll()
			.where('action', '=', 'board.exported')
			.where(
				'id',
				'not in',
				before.map((r) => r.id)
			)
			.execute();
		// The outsider got nothing, so nothing of theirs is recorded.
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ actor_id: fx.member.id, project_id: fx.projectId, target_kind: 'board', target_id: boardId });
		expect(JSON.parse(rows[0]!.details)).toMatchObject({ format: 'png', section: true, stage: 'empathize' });
	});
});
