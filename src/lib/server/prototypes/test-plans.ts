import type { DB } from '../db/open.ts';
import { newId } from '../ids.ts';
import { Checker, refuse } from '../validation.ts';
import { type TestPlan } from '../../domain/prototypes.ts';
export { type TestPlan };

export interface TestPlanInput {
	hypotheses: unknown;
	successCriteria: unknown;
	targetGroup: unknown;
	method: unknown;
	startsOn: unknown;
	endsOn: unknown;
}

export function testPlanInputFrom(data: FormData): TestPlanInput {
	return {
		hypotheses: data.get('hypotheses'),
		successCriteria: data.get('success_criteria'),
		targetGroup: data.get('target_group'),
		method: data.get('method'),
		startsOn: data.get('starts_on'),
		endsOn: data.get('ends_on')
	};
}

/** A real calendar day written 'YYYY-MM-DD' (what <input type="date"> sends), or null. */
export function parseCalendarDay(value: unknown): string | null {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
	const [y, m, d] = value.split('-').map(Number) as [number, number, number];
	const date = new Date(Date.UTC(y, m - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
	if (y < 2000 || y > 2200) return null;
	return value;
}

/** Today's calendar day in Thailand, where the lab works. */
export function bangkokToday(now = Date.now()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function checkTestPlan(input: TestPlanInput) {
	const check = new Checker();
	const hypotheses = check.text('hypotheses', input.hypotheses, { min: 10, max: 4000 });
	const successCriteria = check.text('success_criteria', input.successCriteria, { min: 5, max: 4000 });
	const targetGroup = check.text('target_group', input.targetGroup, { min: 3, max: 1000 });
	const method = check.text('method', input.method, { min: 3, max: 2000 });
	const startsOn = parseCalendarDay(input.startsOn);
	const endsOn = parseCalendarDay(input.endsOn);
	if (!startsOn) check.add('starts_on', input.startsOn ? 'invalid_date' : 'required');
	if (!endsOn) check.add('ends_on', input.endsOn ? 'invalid_date' : 'required');
	if (startsOn && endsOn && endsOn < startsOn) check.add('ends_on', 'test_plan_ends_before_start');
	check.done();
	return { hypotheses, successCriteria, targetGroup, method, startsOn: startsOn!, endsOn: endsOn! };
}

/**
 * Writes the test plan of one version of `prototypeId` (creating it, or replacing its fields).
 * Access is the caller's to check (canEdit).
 */
export async function saveTestPlan(
	db: DB,
	prototypeId: string,
	versionId: string,
	input: TestPlanInput,
	userId: string,
	now = Date.now()
): Promise<{ id: string }> {
	const fields = checkTestPlan(input);
	return db.transaction().execute(async (trx) => {
		const version = await trx
			.selectFrom('prototype_versions')
			.select('id')
			.where('id', '=', versionId)
			.where('prototype_id', '=', prototypeId)
			.executeTakeFirst();
		if (!version) refuse('test_plan_no_version', 'version');
		const values = {
			hypotheses: fields.hypotheses,
			success_criteria: fields.successCriteria,
			target_group: fields.targetGroup,
			method: fields.method,
			starts_on: fields.startsOn,
			ends_on: fields.endsOn,
			updated_at: now
		};
		// One plan per version (a unique key): two first saves at once make one plan, not an error.
		const { id } = await trx
			.insertInto('prototype_test_plans')
			.values({ id: newId(), version_id: versionId, created_by: userId, created_at: now, ...values })
			.onConflict((oc) => oc.column('version_id').doUpdateSet(values))
			.returning('id')
			.executeTakeFirstOrThrow();
		await trx.updateTable('prototypes').set({ updated_at: now }).where('id', '=', prototypeId).execute();
		return { id };
	});
}
