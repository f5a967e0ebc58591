/**
 * Helpers for the leak tests (publication-leaks, participation-leaks): personal data in realistic
 * Thai shapes, each string remembered with the place it was typed into, and a walk of every
 * output one caller can reach from a set of starting paths, following every same-origin link.
 */
import type { AppServer } from '../helpers/app-server.ts';

export interface Seeded {
	place: string;
	strings: string[];
}

export interface Output {
	status: number;
	type: string;
	body: string;
}

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';
export const thaiDigits = (text: string) => text.replace(/\d/g, (d) => THAI_DIGITS[Number(d)]!);
const GIVEN = ['พิมพ์ใจ', 'สมหมาย', 'วันเพ็ญ', 'บุญชู', 'ลำดวน', 'ประยูร', 'จันทร์เพ็ญ', 'สายสุนีย์'];
const FAMILY = ['ศรีสุข', 'ทองมา', 'แก้วประเสริฐ', 'บุญมี', 'ใจดีงาม', 'รักษ์ไทย'];

export interface Person {
	name: string;
	phone: string;
	phoneThai: string;
	email: string;
	nationalId: string;
	address: string;
	line: string;
	/** Everything at once, as someone would type it into a note or an answer. */
	text: string;
	/** Only what a machine can recognise and mask (phones, e-mail, national id, LINE id), in a sentence. */
	maskable: string;
	/** The strings remembered for this place (narrow it when only some of them were typed). */
	seeded: Seeded;
}

/** A source of personal data, unique to each place, and the list of what was seeded where. */
export function personalData() {
	const seeded: Seeded[] = [];
	let counter = 0;
	function person(place: string): Person {
		const i = counter++;
		const n = String(i).padStart(3, '0');
		const name = `${GIVEN[i % GIVEN.length]} ${FAMILY[i % FAMILY.length]}${thaiDigits(n)}`;
		const phone = `08${i % 10}-${String(200 + i).slice(-3)}-${String(5000 + i).slice(-4)}`;
		const phoneThai = thaiDigits(`09${i % 10}-${String(300 + i).slice(-3)}-${String(6000 + i).slice(-4)}`);
		const email = `citizen.${n}@mail-example.test`;
		const nationalId = `3-1012-${String(70000 + i).slice(-5)}-${String(10 + (i % 90)).slice(-2)}-${i % 10}`;
		const address = `บ้านเลขที่ ${100 + i}/${(i % 9) + 1} หมู่ ${(i % 12) + 1} ซอยสุขสวัสดิ์ ${40 + i}`;
		const line = `line-${n}-secret`;
		const entry: Seeded = { place, strings: [name, phone, phoneThai, email, nationalId, address, line] };
		seeded.push(entry);
		return {
			name,
			phone,
			phoneThai,
			email,
			nationalId,
			address,
			line,
			text: `${name} ${address} โทร ${phone} หรือ ${phoneThai} อีเมล ${email} บัตร ${nationalId} ไลน์ ${line}`,
			maskable: `โทร ${phone} หรือ ${phoneThai} อีเมล ${email} บัตร ${nationalId} ไลน์ ${line}`,
			seeded: entry
		};
	}
	return { seeded, person };
}

const SKIP = /^\/(_app|favicon|fonts|logout|lang)\b|\.(png|svg|ico|woff2?|css|js|webmanifest|pdf)(\?|$)/;

/** Same-origin paths named in a body (href/src/action attributes, JSON strings, absolute URLs) or a redirect. */
export function linksIn(origin: string, body: string, location: string | null): string[] {
	const found = new Set<string>();
	const add = (raw: string) => {
		let link = raw.replace(/&amp;/g, '&');
		if (link.startsWith(origin)) link = link.slice(origin.length) || '/';
		if (!link.startsWith('/') || link.startsWith('//')) return;
		link = link.split('#')[0]!;
		if (link && !SKIP.test(link) && !link.includes('{')) found.add(link);
	};
	if (location) add(location);
	for (const match of body.matchAll(/(?:href|src|action)="([^"]+)"/g)) add(match[1]!);
	for (const match of body.matchAll(/"((?:\/|https?:\/\/)[^"\s]*)"/g)) add(match[1]!);
	return [...found];
}

/** The SvelteKit data request behind a page. */
export const dataPath = (path: string) => {
	const [pathname, search] = path.split('?');
	return `${pathname === '/' ? '' : pathname}/__data.json${search ? `?${search}` : ''}`;
};

/** Fetches every starting path and every same-origin link found on the way, as one caller (GET only). */
export async function walk(server: AppServer, starts: readonly string[], cookie: string, max = 3000): Promise<Map<string, Output>> {
	const outputs = new Map<string, Output>();
	const queue = [...starts];
	while (queue.length > 0 && outputs.size < max) {
		const path = queue.shift()!;
		if (outputs.has(path)) continue;
		const response = await fetch(server.url + path, {
			headers: { accept: path.startsWith('/api/') ? 'application/json' : 'text/html', origin: server.url, ...(cookie ? { cookie } : {}) },
			redirect: 'manual'
		});
		const output = { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
		outputs.set(path, output);
		queue.push(...linksIn(server.url, output.body, response.headers.get('location')).filter((link) => !outputs.has(link)));
		if (output.status === 200 && output.type.includes('text/html')) queue.push(dataPath(path));
	}
	return outputs;
}

/** Every seeded string found in any output: [caller, path, place, string]. */
export function leaks(caller: string, outputs: Map<string, Output>, seeded: readonly Seeded[]): string[][] {
	const found: string[][] = [];
	for (const [path, output] of outputs) {
		for (const { place, strings } of seeded) {
			for (const text of strings) if (output.body.includes(text)) found.push([caller, path, place, text]);
		}
	}
	return found;
}
