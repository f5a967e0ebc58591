/**
 * Images on boards (issue 10) over real HTTP against the production build, with real y-websocket
 * clients: who may upload (the authorization table), what a refused upload says (Thai and
 * English) and leaves behind (nothing), that a photo's GPS never reaches the disk, that the hub
 * keeps every image element to a file uploaded to its own board, and who may see the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, existsSync } from 'node:fs';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import * as Y from 'yjs';
import { addImage, boardRoots, findSectionByKey, setLocked, listImages, setGuestsEditAll } from '../../src/lib/board/index.ts';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { formatJoinCode, openJoinCode, redeemJoinCode } from '../../src/lib/server/guests/join-codes.ts';
import { guestUserId } from '../../src/lib/server/guests/guest-session.ts';
import { LIMIT_RULES } from '../../src/lib/server/limits/limiters.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { collectNotices, connectClient, makeBoardFixture, until, type BoardFixture, type Client } from './collab-harness.ts';

let server: AppServer;
let db: DB;
let fx: BoardFixture;
let other: BoardFixture;
const clients: Client[] = [];

const SECRET = 'GPS 13.7563N 100.5018E serial SN-998877';
const text = (s: string) => [...Buffer.from(s, 'latin1')];
const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];

/** A phone's JPEG as far as the server reads it: EXIF with the place and the device, a frame of 4032 × 3024. */
function phoneJpeg(): Uint8Array {
	const segment = (marker: number, payload: number[]) => [0xff, marker, ...u16(payload.length + 2), ...payload];
	const ascii = text(`${SECRET}\0`);
	const exif = [
		...text('Exif\0\0'),
		...text('II*\0'),
		...u32le(8),
		1,
		0,
		...[0x0f, 0x01, 2, 0, ...u32le(ascii.length), ...u32le(8 + 2 + 12 + 4)],
		0,
		0,
		0,
		0,
		...ascii
	];
	return new Uint8Array([
		0xff,
		0xd8,
		...segment(0xe0, text('JFIF\0\x01\x01\0\0\x01\0\x01\0\0')),
		...segment(0xe1, exif),
		...segment(0xdb, new Array(65).fill(1)),
		...segment(0xc0, [8, ...u16(3024), ...u16(4032), 1, 1, 0x11, 0]),
		...segment(0xda, [1, 1, 0, 0, 63, 0]),
		0x12,
		0x34,
		0xff,
		0xd9
	]);
}

function png(width = 6, height = 4, rgb: [number, number, number] = [200, 200, 200]): Uint8Array {
	const image = new PNG({ width, height });
	for (let i = 0; i < width * height; i++) image.data.set([...rgb, 255], i * 4);
	return new Uint8Array(PNG.sync.write(image));
}

function solidJpeg(width: number, height: number, rgb: [number, number, number]): Uint8Array {
	const data = new Uint8Array(width * height * 4);
	for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
	return new Uint8Array(jpeg.encode({ width, height, data }, 95).data);
}

const imagesPath = (board: string, project = fx.projectId) => `/projects/${project}/boards/${board}/images`;

async function upload(
	cookie: string,
	board: string,
	bytes: Uint8Array | null,
	options: { name?: string; lang?: 'th' | 'en'; project?: string } = {}
) {
	const form = new FormData();
	if (bytes) form.append('image', new Blob([bytes as BlobPart]), options.name ?? 'photo.jpg');
	const headers: Record<string, string> = { origin: server.url, accept: 'application/json' };
	if (cookie || options.lang) headers.cookie = [cookie, options.lang ? `lang=${options.lang}` : ''].filter(Boolean).join('; ');
	return fetch(server.url + imagesPath(board, options.project), { method: 'POST', body: form, headers, redirect: 'manual' });
}

async function uploaded(cookie: string, board: string, project = fx.projectId): Promise<{ id: string; file: string; width: number; height: number }> {
	const response = await upload(cookie, board, png(), { name: 'wall.png', project });
	expect(response.status).toBe(201);
	return response.json();
}

async function guestOf(board: string, name = 'ป้าแดง'): Promise<{ cookie: string; userId: string }> {
	const { code } = await openJoinCode(db, board, fx.facilitator.id, 60 * 60_000);
	const guest = await redeemJoinCode(db, { code: formatJoinCode(code), name });
	return { cookie: `guest=${guest!.token}`, userId: guestUserId(guest!.guestId) };
}

function connect(board: string, cookie: string): Client {
	const c = connectClient(server.url.replace(/^http/, 'ws') + '/collab', board, { cookie, origin: server.url });
	clients.push(c);
	return c;
}

const rowCount = async () =>
	Number(
		(
			await db
				.selectFrom('board_images')
				.select((eb) => eb.fn.countAll().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);
const storedFiles = () => (existsSync(server.attachmentsDir) ? readdirSync(server.attachmentsDir).filter((f) => !f.startsWith('.')) : []);

beforeAll(async () => {
	server = await startAppServer();
	db = openDatabase(server.databasePath);
	fx = await makeBoardFixture(db);
	other = await makeBoardFixture(db);
});

afterAll(async () => {
	for (const c of clients.splice(0)) c.destroy();
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

describe('uploading an image to a board', () => {
	it('lets the team’s editors and the board’s guests upload, and nobody else', async () => {
		const board = fx.boards.empathize;
		const guest = await guestOf(board);
		const otherGuest = await guestOf(fx.boards.ideate, 'guest of another board');
		const table: [string, string, number][] = [
			['facilitator', fx.facilitator.cookie, 201],
			['member', fx.member.cookie, 201],
			['guest of the board', guest.cookie, 201],
			['viewer', fx.viewer.cookie, 403],
			['guest of another board', otherGuest.cookie, 404],
			['member of another project', other.member.cookie, 404],
			['someone on no team', fx.outsider.cookie, 404],
			['signed out', '', 401]
		];
		const outcome: Record<string, number> = {};
		for (const [who, cookie] of table) outcome[who] = (await upload(cookie, board, png())).status;
		expect(outcome).toEqual(Object.fromEntries(table.map(([who, , status]) => [who, status])));
		// The board of one project, asked for under another project's id, is not found.
		expect((await upload(other.facilitator.cookie, board, png(), { project: other.projectId })).status).toBe(404);
	});

	it('refuses an upload on a locked board to everyone but its facilitators', async () => {
		const board = fx.boards.test;
		const facilitator = connect(board, fx.facilitator.cookie);
		await facilitator.synced();
		setLocked(facilitator.doc, true);
		await until(async () => (await upload(fx.member.cookie, board, png(), { lang: 'en' })).status === 403, 'the lock reaches the server');
		const refused = await upload(fx.member.cookie, board, png(), { lang: 'en' });
		expect((await refused.json()).message).toMatch(/locked/);
		expect((await upload(fx.facilitator.cookie, board, png())).status).toBe(201);
		setLocked(facilitator.doc, false);
	});

	it('refuses a file that is not a picture, or too large, in Thai and English, and stores nothing', async () => {
		const board = fx.boards.ideate;
		const rows = await rowCount();
		const files = storedFiles().length;
		const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
		const th = await upload(fx.member.cookie, board, svg, { name: 'ภาพ.svg', lang: 'th' });
		expect(th.status).toBe(400);
		expect((await th.json()).message).toBe('ไฟล์ "ภาพ.svg" ไม่ใช่รูป JPEG, PNG หรือ WebP (ตรวจจากเนื้อไฟล์ ไม่ใช่จากชื่อ)');
		const en = await upload(fx.member.cookie, board, svg, { name: 'picture.svg', lang: 'en' });
		expect((await en.json()).message).toBe('The file "picture.svg" is not a JPEG, PNG or WebP image (judged by its content, not its name).');
		const pdf = await upload(fx.member.cookie, board, new TextEncoder().encode('%PDF-1.4 a document'), { name: 'doc.pdf', lang: 'en' });
		expect(pdf.status).toBe(400);

		const large = new Uint8Array(10 * 1024 * 1024 + 1);
		large.set(png());
		const tooLarge = await upload(fx.member.cookie, board, large, { name: 'big.png', lang: 'th' });
		expect(tooLarge.status).toBe(413);
		expect((await tooLarge.json()).message).toBe('รูป "big.png" ใหญ่เกินไป ได้ไม่เกิน 10 MB');
		const tooLargeEn = await upload(fx.member.cookie, board, large, { name: 'big.png', lang: 'en' });
		expect((await tooLargeEn.json()).message).toBe('The image "big.png" is too large: at most 10 MB.');

		const heic = new Uint8Array([0, 0, 0, 24, ...text('ftypheic'), 0, 0, 0, 0, ...text('mif1heic')]);
		const refusedHeic = await upload(fx.member.cookie, board, heic, { name: 'IMG_0001.HEIC', lang: 'en' });
		expect(refusedHeic.status).toBe(400);
		expect((await refusedHeic.json()).message).toContain('HEIC');
		expect((await upload(fx.member.cookie, board, null, { lang: 'en' })).status).toBe(400);

		expect(await rowCount()).toBe(rows);
		expect(storedFiles().length).toBe(files);
	});

	it('stores a phone photo without its GPS and device, and gives its size as shown', async () => {
		const board = fx.boards.prototype;
		const original = phoneJpeg();
		expect(Buffer.from(original).includes(Buffer.from(SECRET, 'latin1'))).toBe(true);
		const response = await upload(fx.member.cookie, board, original, { name: 'IMG_2031.jpg' });
		expect(response.status).toBe(201);
		const body = await response.json();
		expect(body).toMatchObject({ width: 4032, height: 3024, contentType: 'image/jpeg' });
		expect(body.file).toMatch(new RegExp(`^${body.id}-[a-z0-9]{16}$`));
		const row = await db.selectFrom('board_images').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
		expect(row.board_id).toBe(board);
		expect(row.uploaded_by).toBe(fx.member.id);
		const [, onDisk] = [row, readdirSync(server.attachmentsDir).find((f) => f === row.storage_name)];
		expect(onDisk).toBe(row.storage_name);
		const served = await fetch(`${server.url}${imagesPath(board)}/${body.id}`, { headers: { cookie: fx.member.cookie } });
		const bytes = Buffer.from(await served.arrayBuffer());
		expect(bytes.includes(Buffer.from(SECRET, 'latin1'))).toBe(false);
		expect(bytes.includes(Buffer.from('Exif', 'latin1'))).toBe(false);
		expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
	});

	it('limits how many images one person uploads in a while', async () => {
		const board = fx.boards.implement;
		const guest = await guestOf(board, 'ช่างภาพ');
		const statuses: number[] = [];
		for (let i = 0; i <= LIMIT_RULES.boardImages.points; i++) statuses.push((await upload(guest.cookie, board, png(), { lang: 'en' })).status);
		expect(statuses.slice(0, LIMIT_RULES.boardImages.points).every((s) => s === 201)).toBe(true);
		const last = await upload(guest.cookie, board, png(), { lang: 'en' });
		expect(last.status).toBe(429);
		expect((await last.json()).message).toMatch(/Too many images/);
		// Someone else on the board is not held back.
		expect((await upload(fx.member.cookie, board, png())).status).toBe(201);
	});
});

describe('serving a board’s image', () => {
	it('serves it to the board’s team and guests only, inert', async () => {
		const board = fx.boards.empathize;
		const { id } = await uploaded(fx.member.cookie, board);
		const guest = await guestOf(board, 'ลุงมี');
		const otherGuest = await guestOf(fx.boards.test, 'guest of the test board');
		const get = (cookie: string, path = `${imagesPath(board)}/${id}`) =>
			fetch(server.url + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' }).then((r) => r.status);
		expect({
			facilitator: await get(fx.facilitator.cookie),
			viewer: await get(fx.viewer.cookie),
			guest: await get(guest.cookie),
			otherGuest: await get(otherGuest.cookie),
			otherProject: await get(other.member.cookie),
			signedOut: await get(''),
			wrongBoard: await get(fx.facilitator.cookie, `${imagesPath(fx.boards.ideate)}/${id}`)
		}).toEqual({ facilitator: 200, viewer: 200, guest: 200, otherGuest: 404, otherProject: 404, signedOut: 401, wrongBoard: 404 });
		const response = await fetch(`${server.url}${imagesPath(board)}/${id}`, { headers: { cookie: fx.viewer.cookie } });
		expect(response.headers.get('content-type')).toBe('image/png');
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('content-security-policy')).toContain('sandbox');
	});
});

describe('image elements on the live board', () => {
	it('relays an image placed with an uploaded file to a second client', async () => {
		const board = fx.boards.ideate;
		const { file } = await uploaded(fx.member.cookie, board);
		const member = connect(board, fx.member.cookie);
		const facilitator = connect(board, fx.facilitator.cookie);
		await Promise.all([member.synced(), facilitator.synced()]);
		const id = addImage(member.doc, { file, x: 10, y: 20, w: 300, h: 200, author: fx.member.id, alt: 'กำแพงโน้ตกระดาษ' });
		await until(() => listImages(facilitator.doc).some((i) => i.id === id), 'the facilitator sees the image');
		expect(listImages(facilitator.doc).find((i) => i.id === id)).toMatchObject({ file, alt: 'กำแพงโน้ตกระดาษ', author: fx.member.id });
	});

	it('undoes an image that names another board’s file, a forged one or a URL, even from a raw client', async () => {
		const board = fx.boards.prototype;
		const foreign = await uploaded(other.facilitator.cookie, other.boards.prototype, other.projectId);
		const sameProjectOtherBoard = await uploaded(fx.member.cookie, fx.boards.empathize);
		const member = connect(board, fx.member.cookie);
		const watcher = connect(board, fx.facilitator.cookie);
		await Promise.all([member.synced(), watcher.synced()]);
		const notices = collectNotices(member);
		const forged = `${foreign.id}-${'a'.repeat(16)}`;
		const refusedSoFar = () => notices.filter((n) => n === 'prachalab:images').length;
		for (const [i, file] of [foreign.file, sameProjectOtherBoard.file, forged].entries()) {
			addImage(member.doc, { file, x: 0, y: 0, w: 200, h: 200, author: fx.member.id });
			await until(() => refusedSoFar() === i + 1, `attempt ${i + 1} is undone`);
		}
		// A raw map that points at any URL at all.
		member.doc.transact(() => {
			const map = new Y.Map<unknown>();
			for (const [k, v] of Object.entries({
				file: 'https://evil.example/x.png',
				alt: '',
				x: 0,
				y: 0,
				w: 100,
				h: 100,
				author: fx.member.id,
				created: 1
			}))
				map.set(k, v);
			boardRoots(member.doc).images.set('rawimage1', map);
		});
		await until(() => refusedSoFar() === 4, 'the raw image is undone');
		await until(() => boardRoots(member.doc).images.size === 0, 'the member’s copy drops every refused image');
		expect(notices.filter((n) => n === 'prachalab:images').length).toBe(4);
		expect(boardRoots(watcher.doc).images.size).toBe(0);
	});

	it('keeps an image’s file and author, and guests to their own images', async () => {
		const board = fx.boards.test;
		const mine = await uploaded(fx.member.cookie, board);
		const second = await uploaded(fx.member.cookie, board);
		const guest = await guestOf(board, 'น้องฟ้า');
		const member = connect(board, fx.member.cookie);
		const visitor = connect(board, guest.cookie);
		await Promise.all([member.synced(), visitor.synced()]);
		const id = addImage(member.doc, { file: mine.file, x: 0, y: 0, w: 200, h: 150, author: fx.member.id });
		await until(() => boardRoots(visitor.doc).images.has(id), 'the guest sees the member’s image');
		const notices = collectNotices(visitor);
		// A guest may not move or delete the member's image…
		(boardRoots(visitor.doc).images.get(id) as Y.Map<unknown>).set('x', 500);
		await until(() => notices.length === 1, 'the move is undone');
		boardRoots(visitor.doc).images.delete(id);
		await until(() => notices.length === 2, 'the deletion is undone');
		await until(() => listImages(visitor.doc).find((i) => i.id === id)?.x === 0, 'the guest’s copy is put back');
		// …nor place one under the member's name, and the member may not swap an image's file.
		const guestFile = await uploaded(guest.cookie, board);
		addImage(visitor.doc, { file: guestFile.file, x: 0, y: 0, w: 100, h: 100, author: fx.member.id });
		await until(() => notices.length === 3, 'the image under another name is undone');
		const memberNotices = collectNotices(member);
		(boardRoots(member.doc).images.get(id) as Y.Map<unknown>).set('file', second.file);
		await until(() => memberNotices.length === 1, 'the swap is undone');
		await until(() => listImages(member.doc).find((i) => i.id === id)?.file === mine.file, 'the file is put back');
		expect(notices).toEqual(['prachalab:images', 'prachalab:images', 'prachalab:images']);
		expect(memberNotices).toEqual(['prachalab:images']);
		// Their own image a guest moves; once the facilitator allows it, the member's too.
		const own = addImage(visitor.doc, { file: guestFile.file, x: 0, y: 0, w: 100, h: 100, author: guest.userId });
		await until(() => boardRoots(member.doc).images.has(own), 'the guest’s own image arrives');
		const facilitator = connect(board, fx.facilitator.cookie);
		await facilitator.synced();
		setGuestsEditAll(facilitator.doc, true);
		await until(() => visitor.doc.getMap('meta').get('guestsEditAll') === true, 'the guest hears of it');
		(boardRoots(visitor.doc).images.get(id) as Y.Map<unknown>).set('x', 700);
		await until(() => listImages(member.doc).find((i) => i.id === id)?.x === 700, 'the member sees the guest’s move');
		expect(notices.length).toBe(3);
	});
});

describe('exports with images', () => {
	it('lists images in the CSV and draws them in the PNG and the PDF', async () => {
		const board = fx.boards.implement;
		const red = await (await upload(fx.facilitator.cookie, board, png(60, 40, [230, 20, 20]), { name: 'red.png' })).json();
		const blue = await (await upload(fx.facilitator.cookie, board, solidJpeg(48, 32, [20, 40, 230]), { name: 'blue.jpg' })).json();
		const facilitator = connect(board, fx.facilitator.cookie);
		await facilitator.synced();
		const section = findSectionByKey(facilitator.doc, 'impl_rollout')!;
		const inside = { x: section.x + 40, y: section.y + 80 };
		addImage(facilitator.doc, { file: red.file, ...inside, w: 300, h: 200, author: fx.facilitator.id, alt: 'ผนังโน้ตหลังเวิร์กช็อป' });
		addImage(facilitator.doc, { file: blue.file, x: -2000, y: -2000, w: 240, h: 160, author: fx.facilitator.id });
		const get = (ext: string, lang = 'en') =>
			fetch(`${server.url}/projects/${fx.projectId}/boards/${board}/export.${ext}`, { headers: { cookie: `${fx.member.cookie}; lang=${lang}` } });
		await until(async () => (await (await get('csv')).text()).includes('ผนังโน้ตหลังเวิร์กช็อป'), 'the hub has the images');

		const csv = (await (await get('csv')).text()).replace(/^\uFEFF/, '').split('\r\n');
		expect(csv[0]).toBe('Section,Text,Colour,Author,Dots,Created,Comments,Kind');
		const imageRows = csv.filter((line) => line.endsWith(',image'));
		expect(imageRows).toHaveLength(2);
		expect(imageRows.some((row) => row.includes('ผนังโน้ตหลังเวิร์กช็อป') && row.includes(fx.facilitator.name) && !row.startsWith(','))).toBe(true);
		expect(imageRows.some((row) => row.startsWith(',Photo, no description yet') || row.startsWith(',"Photo, no description yet"'))).toBe(true);
		const thai = (await (await get('csv', 'th')).text()).split('\r\n');
		expect(thai[0]!.replace(/^\uFEFF/, '')).toBe('ส่วน,ข้อความ,สี,ผู้เขียน,จุดโหวต,สร้างเมื่อ,ความเห็น,ประเภท');
		expect(thai.filter((line) => line.endsWith(',รูป'))).toHaveLength(2);

		const picture = PNG.sync.read(Buffer.from(await (await get('png')).arrayBuffer()));
		let reds = 0;
		let blues = 0;
		for (let i = 0; i < picture.data.length; i += 4) {
			const [r, g, b] = [picture.data[i]!, picture.data[i + 1]!, picture.data[i + 2]!];
			if (r > 200 && g < 50 && b < 50) reds++;
			if (b > 200 && r < 60 && g < 80) blues++;
		}
		expect(reds).toBeGreaterThan(500);
		expect(blues).toBeGreaterThan(500);

		const pdf = Buffer.from(await (await get('pdf')).arrayBuffer());
		// Each picture embedded once, however many pages show it (the red one is on the overview and
		// on its section's page): the JPEG, and the PNG with its alpha channel as a soft mask.
		expect(pdf.toString('latin1').match(/\/Subtype \/Image/g)?.length).toBe(3);
	});
});
