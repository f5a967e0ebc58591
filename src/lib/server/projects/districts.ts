import type { DB } from '../db/open.ts';
import { lockRow } from '../db/locks.ts';
import { Checker } from '../validation.ts';
import { PARTICIPATION_LIMITS, type District } from '../../domain/participation.ts';

/**
 * The districts a project serves (เขต, อำเภอ): a list its facilitators keep, offered as an
 * optional choice wherever citizens take part — the feedback form, stories, ideas, and what
 * staff type in for them — so officials can see where participation comes from. A project
 * without a list asks nothing. What is stored is the district's Thai name as it was chosen.
 */

/** The form field that names a district. */
export const DISTRICT_FIELD = 'district';

/** The project's districts, in the facilitators' order. */
export async function listDistricts(db: DB, projectId: string): Promise<District[]> {
	const rows = await db
		.selectFrom('project_districts')
		.select(['name_th', 'name_en'])
		.where('project_id', '=', projectId)
		.orderBy('position')
		.execute();
	return rows.map((r) => ({ th: r.name_th, en: r.name_en }));
}

/**
 * Parses the facilitators' list: one district a line, "ไทย | English" (English optional).
 * Throws an InputError on `districts` for a line too long, too many lines, or a name twice.
 */
export function parseDistricts(text: unknown): District[] {
	const check = new Checker();
	const lines = (typeof text === 'string' ? text : '')
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean);
	const out: District[] = [];
	for (const line of lines) {
		const [th = '', en = ''] = line.split('|').map((part) => part.trim().normalize('NFC'));
		const name = check.text('districts', th, { min: 1, max: 60 });
		const english = check.text('districts', en, { min: 0, max: 60 });
		if (out.some((d) => d.th === name)) check.add('districts', 'pt_district_twice', { name });
		out.push({ th: name, en: english });
	}
	if (out.length > PARTICIPATION_LIMITS.districtsPerProject)
		check.add('districts', 'pt_too_many_districts', { max: PARTICIPATION_LIMITS.districtsPerProject });
	// The same message once, however many lines share it.
	const seen = new Set<string>();
	check.issues.splice(0, check.issues.length, ...check.issues.filter((i) => !seen.has(i.code) && seen.add(i.code)));
	check.done();
	return out;
}

/** Replaces the project's districts. Access: canManage. What entries already name is kept as it was. */
export async function setDistricts(db: DB, projectId: string, text: unknown): Promise<District[]> {
	const districts = parseDistricts(text);
	await db.transaction().execute(async (trx) => {
		// Replacements of one project's list take turns (two at once would clash on the key).
		await lockRow(trx, 'projects', projectId);
		await trx.deleteFrom('project_districts').where('project_id', '=', projectId).execute();
		if (districts.length > 0) {
			await trx
				.insertInto('project_districts')
				.values(districts.map((d, position) => ({ project_id: projectId, position, name_th: d.th, name_en: d.en })))
				.execute();
		}
	});
	return districts;
}

/**
 * The district a form names, checked into `check`: '' when none was chosen (it is always
 * optional), the Thai name when it is one of `districts`, and a problem on the field otherwise.
 */
export function checkDistrict(check: Checker, fields: { getAll(name: string): string[] }, districts: readonly District[]): string {
	const values = fields.getAll(DISTRICT_FIELD);
	// A project without a list has no such field: the form's unknown-field check refuses it.
	if (districts.length === 0) return '';
	if (values.length === 0 || (values.length === 1 && values[0] === '')) return '';
	if (values.length > 1 || !districts.some((d) => d.th === values[0])) {
		check.add(DISTRICT_FIELD, 'invalid_choice');
		return '';
	}
	return values[0]!;
}

/** The text the lines of a district list are edited as. */
export function districtsText(districts: readonly District[]): string {
	return districts.map((d) => (d.en ? `${d.th} | ${d.en}` : d.th)).join('\n');
}
