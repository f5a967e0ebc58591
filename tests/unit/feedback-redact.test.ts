import { describe, expect, it } from 'vitest';
import { MASK, redactPersonalData } from '../../src/lib/server/feedback/redact.ts';

/**
 * What people write in free text, as they write it: the personal data in it is masked before it
 * leaves the moderation screen (exports, board notes, the API), and the ordinary numbers of a
 * complaint — years, amounts, times, dates, queue numbers — are left alone.
 */

const M = MASK;

const MASKED: [string, string, string][] = [
	// Phones: Thai mobile and landline numbers in the layouts people use.
	['mobile, dashes 3-3-4', 'โทร 081-234-5678 ค่ะ', `โทร ${M} ค่ะ`],
	['mobile, dashes 2-4-4', 'เบอร์ 08-1234-5678', `เบอร์ ${M}`],
	['mobile, spaces', 'โทรมาที่ 081 234 5678 นะ', `โทรมาที่ ${M} นะ`],
	['mobile, no separators', 'ติดต่อ0812345678ได้', `ติดต่อ${M}ได้`],
	['mobile, dots', 'call 081.234.5678', `call ${M}`],
	['mobile in Thai digits', 'โทร ๐๘๑-๒๓๔-๕๖๗๘ ครับ', `โทร ${M} ครับ`],
	['mobile in Thai digits, no separators', 'เบอร์๐๘๑๒๓๔๕๖๗๘', `เบอร์${M}`],
	['mobile, +66', 'WhatsApp +66 81 234 5678', `WhatsApp ${M}`],
	['mobile, +66 with dashes', '+66-81-234-5678', M],
	['mobile, +66 with a bracketed zero', '+66 (0) 81 234 5678', M],
	['mobile, 66 without the plus', 'โทร 66812345678', `โทร ${M}`],
	['Bangkok landline', 'โทร 02-123-4567 ต่อ 12', `โทร ${M} ต่อ 12`],
	['Bangkok landline, bracketed', 'สำนักงาน (02) 123 4567', `สำนักงาน ${M}`],
	['provincial landline', 'โทร 053-123-456', `โทร ${M}`],
	['two phones in one answer', '081-234-5678 หรือ 089 999 9999', `${M} หรือ ${M}`],
	// National ID numbers: 13 digits, grouped as on the card or not.
	['national id, card layout', 'เลขบัตร 1-2345-67890-12-3', `เลขบัตร ${M}`],
	['national id, spaces', 'บัตร 1 2345 67890 12 3 ครับ', `บัตร ${M} ครับ`],
	['national id, 13 digits', 'เลขประจำตัว 1234567890123', `เลขประจำตัว ${M}`],
	['national id in Thai digits', 'เลข ๑-๒๓๔๕-๖๗๘๙๐-๑๒-๓', `เลข ${M}`],
	['national id in Thai digits, no separators', '๑๒๓๔๕๖๗๘๙๐๑๒๓', M],
	// Other long numbers that identify someone (bank accounts, parcels): nine digits or more in one run.
	['bank account layout', 'โอนเข้าบัญชี 123-4-56789-0', `โอนเข้าบัญชี ${M}`],
	['a long number', 'พัสดุเลข 123456789012 หาย', `พัสดุเลข ${M} หาย`],
	// E-mail addresses, including the spelled-out forms.
	['e-mail', 'เมล somchai.k@example.co.th ได้', `เมล ${M} ได้`],
	['e-mail with plus and caps', 'Write to Some.One+fb@Mail.Example.ORG.', `Write to ${M}.`],
	['e-mail, Thai domain', 'ติดต่อ สมชาย@ตัวอย่าง.ไทย', `ติดต่อ ${M}`],
	['e-mail, full-width at', 'somchai＠example.com', M],
	['e-mail, [at] and [dot]', 'somchai [at] gmail [dot] com', M],
	['e-mail, (at) and (dot)', 'somchai(at)gmail(dot)com', M],
	['e-mail, at and dot in words', 'somchai at gmail dot com', M],
	['e-mail, in Thai words', 'somchai แอท gmail ดอท คอม', M],
	// LINE ids.
	['LINE id with @', 'แอดไลน์มาที่ @somchai99 นะคะ', `แอดไลน์มาที่ ${M} นะคะ`],
	['LINE id after "line:"', 'line: somchai_k', `line: ${M}`],
	['LINE id after "Line ID"', 'Line ID somchai.k ครับ', `Line ID ${M} ครับ`],
	['LINE id after "ID line"', 'ID line: somchai-k', `ID line: ${M}`],
	['LINE id after "ไลน์"', 'ไลน์ somchai99 ค่ะ', `ไลน์ ${M} ค่ะ`],
	['LINE id after "ไลน์ไอดี"', 'ไลน์ไอดี: somchai', `ไลน์ไอดี: ${M}`],
	['LINE id after "ไอดีไลน์"', 'ไอดีไลน์ somchai_99', `ไอดีไลน์ ${M}`],
	['LINE id after "ID ไลน์"', 'ID ไลน์ @somchai', `ID ไลน์ ${M}`]
];

const KEPT: [string, string][] = [
	['years, Buddhist and Common Era', 'ปี 2566 2567 2568 เหมือนเดิม (2024)'],
	['amounts', 'จ่ายค่าธรรมเนียม 1,500 บาท และ 25,000.50 บาท ค่าเดินทาง 120 บาท'],
	['a large amount with separators', 'งบประมาณ 1,250,000,000 บาท'],
	['queue numbers', 'ได้คิวที่ 045 รอจนถึงคิว A123 และ B-0456'],
	['times and durations', 'รอตั้งแต่ 08:30 ถึง 10.45 น. รวม 135 นาที'],
	['dates', 'มาวันที่ 12/05/2567 และ 01-06-2567 อีกครั้ง 2024-06-01'],
	['a date next to a phone-like count', 'วันที่ 01-02-2567 มีคน 081 คน'],
	['counts and percentages', 'มีคนรอ 250 คน ประมาณ 80% พอใจ 4.5 จาก 5'],
	['short numbers with dashes', 'ห้อง 3-12 ชั้น 2 ช่อง 7'],
	['a postcode and a house number', 'บ้านเลขที่ 99/123 ถนนพหลโยธิน 10400'],
	['eight digits', 'ยอดรวม 12345678 บาท'],
	['Thai digits that are ordinary', 'ปี ๒๕๖๗ คิวที่ ๔๕ จ่าย ๑,๕๐๐ บาท'],
	['the word LINE about the app', 'จองผ่าน LINE ง่ายดี ใช้ไลน์ได้เลย ไลน์ OA ตอบเร็ว'],
	['LINE in an English sentence', 'The line was long and LINE works well'],
	['an @ that is not an id', 'ราคา 2 @ 50 บาท'],
	['a URL', 'ดูที่ https://www.example.go.th/queue ได้']
];

describe('masking personal data in free text', () => {
	it.each(MASKED)('masks %s', (_name, input, expected) => {
		expect(redactPersonalData(input)).toBe(expected);
	});

	it.each(KEPT)('keeps %s', (_name, input) => {
		expect(redactPersonalData(input)).toBe(input);
	});
});

/** A small deterministic generator, so a failure can be replayed. */
function generator(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (n: number) => Math.floor(next() * n);
	return { int, pick: <T>(list: readonly T[]): T => list[int(list.length)]! };
}

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';
const thaiDigits = (s: string) => s.replace(/[0-9]/g, (d) => THAI_DIGITS[Number(d)]!);
const SAYINGS = ['โทรหาผมที่', 'ติดต่อกลับได้ที่', 'เบอร์ของดิฉันคือ', 'เลขบัตรประชาชน', 'call me on', ''];
const AFTERWARDS = ['ครับ', 'ค่ะ', 'นะคะ', 'ขอบคุณ', '.', ''];

describe('masking, generated', () => {
	it('masks 600 generated phone and ID numbers in every layout, in both digit sets, wherever they stand', () => {
		const g = generator(25_670_801);
		const digits = (n: number) => Array.from({ length: n }, () => String(g.int(10))).join('');
		const layouts: (() => string)[] = [
			() => `0${g.pick(['6', '8', '9'])}${digits(1)}${g.pick(['-', ' ', '.', ''])}${digits(3)}${g.pick(['-', ' ', ''])}${digits(4)}`,
			() => `0${g.pick(['6', '8', '9'])}${g.pick(['-', ' '])}${digits(4)}${g.pick(['-', ' '])}${digits(4)}`,
			() => `0${g.pick(['2', '5', '7'])}${digits(1)}${g.pick(['-', ' '])}${digits(3)}${g.pick(['-', ' '])}${digits(3)}`,
			() => `02${g.pick(['-', ' ', ''])}${digits(3)}${g.pick(['-', ' ', ''])}${digits(4)}`,
			() => `+66${g.pick([' ', '-', ''])}${g.pick(['6', '8', '9'])}${digits(1)}${g.pick([' ', '-'])}${digits(3)}${g.pick([' ', '-'])}${digits(4)}`,
			() =>
				`${1 + g.int(8)}${g.pick(['-', ' ', ''])}${digits(4)}${g.pick(['-', ' ', ''])}${digits(5)}${g.pick(['-', ' ', ''])}${digits(2)}${g.pick(['-', ' ', ''])}${digits(1)}`
		];
		const leaks: string[] = [];
		for (let i = 0; i < 600; i++) {
			const raw = g.pick(layouts)();
			const number = g.int(3) === 0 ? thaiDigits(raw) : raw;
			const text = `${g.pick(SAYINGS)}${g.pick([' ', ''])}${number}${g.pick([' ', ''])}${g.pick(AFTERWARDS)}`;
			const out = redactPersonalData(text);
			const longestDigitRun = Math.max(0, ...(out.match(/[0-9๐-๙]+/g) ?? []).map((r) => r.length));
			if (!out.includes(MASK) || longestDigitRun > 2) leaks.push(`${text} → ${out}`);
		}
		expect(leaks).toEqual([]);
	});

	it('leaves 600 generated everyday sentences with years, amounts, times, dates and queue numbers as they were', () => {
		const g = generator(25_670_802);
		const sentences: (() => string)[] = [
			() => `ปี ${2500 + g.int(100)} รอคิว ${1 + g.int(240)} นาที`,
			() => `จ่าย ${1 + g.int(99)},${String(g.int(1000)).padStart(3, '0')} บาท`,
			() =>
				`งบ ${1 + g.int(9)},${String(g.int(1000)).padStart(3, '0')},${String(g.int(1000)).padStart(3, '0')}.${String(g.int(100)).padStart(2, '0')} บาท`,
			() =>
				`มา ${String(1 + g.int(28)).padStart(2, '0')}/${String(1 + g.int(12)).padStart(2, '0')}/${2560 + g.int(10)} เวลา ${String(g.int(24)).padStart(2, '0')}:${String(g.int(60)).padStart(2, '0')}`,
			() =>
				`วันที่ ${String(1 + g.int(28)).padStart(2, '0')}-${String(1 + g.int(12)).padStart(2, '0')}-${2560 + g.int(10)} คิวที่ ${String(g.int(1000)).padStart(3, '0')}`,
			() => `คิว ${g.pick(['A', 'B', 'C'])}${String(g.int(1000)).padStart(3, '0')} ช่อง ${1 + g.int(12)} ห้อง ${1 + g.int(9)}-${1 + g.int(30)}`,
			() => `คนรอ ${g.int(500)} คน พอใจ ${g.int(101)}% ได้ ${g.int(5)}.${g.int(10)} คะแนน`
		];
		const changed: string[] = [];
		for (let i = 0; i < 600; i++) {
			const raw = g.pick(sentences)();
			const text = g.int(3) === 0 ? thaiDigits(raw) : raw;
			if (redactPersonalData(text) !== text) changed.push(`${text} → ${redactPersonalData(text)}`);
		}
		expect(changed).toEqual([]);
	});
});
