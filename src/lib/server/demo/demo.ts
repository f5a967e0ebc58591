import type { DB } from '../db/open.ts';
import type { SessionUser } from '../auth/session.ts';
import type { Role } from '../../domain/roles.ts';
import { createUser } from '../auth/users.ts';
import { createProject } from '../projects/projects.ts';
import { addTeamMember } from '../projects/team.ts';
import { changeStage } from '../projects/stages.ts';
import { seedDemoPrototypes } from './prototypes.ts';
import { seedDemoBoards } from './boards.ts';
import { seedDemoFeedback } from './feedback.ts';
import { seedDemoPublication } from './publication.ts';
import { seedDemoWorkshops } from './workshops.ts';

/** The demo's accounts. Their passwords are public (README): a demo is not a deployment. */
export const DEMO_ACCOUNTS: { email: string; password: string; role: Role; name: string }[] = [
	{ email: 'admin@prachalab.test', password: 'demo-admin-2569', role: 'admin', name: 'ผู้ดูแลระบบ (Admin)' },
	{ email: 'facilitator@prachalab.test', password: 'demo-facilitator-2569', role: 'facilitator', name: 'สมหญิง ใจดี' },
	{ email: 'official@prachalab.test', password: 'demo-official-2569', role: 'official', name: 'ประเสริฐ มั่นคง' },
	{ email: 'member@prachalab.test', password: 'demo-member-2569', role: 'member', name: 'วิชัย รักงาน' }
];

const DAY = 24 * 60 * 60 * 1000;

/**
 * Creates the demo: the four accounts and a realistic project, shortening the queue at a
 * district office, moved through the stages over the past weeks (including one loop back).
 */
export async function seedDemo(db: DB, now = Date.now()): Promise<{ projectId: string }> {
	const users: Record<string, SessionUser> = {};
	for (const account of DEMO_ACCOUNTS) {
		const user = await createUser(db, account, now - 60 * DAY);
		users[account.role] = { id: user.id, email: user.email, name: user.name, role: user.role };
	}
	const facilitator = users.facilitator!;
	const start = now - 42 * DAY;
	const project = await createProject(
		db,
		{
			title: 'ลดเวลารอคิวที่สำนักงานเขต',
			challenge:
				'ประชาชนที่มาติดต่อทำบัตรประชาชนและทะเบียนบ้านที่สำนักงานเขตต้องรอคิวเฉลี่ยกว่า 2 ชั่วโมง ' +
				'โดยเฉพาะผู้สูงอายุและผู้ที่ต้องลางานมา เราจะทำให้การมาติดต่อราชการใช้เวลาน้อยลงและคาดเดาได้อย่างไร',
			agency: 'สำนักงานเขตบางกอกน้อย',
			tags: 'งานทะเบียน, คิว, บริการประชาชน, ผู้สูงอายุ',
			visibility: 'published'
		},
		facilitator,
		start
	);
	await addTeamMember(db, project.id, { email: users.member!.email, role: 'member' }, facilitator.id, start + DAY);
	await addTeamMember(db, project.id, { email: users.official!.email, role: 'viewer' }, facilitator.id, start + DAY);

	const moves: [string, string, number][] = [
		['ideate', 'สัมภาษณ์ผู้มาติดต่อ 24 คนและเจ้าหน้าที่ 6 คนแล้ว ได้ insight หลัก 5 ข้อ', 10],
		['prototype', 'เลือก 3 ไอเดียจากการโหวต: คิวออนไลน์ผ่าน LINE, จุดตรวจเอกสารก่อนรับคิว, ป้ายบอกเวลารอ', 18],
		['ideate', 'ต้นแบบคิวออนไลน์ไม่ตอบโจทย์ผู้สูงอายุที่ไม่ใช้สมาร์ตโฟน ต้องกลับไปคิดทางเลือกเพิ่ม', 24],
		['prototype', 'เพิ่มไอเดียบัตรคิวล่วงหน้าทางโทรศัพท์สำหรับผู้สูงอายุ', 28],
		['test', 'ต้นแบบพร้อมทดสอบกับประชาชนที่สำนักงานเขตสองสัปดาห์', 35]
	];
	for (const [to, reason, day] of moves) {
		await changeStage(db, project.id, { to, reason }, facilitator.id, start + day * DAY);
	}
	await seedDemoBoards(db, project.id, { facilitator: facilitator.id, member: users.member!.id }, start);
	await seedDemoPrototypes(db, project.id, { facilitator, member: users.member! }, start, now);
	await seedDemoFeedback(db, project.id, { facilitator, member: users.member! }, now);
	await seedDemoPublication(db, project.id, facilitator.id, now - DAY);
	await seedDemoWorkshops(db, project.id, { facilitator: facilitator.id, member: users.member!.id }, now);
	return { projectId: project.id };
}
