/**
 * A project with a call for stories or ideas, over a real database: what the participation tests
 * start from. An idea call asks a question typed by the facilitator (no board is read).
 */
import type { DB } from '../../src/lib/server/db/open.ts';
import type { SessionUser } from '../../src/lib/server/auth/session.ts';
import { createProject } from '../../src/lib/server/projects/projects.ts';
import { setDistricts } from '../../src/lib/server/projects/districts.ts';
import { bangkokDay } from '../../src/lib/server/feedback/rounds.ts';
import { createCall, listCallQuestions } from '../../src/lib/server/participation/calls.ts';
import type { Call, CallKind, CallQuestion } from '../../src/lib/domain/participation.ts';
import { guidedField } from '../../src/lib/domain/participation.ts';
import { makeUser } from '../helpers/db.ts';

const DAY = 24 * 60 * 60 * 1000;

export interface ParticipationFixture {
	facilitator: SessionUser;
	projectId: string;
	call: Call;
	questions: CallQuestion[];
	/** Field names of the guided questions, in order. */
	guided: string[];
}

export const DISTRICTS = 'บางกอกน้อย | Bangkok Noi\nบางพลัด | Bang Phlat\nตลิ่งชัน | Taling Chan';

export async function makeParticipationFixture(
	db: DB,
	options: {
		kind?: CallKind;
		collectContact?: boolean;
		allowPhoto?: boolean;
		supportCheck?: boolean;
		reportThreshold?: number;
		opensInDays?: number;
		closesInDays?: number;
		english?: boolean;
		districts?: boolean;
		facilitator?: SessionUser;
		projectId?: string;
	} = {}
): Promise<ParticipationFixture> {
	const facilitator = options.facilitator ?? (await makeUser(db, 'facilitator', 'สมหญิง ผู้อำนวยกระบวนการ'));
	const projectId =
		options.projectId ??
		(await createProject(db, { title: 'คิวสำนักงานเขต', challenge: 'ลดเวลารอคิวที่สำนักงานเขตให้สั้นลง', agency: 'สำนักงานเขตทดสอบ', tags: '' }, facilitator))
			.id;
	if (options.districts) await setDistricts(db, projectId, DISTRICTS);
	const kind = options.kind ?? 'story';
	const now = Date.now();
	const yes = (b: boolean | undefined) => (b ? 'yes' : '');
	const call = await createCall(
		db,
		null,
		projectId,
		{
			kind,
			titleTh: kind === 'story' ? 'เล่าประสบการณ์การรอคิว' : 'ไอเดียลดเวลารอคิว',
			titleEn: options.english ? (kind === 'story' ? 'Tell us about the queue' : 'Ideas for a shorter queue') : '',
			promptTh: kind === 'story' ? 'เล่าให้เราฟังถึงครั้งล่าสุดที่ท่านไปติดต่อสำนักงานเขต' : 'เราจะทำให้ประชาชนรู้เวลารอล่วงหน้าได้อย่างไร',
			promptEn: options.english
				? kind === 'story'
					? 'Tell us about your last visit to the district office'
					: 'How might we let people know the wait ahead?'
				: '',
			purposeTh: 'เราอยากเข้าใจประสบการณ์จริงของประชาชนก่อนคิดวิธีแก้',
			purposeEn: options.english ? 'We want to understand real experiences first.' : '',
			offerEnglish: yes(options.english),
			opensOn: bangkokDay(now + (options.opensInDays ?? -1) * DAY),
			closesOn: bangkokDay(now + (options.closesInDays ?? 14) * DAY),
			collectContact: yes(options.collectContact),
			retentionDays: '30',
			allowPhoto: yes(options.allowPhoto ?? true),
			questions: kind === 'story' ? 'เกิดอะไรขึ้นบ้าง | What happened?\nตอนนั้นรู้สึกอย่างไร | How did you feel?' : '',
			hmw: '',
			reportThreshold: String(options.reportThreshold ?? 3),
			supportCheck: yes(options.supportCheck)
		},
		facilitator.id
	);
	const questions = await listCallQuestions(db, call.id);
	return { facilitator, projectId, call, questions, guided: questions.map((q) => guidedField(q.id)) };
}
