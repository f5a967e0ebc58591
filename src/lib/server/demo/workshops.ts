import type { DB } from '../db/open.ts';
import { newId } from '../ids.ts';
import { bangkokToday } from '../prototypes/test-plans.ts';

const DAY = 24 * 60 * 60 * 1000;

interface DemoStep {
	title: string;
	methodId: string | null;
	minutes: number;
	instructions: string;
	stage: string | null;
	sectionKey: string;
}

// A morning with older residents next week, planned from the method library: three hours,
// 09:00–12:00. Written as rows (not through workshops/agenda.ts, whose method names come from
// the message catalogue, which the production entry does not load before the demo is made).
const STEPS: DemoStep[] = [
	{
		title: 'ต้อนรับและแนะนำเป้าหมาย',
		methodId: null,
		minutes: 15,
		instructions: 'แนะนำตัวสั้น ๆ: ชื่อ และเคยมาติดต่อสำนักงานเขตเรื่องอะไร\nเล่าโจทย์: ทำให้การมาทำบัตรใช้เวลาน้อยลงและคาดเดาได้',
		stage: null,
		sectionKey: ''
	},
	{
		title: 'เล่าประสบการณ์การมาติดต่อครั้งล่าสุด',
		methodId: 'journey-map',
		minutes: 40,
		instructions: 'จับคู่เล่าให้กันฟังตั้งแต่ออกจากบ้านจนได้บัตร\nเขียนจุดที่ติดขัดลงโน้ต หนึ่งเรื่องต่อหนึ่งใบ',
		stage: 'empathize',
		sectionKey: 'journey_steps'
	},
	{
		title: 'ตั้งคำถาม เราจะ…ได้อย่างไร',
		methodId: 'how-might-we',
		minutes: 20,
		instructions: 'เปลี่ยนจุดที่ติดขัดที่เจ็บที่สุดสามข้อให้เป็นคำถาม เราจะ…ได้อย่างไร',
		stage: 'ideate',
		sectionKey: 'hmw'
	},
	{ title: 'พักรับประทานอาหารว่าง', methodId: null, minutes: 15, instructions: 'พักตามสบาย กลับมาตรงเวลานะครับ/คะ', stage: null, sectionKey: '' },
	{
		title: 'ระดมความคิด',
		methodId: 'brainstorm',
		minutes: 35,
		instructions: 'เขียนไอเดียคนเดียวเงียบ ๆ หนึ่งไอเดียต่อหนึ่งใบ\nยังไม่ตัดสิน เน้นจำนวน',
		stage: 'ideate',
		sectionKey: 'brainstorm'
	},
	{
		title: 'จัดกลุ่มไอเดีย',
		methodId: 'clustering',
		minutes: 25,
		instructions: 'ย้ายไอเดียที่คล้ายกันมาไว้ด้วยกัน แล้วตั้งชื่อกลุ่ม',
		stage: 'ideate',
		sectionKey: 'clusters'
	},
	{
		title: 'โหวตไอเดียที่อยากให้ลองทำ',
		methodId: 'dot-voting',
		minutes: 15,
		instructions: 'คนละสามจุด ลงบนไอเดียที่ช่วยผู้สูงอายุที่มาคนเดียวได้มากที่สุด',
		stage: 'ideate',
		sectionKey: 'dot_vote'
	},
	{
		title: 'สรุปและก้าวต่อไป',
		methodId: null,
		minutes: 15,
		instructions: 'ทบทวนไอเดียที่เลือก และนัดวันทดสอบต้นแบบกับผู้เข้าร่วม',
		stage: null,
		sectionKey: ''
	}
];

/** The demo project's workshop: planned for a week from now, its agenda built from the method library. */
export async function seedDemoWorkshops(db: DB, projectId: string, people: { facilitator: string; member: string }, now = Date.now()): Promise<void> {
	const boards = await db.selectFrom('boards').select(['id', 'stage']).where('project_id', '=', projectId).execute();
	const boardOf = (stage: string | null) => boards.find((b) => b.stage === stage)?.id ?? null;
	const id = newId();
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('workshops')
			.values({
				id,
				project_id: projectId,
				title: 'เวิร์กช็อประดมความคิดกับผู้สูงอายุในเขต',
				purpose: 'ฟังเสียงผู้สูงอายุที่มาทำบัตรคนเดียว แล้วเลือกสามไอเดียไปทำต้นแบบ',
				date: bangkokToday(now + 7 * DAY),
				start_time: '09:00',
				state: 'planned',
				created_by: people.facilitator,
				created_at: now,
				updated_at: now
			})
			.execute();
		await trx
			.insertInto('workshop_facilitators')
			.values([people.facilitator, people.member].map((user_id) => ({ workshop_id: id, user_id })))
			.execute();
		await trx
			.insertInto('workshop_boards')
			.values(['empathize', 'ideate'].map((stage) => ({ workshop_id: id, board_id: boardOf(stage)! })))
			.execute();
		await trx
			.insertInto('workshop_steps')
			.values(
				STEPS.map((step, position) => ({
					id: newId(),
					workshop_id: id,
					position,
					title: step.title,
					method_id: step.methodId,
					minutes: step.minutes,
					instructions: step.instructions,
					board_id: boardOf(step.stage),
					section_key: step.sectionKey,
					created_at: now,
					updated_at: now
				}))
			)
			.execute();
	});
}
