import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DB } from '../db/open.ts';
import { lockRow } from '../db/locks.ts';
import { refuse } from '../validation.ts';
import { takeFormToken } from '../feedback/used-tokens.ts';
import { roundState } from '../../domain/feedback.ts';
import { isReportReason, type Call, type ReportReason } from '../../domain/participation.ts';

/**
 * Supports and reports of ideas, without an account. The proof that one person supports an idea
 * once is deliberately light, and honest about it (the public page and the README say so):
 *
 * - a signed cookie gives each browser a random id (`pt_supporter`); one support per idea per id
 *   (the table's key), so pressing twice, the back button or a replay count once;
 * - each support and report is a form with a signed token used once, too-fast and honeypot
 *   forms are asked to confirm (feedback/public-form.ts), and a client address may give only so
 *   many an hour (limits/limiters.ts, `participationSupport`);
 * - a call may add a short question a person answers and a simple script does not ("three plus
 *   four?"), with no phone number and no third party.
 *
 * What it does not prevent: a person who clears their cookies, opens a private window or uses
 * another device supports again; many people behind one address share its limit. A support is
 * a signal of interest, never a vote. What is stored is an HMAC of the browser's id and the call:
 * it names no person and links no two calls.
 */

export const SUPPORTER_COOKIE = 'pt_supporter';
export const SUPPORTER_KEY = 'participation-supporter';
/** The field carrying the answer to the call's human check. */
export const CHECK_FIELD = 'check';
export const REASON_FIELD = 'reason';

const COOKIE = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

function mac(key: Uint8Array, text: string): string {
	return createHmac('sha256', key).update(text).digest('base64url');
}

/** A new browser id, signed. */
export function newSupporterCookie(key: Uint8Array): string {
	const id = randomBytes(16).toString('base64url');
	return `${id}.${mac(key, `browser.${id}`)}`;
}

/** The browser's id from its cookie, if genuine. */
export function supporterId(key: Uint8Array, cookie: string | undefined): string | null {
	const match = cookie ? COOKIE.exec(cookie) : null;
	if (!match) return null;
	const expected = Buffer.from(mac(key, `browser.${match[1]}`));
	const given = Buffer.from(match[2]!);
	return expected.length === given.length && timingSafeEqual(expected, given) ? match[1]! : null;
}

/** What is stored for this browser in this call: nothing that names it elsewhere. */
export function supporterPseudonym(key: Uint8Array, browserId: string, callId: string): string {
	return createHmac('sha256', key).update(`supporter.${callId}.${browserId}`).digest('hex');
}

const THAI_NUMBERS = ['ศูนย์', 'หนึ่ง', 'สอง', 'สาม', 'สี่', 'ห้า', 'หก', 'เจ็ด', 'แปด', 'เก้า'];
const ENGLISH_NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** The human check of a support form: two small numbers, derived from its token so nothing is kept. */
export function humanCheck(key: Uint8Array, token: string): { a: number; b: number; words: { th: [string, string]; en: [string, string] } } {
	const digest = createHmac('sha256', key).update(`check.${token}`).digest();
	const a = 1 + (digest[0]! % 9);
	const b = 1 + (digest[1]! % 9);
	return { a, b, words: { th: [THAI_NUMBERS[a]!, THAI_NUMBERS[b]!], en: [ENGLISH_NUMBERS[a]!, ENGLISH_NUMBERS[b]!] } };
}

/** Whether `answer` is the sum, in Arabic or Thai digits or as a word in either language. */
export function checkAnswer(key: Uint8Array, token: string, answer: string | undefined): boolean {
	if (answer === undefined) return false;
	const { a, b } = humanCheck(key, token);
	const sum = a + b;
	const clean = answer
		.trim()
		.toLowerCase()
		.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
	return clean === String(sum) || clean === thaiNumber(sum) || clean === ENGLISH_SUMS[sum];
}

const ENGLISH_SUMS = [...ENGLISH_NUMBERS, 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen'];

/** 2–18 in Thai words: สิบ, สิบเอ็ด, สิบสอง … */
function thaiNumber(n: number): string {
	if (n < 10) return THAI_NUMBERS[n]!;
	const unit = n - 10;
	return `สิบ${unit === 0 ? '' : unit === 1 ? 'เอ็ด' : THAI_NUMBERS[unit]}`;
}

/** An approved idea of the call that people may support or report now; refuses otherwise. */
async function openIdea(db: DB, call: Call, ideaId: unknown, now: number): Promise<{ id: string; status: string }> {
	if (call.kind !== 'idea') refuse('not_found');
	if (roundState(call, now) !== 'open') refuse('fb_round_closed');
	if (typeof ideaId !== 'string' || ideaId.length > 40) refuse('not_found');
	const row = await db
		.selectFrom('participation_entries')
		.select(['id', 'status'])
		.where('id', '=', ideaId)
		.where('call_id', '=', call.id)
		.executeTakeFirst();
	if (!row || row.status !== 'approved') refuse('pt_idea_not_public');
	return row;
}

/**
 * Records a support, taking the form's token in the same transaction. Supporting an idea the
 * browser already supports changes nothing (and is no error: the page shows it as supported).
 */
export async function supportIdea(
	db: DB,
	input: { call: Call; ideaId: unknown; supporter: string; token?: { id: string; expiresAt: number }; now?: number }
): Promise<'supported' | 'already'> {
	const now = input.now ?? Date.now();
	const idea = await openIdea(db, input.call, input.ideaId, now);
	return db.transaction().execute(async (trx) => {
		if (input.token) await takeFormToken(trx, input.token);
		const inserted = await trx
			.insertInto('participation_supports')
			.values({ entry_id: idea.id, supporter: input.supporter, created_at: now })
			.onConflict((oc) => oc.columns(['entry_id', 'supporter']).doNothing())
			.executeTakeFirst();
		return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 ? 'supported' : 'already';
	});
}

/**
 * Records a report (one per reporter per idea). Once the reports a moderator has not reviewed
 * reach the call's threshold, the idea is hidden from the public at once, until a moderator
 * restores it. Returns whether this report hid it.
 */
export async function reportIdea(
	db: DB,
	input: { call: Call; ideaId: unknown; reporter: string; reason: unknown; token?: { id: string; expiresAt: number }; now?: number }
): Promise<{ hidden: boolean }> {
	const now = input.now ?? Date.now();
	if (!isReportReason(input.reason)) refuse('invalid_choice', REASON_FIELD);
	const reason: ReportReason = input.reason;
	const idea = await openIdea(db, input.call, input.ideaId, now);
	return db.transaction().execute(async (trx) => {
		// Reports of one idea take turns, so the one that reaches the threshold counts the others
		// (two at once would each count only itself and the committed ones, and neither hide it).
		await lockRow(trx, 'participation_entries', idea.id);
		if (input.token) await takeFormToken(trx, input.token);
		await trx
			.insertInto('participation_reports')
			.values({ entry_id: idea.id, reporter: input.reporter, reason, created_at: now, reviewed_at: null })
			.onConflict((oc) => oc.columns(['entry_id', 'reporter']).doNothing())
			.execute();
		const open = await trx
			.selectFrom('participation_reports')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('entry_id', '=', idea.id)
			.where('reviewed_at', 'is', null)
			.executeTakeFirstOrThrow();
		if (Number(open.n) < input.call.reportThreshold) return { hidden: false };
		const hidden = await trx
			.updateTable('participation_entries')
			.set({ status: 'hidden', hidden_by_reports: 1 })
			.where('id', '=', idea.id)
			.where('status', '=', 'approved')
			.executeTakeFirst();
		return { hidden: Number(hidden.numUpdatedRows) > 0 };
	});
}

/** What this browser did on the call's ideas: which it supports and which it reported. */
export async function browserActions(
	db: DB,
	ideaIds: readonly string[],
	pseudonym: string | null
): Promise<{ supported: Set<string>; reported: Set<string> }> {
	if (!pseudonym || ideaIds.length === 0) return { supported: new Set(), reported: new Set() };
	const [supports, reports] = await Promise.all([
		db.selectFrom('participation_supports').select('entry_id').where('supporter', '=', pseudonym).where('entry_id', 'in', ideaIds).execute(),
		db.selectFrom('participation_reports').select('entry_id').where('reporter', '=', pseudonym).where('entry_id', 'in', ideaIds).execute()
	]);
	return { supported: new Set(supports.map((s) => s.entry_id)), reported: new Set(reports.map((r) => r.entry_id)) };
}

/**
 * Distinct supporters of each idea's group (the idea and those grouped under it as duplicates):
 * a browser that supported two ideas of a group counts once.
 */
export async function groupSupportCounts(db: DB, callId: string): Promise<Map<string, number>> {
	const rows = await db
		.selectFrom('participation_supports')
		.innerJoin('participation_entries', 'participation_entries.id', 'participation_supports.entry_id')
		.select([
			(eb) => eb.fn.coalesce('participation_entries.duplicate_of', 'participation_entries.id').as('leader'),
			'participation_supports.supporter'
		])
		.where('participation_entries.call_id', '=', callId)
		.distinct()
		.execute();
	const out = new Map<string, number>();
	for (const row of rows) out.set(row.leader as string, (out.get(row.leader as string) ?? 0) + 1);
	return out;
}
