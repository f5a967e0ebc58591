import { describe, expect, it } from 'vitest';
import { BUILTIN_METHODS, BUILTIN_TEXT_FIELDS, builtinText, lines } from '../../src/lib/server/methods/builtin.ts';
import { durationOf, filterMethods, methodFilterFrom, METHOD_LIMITS } from '../../src/lib/domain/methods.ts';
import { STAGES } from '../../src/lib/domain/stages.ts';
import { STAGE_TEMPLATES } from '../../src/lib/board/templates.ts';

describe('the built-in methods', () => {
	it('are at least 24, with distinct ids, and cover all five stages', () => {
		expect(BUILTIN_METHODS.length).toBeGreaterThanOrEqual(24);
		expect(new Set(BUILTIN_METHODS.map((m) => m.id)).size).toBe(BUILTIN_METHODS.length);
		for (const stage of STAGES) expect(BUILTIN_METHODS.filter((m) => m.stage === stage).length, stage).toBeGreaterThanOrEqual(4);
	});

	it('each read in Thai and in English, with different texts, as many steps in both', () => {
		for (const method of BUILTIN_METHODS) {
			for (const field of BUILTIN_TEXT_FIELDS) {
				const th = builtinText(method.id, field, 'th');
				const en = builtinText(method.id, field, 'en');
				expect(th.trim(), `${method.id}.${field} th`).not.toBe('');
				expect(en.trim(), `${method.id}.${field} en`).not.toBe('');
				expect(/[\u0E00-\u0E7F]/.test(th), `${method.id}.${field} is Thai`).toBe(true);
				if (field !== 'name') expect(en, `${method.id}.${field}`).not.toBe(th);
			}
			expect(lines(builtinText(method.id, 'steps', 'en')).length, method.id).toBe(lines(builtinText(method.id, 'steps', 'th')).length);
			expect(lines(builtinText(method.id, 'steps', 'th')).length, method.id).toBeGreaterThanOrEqual(4);
		}
	});

	it('fit the limits a lab method must keep, so any of them can be copied and saved', () => {
		for (const method of BUILTIN_METHODS) {
			for (const locale of ['th', 'en'] as const) {
				const t = (field: (typeof BUILTIN_TEXT_FIELDS)[number]) => builtinText(method.id, field, locale);
				expect([...t('name')].length).toBeLessThanOrEqual(METHOD_LIMITS.name);
				expect([...t('summary')].length).toBeLessThanOrEqual(METHOD_LIMITS.summary);
				expect([...t('purpose')].length).toBeLessThanOrEqual(METHOD_LIMITS.longText);
				expect(lines(t('steps')).length).toBeLessThanOrEqual(METHOD_LIMITS.steps);
				expect(lines(t('tips')).length).toBeLessThanOrEqual(METHOD_LIMITS.tips);
				expect(lines(t('steps')).every((l) => [...l].length <= METHOD_LIMITS.line)).toBe(true);
			}
			expect(method.minutes).toBeGreaterThanOrEqual(METHOD_LIMITS.minutesMin);
			expect(method.minutes).toBeLessThanOrEqual(METHOD_LIMITS.minutesMax);
			expect(method.group[0]).toBeLessThanOrEqual(method.group[1]);
		}
	});

	it('name only sections their stage board’s template has', () => {
		for (const method of BUILTIN_METHODS) {
			if (!method.board) continue;
			const keys = STAGE_TEMPLATES[method.board.stage].map((s) => s.key);
			for (const section of method.board.sections) expect(keys, `${method.id} → ${section}`).toContain(section);
		}
	});
});

describe('the library’s filter', () => {
	const methods = [
		{ id: 'a', stage: 'empathize' as const, minutes: 15, text: 'แผนที่ความเข้าอกเข้าใจ Empathy map' },
		{ id: 'b', stage: 'ideate' as const, minutes: 20, text: 'ระดมความคิด Brainstorm' },
		{ id: 'c', stage: 'ideate' as const, minutes: 45, text: 'ตารางผลกระทบ Impact effort' },
		{ id: 'd', stage: 'test' as const, minutes: 90, text: 'สคริปต์ทดสอบ Usability test' }
	];
	const run = (query: string) => filterMethods(methods, methodFilterFrom(new URLSearchParams(query)), (m) => m.text).map((m) => m.id);

	it('puts 20 minutes in short, 45 in medium and more in long', () => {
		expect([20, 21, 45, 46].map(durationOf)).toEqual(['short', 'medium', 'medium', 'long']);
	});

	it('keeps one stage, one length, or both', () => {
		expect(run('stage=ideate')).toEqual(['b', 'c']);
		expect(run('duration=short')).toEqual(['a', 'b']);
		expect(run('stage=ideate&duration=medium')).toEqual(['c']);
	});

	it('matches every word of a search, in either language, ignoring case', () => {
		expect(run('q=brainSTORM')).toEqual(['b']);
		expect(run('q=ทดสอบ')).toEqual(['d']);
		expect(run('q=impact+ผลกระทบ')).toEqual(['c']);
		expect(run('q=impact+brainstorm')).toEqual([]);
	});

	it('ignores choices it does not know rather than failing', () => {
		expect(run('stage=nonsense&duration=forever')).toEqual(['a', 'b', 'c', 'd']);
		expect(methodFilterFrom(new URLSearchParams(`q=${'x'.repeat(500)}`)).query).toHaveLength(100);
	});
});
