import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db/open.ts';
import { checkSubmission, fieldsFrom, storeResponse } from '../../src/lib/server/feedback/responses.ts';
import { setStatus, setTags } from '../../src/lib/server/feedback/moderation.ts';
import { addVersion, listVersions } from '../../src/lib/server/prototypes/versions.ts';
import { recordDecision } from '../../src/lib/server/prototypes/decisions.ts';
import { youSaidWeDid } from '../../src/lib/server/outcomes/you-said-we-did.ts';
import { InputError } from '../../src/lib/server/validation.ts';
import { freshDatabase } from '../helpers/db.ts';
import { makeFeedbackFixture, type FeedbackFixture } from '../unit/feedback-fixtures.ts';

/** "You said, we did": what citizens said (moderated themes, approved words) and what the team did, linked both ways. */

let db: DB;
let fx: FeedbackFixture;

async function respond(text: string) {
	const checked = checkSubmission(
		fx.round,
		fx.questions,
		fieldsFrom(
			new URLSearchParams([
				[fx.field.rating, '3'],
				[fx.field.text, text]
			])
		)
	);
	return (await storeResponse(db, fx.round, checked, { channel: 'web', locale: 'th', enteredBy: null, consentText: '', requireOpen: true })).id;
}

const decision = (rounds: string[], versionId: string | null = fx.versionId) => ({
	outcome: 'iterate',
	versionId,
	rationale: 'ปรับตามที่ผู้ตอบบอก โทร 081-234-5678',
	moveStatus: false,
	figures: [],
	links: [],
	rounds,
	sections: []
});

beforeEach(async () => {
	db = await freshDatabase();
	fx = await makeFeedbackFixture(db);
});

afterEach(async () => {
	await db.destroy();
});

describe('you said, we did', () => {
	it('tells the themes of published responses only, most used first, with their counts', async () => {
		const [a, b, c, d] = [await respond('หนึ่ง'), await respond('สอง'), await respond('สาม'), await respond('สี่')];
		await setTags(db, fx.round.id, a, 'รอนาน, แจ้งเตือน');
		await setTags(db, fx.round.id, b, 'รอนาน');
		await setTags(db, fx.round.id, c, 'รอนาน');
		await setTags(db, fx.round.id, d, 'ความลับของทีม');
		await setStatus(db, fx.round.id, [a, b], 'published', fx.facilitator.id);
		await setStatus(db, fx.round.id, [d], 'spam', fx.facilitator.id);
		const [prototype] = await youSaidWeDid(db, fx.projectId);
		const round = prototype!.rounds[0]!;
		expect(round.themes).toEqual([
			{ theme: 'รอนาน', count: 2 },
			{ theme: 'แจ้งเตือน', count: 1 }
		]);
		// Spam is not counted as heard; the unmoderated response is.
		expect(round.responses).toBe(3);
		expect(round).toMatchObject({ state: 'open', versionNumber: 1, quotes: [], versionIds: [], decisionIds: [] });
	});

	it('links a version that answers the round and a decision citing it, both ways, in words fit for the public', async () => {
		await recordDecision(db, fx.prototypeId, decision([fx.round.id]), fx.facilitator.id, {
			rounds: [{ ref: fx.round.id, label: 'รอบ' }],
			sections: []
		});
		const v2 = await addVersion(db, fx.prototypeId, { changes: 'เพิ่มการแจ้งเตือน', rationale: 'ผู้ตอบรอนาน', rounds: [fx.round.id] }, [], {
			userId: fx.facilitator.id
		});
		const [prototype] = await youSaidWeDid(db, fx.projectId);
		const round = prototype!.rounds[0]!;
		expect(round.versionIds).toEqual([v2.id]);
		expect(round.decisionIds).toHaveLength(1);
		expect(prototype!.versions).toEqual([expect.objectContaining({ id: v2.id, number: 2, changes: 'เพิ่มการแจ้งเตือน', roundIds: [fx.round.id] })]);
		expect(prototype!.decisions[0]).toMatchObject({ outcome: 'iterate', versionNumber: 1, roundIds: [fx.round.id] });
		// Personal data in the team's words is masked, as everywhere the public reads.
		expect(prototype!.decisions[0]!.rationale).not.toContain('081-234-5678');
		// The team's page shows the version's side of the link.
		expect((await listVersions(db, fx.prototypeId))[0]!.answers).toEqual([{ roundId: fx.round.id, label: 'ทดลองจองคิวผ่าน LINE · v1' }]);
	});

	it('counts the decision on the tested version and the next version as what came of the round when nothing cites it', async () => {
		await recordDecision(db, fx.prototypeId, decision([]), fx.facilitator.id);
		const v2 = await addVersion(db, fx.prototypeId, { changes: 'รุ่นที่สอง', rationale: 'ตามผลทดสอบ' }, [], { userId: fx.facilitator.id });
		const round = (await youSaidWeDid(db, fx.projectId))[0]!.rounds[0]!;
		expect(round.versionIds).toEqual([v2.id]);
		expect(round.decisionIds).toHaveLength(1);
	});

	it('refuses a version that claims to answer a round of another prototype, writing nothing', async () => {
		const error = await addVersion(db, fx.prototypeId, { changes: 'รุ่นที่สอง', rationale: 'ตามผลทดสอบ', rounds: ['nosuchround0000'] }, [], {
			userId: fx.facilitator.id
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(InputError);
		expect((error as InputError).issues).toEqual([{ field: 'rounds', code: 'invalid_choice' }]);
		expect(await listVersions(db, fx.prototypeId)).toHaveLength(1);
	});

	it('leaves out rounds that have not opened yet', async () => {
		const later = await makeFeedbackFixture(db, { opensInDays: 3, closesInDays: 10 });
		expect((await youSaidWeDid(db, later.projectId)).flatMap((p) => p.rounds)).toEqual([]);
	});
});
