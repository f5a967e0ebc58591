/**
 * A project with a prototype version and a feedback round on it, with one question of every
 * kind, over a real database: what the feedback tests start from.
 */
import type { DB } from '../../src/lib/server/db/open.ts';
import type { SessionUser } from '../../src/lib/server/auth/session.ts';
import { createProject } from '../../src/lib/server/projects/projects.ts';
import { createPrototype } from '../../src/lib/server/prototypes/prototypes.ts';
import { addVersion } from '../../src/lib/server/prototypes/versions.ts';
import { bangkokDay, createRound } from '../../src/lib/server/feedback/rounds.ts';
import { addQuestion, listQuestions } from '../../src/lib/server/feedback/questions.ts';
import { answerField, type Question, type Round } from '../../src/lib/domain/feedback.ts';
import { makeUser } from '../helpers/db.ts';

const DAY = 24 * 60 * 60 * 1000;

export interface FeedbackFixture {
	facilitator: SessionUser;
	projectId: string;
	prototypeId: string;
	versionId: string;
	round: Round;
	questions: Question[];
	/** Field names of the questions, by kind. */
	field: { rating: string; single: string; multiple: string; yesNo: string; text: string };
}

export async function makeFeedbackFixture(
	db: DB,
	options: { collectContact?: boolean; opensInDays?: number; closesInDays?: number; english?: boolean; facilitator?: SessionUser } = {}
): Promise<FeedbackFixture> {
	const facilitator = options.facilitator ?? (await makeUser(db, 'facilitator', 'สมหญิง ผู้อำนวยกระบวนการ'));
	const project = await createProject(
		db,
		{ title: 'คิวสำนักงานเขต', challenge: 'ลดเวลารอคิวที่สำนักงานเขตให้สั้นลง', agency: 'สำนักงานเขตทดสอบ', tags: '' },
		facilitator
	);
	const prototype = await createPrototype(
		db,
		project.id,
		{
			title: 'จองคิวผ่าน LINE',
			summary: 'ประชาชนจองคิวล่วงหน้าผ่าน LINE OA',
			audience: 'คนวัยทำงาน',
			learningGoal: 'จองเองได้ภายในสามนาทีหรือไม่',
			owner: '',
			fidelity: 'clickable',
			tags: ''
		},
		facilitator
	);
	const version = await addVersion(db, prototype.id, { changes: 'ต้นแบบแรกที่คลิกได้', rationale: 'ทดสอบขั้นตอนการจอง' }, [], {
		userId: facilitator.id
	});
	const now = Date.now();
	const round = await createRound(
		db,
		project.id,
		{
			versionId: version.id,
			titleTh: 'ทดลองจองคิวผ่าน LINE',
			titleEn: options.english ? 'Booking a queue on LINE' : '',
			introTh: '',
			introEn: '',
			purposeTh: 'เราอยากรู้ว่าการจองคิวแบบนี้ใช้ได้จริงหรือไม่',
			purposeEn: options.english ? 'We want to know whether booking this way works for you.' : '',
			offerEnglish: options.english ? 'yes' : '',
			opensOn: bangkokDay(now + (options.opensInDays ?? -1) * DAY),
			closesOn: bangkokDay(now + (options.closesInDays ?? 7) * DAY),
			collectContact: options.collectContact ? 'yes' : '',
			retentionDays: '30'
		},
		facilitator.id
	);
	const en = (text: string) => (options.english ? text : '');
	const base = { helpTh: '', helpEn: '', optionsTh: '', optionsEn: '' };
	await addQuestion(db, round.id, { ...base, kind: 'rating', labelTh: 'พอใจแค่ไหน', labelEn: en('How satisfied are you?'), required: 'yes' });
	await addQuestion(db, round.id, {
		...base,
		kind: 'single',
		labelTh: 'มาติดต่อเรื่องอะไร',
		labelEn: en('What did you come for?'),
		required: '',
		optionsTh: 'บัตรประชาชน\nทะเบียนบ้าน\nอื่น ๆ',
		optionsEn: en('ID card\nHouse registration\nOther')
	});
	await addQuestion(db, round.id, {
		...base,
		kind: 'multiple',
		labelTh: 'อยากจองผ่านช่องทางใด',
		labelEn: en('How would you like to book?'),
		required: '',
		optionsTh: 'LINE\nโทรศัพท์\nเว็บไซต์',
		optionsEn: en('LINE\nPhone\nWebsite')
	});
	await addQuestion(db, round.id, { ...base, kind: 'yes_no', labelTh: 'จะแนะนำต่อไหม', labelEn: en('Would you recommend it?'), required: '' });
	await addQuestion(db, round.id, { ...base, kind: 'text', labelTh: 'ข้อเสนอแนะ', labelEn: en('Suggestions'), required: '' });
	const questions = await listQuestions(db, round.id);
	const of = (kind: string) => answerField(questions.find((q) => q.kind === kind)!.id);
	return {
		facilitator,
		projectId: project.id,
		prototypeId: prototype.id,
		versionId: version.id,
		round,
		questions,
		field: { rating: of('rating'), single: of('single'), multiple: of('multiple'), yesNo: of('yes_no'), text: of('text') }
	};
}
