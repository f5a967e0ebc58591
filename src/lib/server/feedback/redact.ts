/**
 * Personal data a citizen may type into a free-text answer (an e-mail address, a phone number,
 * a 13-digit Thai ID number) is masked wherever text leaves the moderation screen: exports and
 * board notes. The contact details themselves never leave at all.
 */

const EMAIL = /[^\s@<>()"',;]+@[^\s@<>()"',;]+\.[A-Za-z]{2,}/g;
// 13 digits, optionally grouped 1-4-5-2-1 as printed on Thai ID cards.
const THAI_ID = /\b\d[\s-]?\d{4}[\s-]?\d{5}[\s-]?\d{2}[\s-]?\d\b/g;
// Thai mobile and landline numbers (0X…, +66…), with or without separators.
const PHONE = /(?:\+66[\s-]?|\b0)\d{1,2}[\s-]?\d{3}[\s-]?\d{3,4}\b/g;

export const MASK = '[…]';

export function redactPersonalData(text: string): string {
	return text.replace(EMAIL, MASK).replace(THAI_ID, MASK).replace(PHONE, MASK);
}
