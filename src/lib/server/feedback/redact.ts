/**
 * Personal data a citizen may type into a free-text answer is masked wherever text leaves the
 * moderation screen: exports, board notes, the API. The contact details themselves never leave
 * at all. Masked, in the forms Thai people write them (Arabic or Thai digits, any of space, dash
 * or dot between groups):
 *
 * - e-mail addresses, Thai domains and spelled-out forms included ("name [at] mail [dot] com",
 *   "name แอท mail ดอท คอม");
 * - LINE ids: "@name", and a Latin id after "line:", "Line ID", "ID line", "ไลน์", "ไลน์ไอดี",
 *   "ไอดีไลน์" (the word stays, the id goes);
 * - national ID numbers: 13 digits, as printed on the card (1-2345-67890-12-3) or not;
 * - Thai phone numbers: 0 and 8 or 9 more digits in the usual groupings (081-234-5678,
 *   08-1234-5678, 02 123 4567, (02) 123 4567, 053-123-456), and +66 / 66 forms;
 * - any other run of nine or more digits (bank accounts, parcel numbers).
 *
 * Not masked, on purpose: the numbers of an ordinary complaint — years (2567), amounts (1,500
 * or 25,000.50 — thousands separators make them safe), times (08:30, 10.45), dates
 * (12/05/2567, 01-06-2567), queue and room numbers (A123, 045, 3-12), counts, and any number of
 * eight digits or fewer that does not start like a phone number. A number starting with 0 in a
 * phone's grouping is taken for a phone: a false mask costs a reader a few digits, a missed one
 * publishes someone's number.
 */

export const MASK = '[…]';

const D = '[0-9๐-๙]';
const NOT_AFTER_DIGIT = `(?<!${D})`;
const NOT_BEFORE_DIGIT = `(?!${D})`;
const GROUP = `[ .\\-]?${D}{3,4}`;

// E-mail: letters of any script, so สมชาย@ตัวอย่าง.ไทย is one; a full-width ＠ too.
const LOCAL = '[\\p{L}\\p{M}\\p{N}._%+\\-]+';
const LABEL = '[\\p{L}\\p{M}\\p{N}\\-]+';
const TLD = '[\\p{L}\\p{M}]{2,}';
const EMAIL = new RegExp(`${LOCAL}[@＠]${LABEL}(?:\\.${LABEL})*\\.${TLD}`, 'gu');
const AT = '(?:\\s*[\\[(]\\s*(?:at|แอท)\\s*[\\])]\\s*|\\s+(?:at|แอท)\\s+)';
const DOT = '(?:\\s*[\\[(]\\s*(?:dot|ดอท)\\s*[\\])]\\s*|\\s+(?:dot|ดอท)\\s+|\\.)';
const SPELLED_EMAIL = new RegExp(`${LOCAL}${AT}${LABEL}(?:${DOT}${LABEL})*${DOT}${TLD}`, 'giu');

// LINE: ids are 4–20 Latin letters, digits, dots, dashes and underscores (3 allowed: old ids).
const LINE_ID = '@?[A-Za-z0-9][A-Za-z0-9._\\-]{1,18}[A-Za-z0-9]';
const ID_WORD = '(?:id|ไอดี)';
const LINE_WORD = '(?:line|ไลน์)';
/** "Line ID x", "ID line: x", "ไลน์ไอดี x", "ไอดีไลน์ x": the id follows, colon or not. */
const LINE_WITH_ID_WORD = new RegExp(
	`((?<![A-Za-z])(?:${LINE_WORD}\\s*${ID_WORD}|${ID_WORD}\\s*${LINE_WORD})(?![A-Za-z])\\s*[:：=]?\\s*)(${LINE_ID})(?![A-Za-z0-9._\\-])`,
	'giu'
);
/** "line: x", "ไลน์ = x". */
const LINE_COLON = new RegExp(`((?<![A-Za-z])${LINE_WORD}\\s*[:：=]\\s*)(${LINE_ID})(?![A-Za-z0-9._\\-])`, 'giu');
/** "ไลน์ x": in Thai text a Latin word right after the word for LINE is an id — unless it is about the app. */
const THAI_LINE = new RegExp(`(ไลน์\\s*)(${LINE_ID})(?![A-Za-z0-9._\\-])`, 'gu');
const ABOUT_THE_APP = new Set(['official', 'app', 'pay', 'group', 'chat', 'call', 'man', 'today', 'shopping']);
/** "@name" on its own (an e-mail address was masked before this runs). */
const AT_ID = new RegExp(`(?<![\\p{L}\\p{N}._%+\\-@＠])@[A-Za-z0-9][A-Za-z0-9._\\-]{1,18}[A-Za-z0-9](?![A-Za-z0-9._\\-])`, 'gu');

// 13 digits: the card's 1-4-5-2-1 grouping, or none.
const NATIONAL_ID = new RegExp(`${NOT_AFTER_DIGIT}${D}[ \\-]?${D}{4}[ \\-]?${D}{5}[ \\-]?${D}{2}[ \\-]?${D}${NOT_BEFORE_DIGIT}`, 'g');
// +66 (or 66) and the number without its leading 0: 8 or 9 digits.
const PHONE_INTERNATIONAL = new RegExp(
	`${NOT_AFTER_DIGIT}(?:\\+\\s?)?(?:66|๖๖)[ .\\-]?(?:\\([0๐]\\)\\s?)?${D}{1,2}(?:${GROUP}){2}${NOT_BEFORE_DIGIT}`,
	'g'
);
// 0 and 8 or 9 more digits: 0X or 0XX (bracketed or not), then two groups of 3–4.
const PHONE = new RegExp(`${NOT_AFTER_DIGIT}(?:\\([0๐]${D}{1,2}\\)\\s?|[0๐]${D}{1,2})(?:${GROUP}){2}${NOT_BEFORE_DIGIT}`, 'g');
const BANK_ACCOUNT = new RegExp(`${NOT_AFTER_DIGIT}${D}{3}[ \\-]${D}[ \\-]${D}{5}[ \\-]${D}${NOT_BEFORE_DIGIT}`, 'g');
const LONG_NUMBER = new RegExp(`${NOT_AFTER_DIGIT}${D}{9,}${NOT_BEFORE_DIGIT}`, 'g');

const digitCount = (text: string) => (text.match(/[0-9๐-๙]/g) ?? []).length;

export function redactPersonalData(text: string): string {
	return text
		.replace(SPELLED_EMAIL, MASK)
		.replace(EMAIL, MASK)
		.replace(LINE_WITH_ID_WORD, (_all, lead: string) => `${lead}${MASK}`)
		.replace(LINE_COLON, (_all, lead: string) => `${lead}${MASK}`)
		.replace(THAI_LINE, (all, lead: string, id: string) => (ABOUT_THE_APP.has(id.replace(/^@/, '').toLowerCase()) ? all : `${lead}${MASK}`))
		.replace(AT_ID, MASK)
		.replace(NATIONAL_ID, MASK)
		.replace(PHONE_INTERNATIONAL, (all) => {
			// The digits after 66, without a bracketed 0: a Thai number without its leading 0.
			const national = digitCount(all.replace(/\([0๐]\)/, '')) - 2;
			return national === 8 || national === 9 ? MASK : all;
		})
		.replace(PHONE, (all) => {
			const n = digitCount(all);
			return n === 9 || n === 10 ? MASK : all;
		})
		.replace(BANK_ACCOUNT, MASK)
		.replace(LONG_NUMBER, MASK);
}
