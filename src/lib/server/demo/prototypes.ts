import type { DB } from '../db/open.ts';
import type { SessionUser } from '../auth/session.ts';
import { createPrototype } from '../prototypes/prototypes.ts';
import { changeStatus } from '../prototypes/status.ts';
import { addVersion } from '../prototypes/versions.ts';
import { bangkokToday, saveTestPlan } from '../prototypes/test-plans.ts';
import { recordDecision } from '../prototypes/decisions.ts';
import type { IdeaSnapshot } from '../prototypes/ideas.ts';

const DAY = 24 * 60 * 60 * 1000;

interface DemoPeople {
	facilitator: SessionUser;
	member: SessionUser;
}

/**
 * The demo project's prototypes, told through the same functions the pages use, over the
 * project's six weeks (`start` is day 0): one being tested again after a loop back, one in
 * pilot, one whose test ended without a decision (it shows under "needs attention"), one
 * being built, one dropped and one idea nobody has touched in a month.
 */
export async function seedDemoPrototypes(db: DB, projectId: string, people: DemoPeople, start: number, now = Date.now()): Promise<void> {
	const { facilitator, member } = people;
	const day = (n: number) => start + n * DAY;
	const date = (n: number) => bangkokToday(day(n));
	const ideateBoard = await db.selectFrom('boards').select('id').where('project_id', '=', projectId).where('stage', '=', 'ideate').executeTakeFirst();
	const idea = (noteId: string, text: string, section: string): IdeaSnapshot => ({
		boardId: ideateBoard?.id ?? null,
		noteId,
		text,
		section
	});
	// Versions here carry no files, so no attachment directory is ever touched.
	const noFiles = (userId: string, at: number) => ({ userId, now: at });

	// 1. Online queue through LINE: tested, sent back to the workbench, tested again.
	const line = await createPrototype(
		db,
		projectId,
		{
			title: 'จองคิวออนไลน์ผ่าน LINE OA ของเขต',
			summary: 'ประชาชนเลือกบริการและช่วงเวลาผ่าน LINE OA ของสำนักงานเขต ได้เลขคิวและแจ้งเตือนก่อนถึงคิว 30 นาที',
			audience: 'คนวัยทำงานที่ต้องลางานมาติดต่อราชการ',
			learningGoal: 'ถ้าจองเวลาได้ล่วงหน้า คนจะมาตรงเวลาและรอน้อยลงจริงหรือไม่ และเจ้าหน้าที่จัดคิวผสมกับคนที่มา walk-in ได้ไหม',
			owner: member.id,
			fidelity: 'clickable',
			tags: 'คิว, LINE, ออนไลน์'
		},
		facilitator,
		{
			ideas: [
				idea('demo-note-line', 'จองคิวผ่าน LINE แล้วค่อยมาตามเวลา', 'คิวออนไลน์'),
				idea('demo-note-notify', 'แจ้งเตือนก่อนถึงคิว จะได้ไม่ต้องนั่งรอที่เขต', 'คิวออนไลน์')
			],
			now: day(18)
		}
	);
	const lineV1 = await addVersion(
		db,
		line.id,
		{ changes: 'ต้นแบบคลิกได้ใน Figma: เลือกบริการ เลือกเวลา ได้เลขคิว', rationale: 'ทดสอบว่าผู้ใช้เข้าใจขั้นตอนการจองหรือไม่ ก่อนลงทุนพัฒนาจริง' },
		[],
		noFiles(member.id, day(19))
	);
	await changeStatus(db, line.id, { to: 'building', reason: 'ทำต้นแบบคลิกได้สำหรับทดสอบกับประชาชน' }, member.id, day(19));
	await saveTestPlan(
		db,
		line.id,
		lineV1.id,
		{
			hypotheses: 'ประชาชนวัยทำงานจะจองคิวผ่าน LINE ได้เองภายใน 3 นาที และอยากใช้แทนการมารอ',
			successCriteria: 'ผู้ทดสอบอย่างน้อย 8 ใน 10 คนจองสำเร็จโดยไม่ต้องมีคนช่วย',
			targetGroup: 'ผู้มาติดต่องานทะเบียน อายุ 25–60 ปี',
			method: 'ทดสอบการใช้งานแบบสังเกต 12 คนที่หน้าสำนักงานเขต พร้อมสัมภาษณ์สั้น',
			startsOn: date(21),
			endsOn: date(23)
		},
		member.id,
		day(20)
	);
	await changeStatus(db, line.id, { to: 'testing', reason: 'ทดสอบกับผู้มาติดต่อ 12 คน' }, member.id, day(21));
	await recordDecision(
		db,
		line.id,
		{
			outcome: 'iterate',
			versionId: lineV1.id,
			rationale: 'คนวัยทำงานจองได้ดี แต่ผู้สูงอายุ 4 ใน 5 คนไม่ใช้ LINE หรือไม่กล้ากดเอง ต้องมีช่องทางโทรศัพท์ควบคู่',
			moveStatus: true,
			figures: [
				{ label: 'จองสำเร็จเอง (วัยทำงาน)', value: '9/10' },
				{ label: 'จองสำเร็จเอง (ผู้สูงอายุ)', value: '1/5' }
			],
			links: [],
			rounds: [],
			sections: []
		},
		facilitator.id,
		undefined,
		day(24)
	);
	const lineV2 = await addVersion(
		db,
		line.id,
		{ changes: 'เพิ่มปุ่ม "ให้เจ้าหน้าที่โทรกลับ" และตัวอักษรใหญ่ขึ้น ลดขั้นตอนเหลือ 3 หน้าจอ', rationale: 'ผลทดสอบรอบแรก: ผู้สูงอายุติดขั้นตอนเลือกเวลาและอ่านตัวอักษรไม่ชัด' },
		[],
		noFiles(member.id, day(31))
	);
	await saveTestPlan(
		db,
		line.id,
		lineV2.id,
		{
			hypotheses: 'เมื่อเพิ่มช่องทางโทรกลับ ผู้สูงอายุจะจองคิวสำเร็จมากขึ้นโดยไม่ลดความสะดวกของคนวัยทำงาน',
			successCriteria: 'อัตราการจองสำเร็จรวมอย่างน้อย 80% และมาตรงเวลานัดอย่างน้อย 70%',
			targetGroup: 'ผู้มาติดต่องานทะเบียนทุกช่วงอายุ',
			method: 'เปิดใช้จริงแบบจำกัด 2 สัปดาห์ที่เคาน์เตอร์ทะเบียนราษฎร์ เก็บสถิติและแบบสอบถามหลังรับบริการ',
			startsOn: bangkokToday(now - 6 * DAY),
			endsOn: bangkokToday(now + 8 * DAY)
		},
		member.id,
		day(33)
	);
	await changeStatus(db, line.id, { to: 'testing', reason: 'เวอร์ชัน 2 พร้อมทดสอบภาคสนาม' }, member.id, day(35));

	// 2. Document check before taking a number: tested well, now in pilot.
	const check = await createPrototype(
		db,
		projectId,
		{
			title: 'จุดตรวจเอกสารก่อนรับบัตรคิว',
			summary: 'เจ้าหน้าที่หนึ่งคนยืนหน้าทางเข้า ตรวจเอกสารตามรายการตรวจสอบก่อนออกบัตรคิว ลดการกลับไปเอาเอกสารมาใหม่',
			audience: 'ผู้มาติดต่องานทะเบียนบ้านและบัตรประชาชน',
			learningGoal: 'ตรวจเอกสารก่อนรับคิวช่วยลดเวลาที่เคาน์เตอร์และจำนวนคนที่ต้องกลับมาใหม่ได้แค่ไหน',
			owner: facilitator.id,
			fidelity: 'service_pilot',
			tags: 'คิว, เอกสาร'
		},
		facilitator,
		{ ideas: [idea('demo-note-docs', 'ตรวจเอกสารให้ครบก่อนได้บัตรคิว', 'หน้างาน')], now: day(18) }
	);
	const checkV1 = await addVersion(
		db,
		check.id,
		{ changes: 'รายการตรวจเอกสารกระดาษ 1 หน้า แยกตามบริการ 6 ประเภท', rationale: 'เริ่มจากสิ่งที่ทำได้ทันทีโดยไม่ต้องใช้ระบบ' },
		[],
		noFiles(facilitator.id, day(20))
	);
	await changeStatus(db, check.id, { to: 'building', reason: 'ร่างรายการตรวจเอกสารร่วมกับเจ้าหน้าที่ทะเบียน' }, facilitator.id, day(20));
	await saveTestPlan(
		db,
		check.id,
		checkV1.id,
		{
			hypotheses: 'การตรวจเอกสารก่อนรับคิวจะลดเวลาเฉลี่ยที่เคาน์เตอร์ลงอย่างน้อย 20%',
			successCriteria: 'เวลาเฉลี่ยที่เคาน์เตอร์ลดลง ≥ 20% และคนที่ต้องกลับมาใหม่ลดลงครึ่งหนึ่ง',
			targetGroup: 'ผู้มาติดต่อทุกคนในช่วงเช้า 08:30–12:00',
			method: 'ทดลองหน้างาน 5 วันทำการ เทียบกับสัปดาห์ก่อนหน้า จับเวลาทุกคิว',
			startsOn: date(26),
			endsOn: date(32)
		},
		facilitator.id,
		day(25)
	);
	await changeStatus(db, check.id, { to: 'testing', reason: 'เริ่มทดลองหน้างาน 5 วัน' }, facilitator.id, day(26));
	await recordDecision(
		db,
		check.id,
		{
			outcome: 'pilot',
			versionId: checkV1.id,
			rationale: 'เวลาที่เคาน์เตอร์ลดลงชัดเจน และเจ้าหน้าที่อยากใช้ต่อ นำร่องเต็มวันเป็นเวลา 1 เดือน',
			moveStatus: true,
			figures: [
				{ label: 'เวลาเฉลี่ยที่เคาน์เตอร์', value: '−27%' },
				{ label: 'คนที่ต้องกลับมาใหม่', value: '14 → 5 คน/วัน' }
			],
			links: [],
			rounds: [],
			sections: []
		},
		facilitator.id,
		undefined,
		day(34)
	);

	// 3. A live waiting-time sign: its test ended and nobody decided (needs attention).
	const sign = await createPrototype(
		db,
		projectId,
		{
			title: 'ป้ายบอกเวลารอโดยประมาณ',
			summary: 'จอหน้าห้องทะเบียนแสดงคิวปัจจุบันและเวลารอโดยประมาณของแต่ละบริการ ให้คนออกไปทำธุระก่อนได้',
			audience: 'ผู้ที่รอคิวอยู่ที่สำนักงานเขต',
			learningGoal: 'ถ้ารู้เวลารอ คนจะรู้สึกรอน้อยลงและกล้าออกไปทำธุระแล้วกลับมาหรือไม่',
			owner: member.id,
			fidelity: 'paper',
			tags: 'คิว, ป้าย'
		},
		facilitator,
		{ ideas: [idea('demo-note-sign', 'บอกเวลารอให้รู้ จะได้ไปทำอย่างอื่นก่อน', 'ระหว่างรอ')], now: day(18) }
	);
	const signV1 = await addVersion(
		db,
		sign.id,
		{ changes: 'ไวท์บอร์ดเขียนเวลารอ อัปเดตด้วยมือทุก 15 นาที', rationale: 'ทดสอบแนวคิดก่อนลงทุนจอดิจิทัล' },
		[],
		noFiles(member.id, day(21))
	);
	await changeStatus(db, sign.id, { to: 'building', reason: 'เตรียมไวท์บอร์ดและตารางเวลาอัปเดต' }, member.id, day(21));
	await saveTestPlan(
		db,
		sign.id,
		signV1.id,
		{
			hypotheses: 'ผู้รอคิวที่เห็นเวลารอจะรู้สึกว่ารอสั้นลง และอย่างน้อย 20% จะออกไปทำธุระแล้วกลับมาทัน',
			successCriteria: 'คะแนนความพึงพอใจเรื่องการรอเพิ่มขึ้นอย่างน้อย 1 ระดับ (จาก 5)',
			targetGroup: 'ผู้รอคิวงานทะเบียน',
			method: 'แบบสอบถามสั้นก่อนและหลังติดป้าย 1 สัปดาห์',
			startsOn: date(22),
			endsOn: date(29)
		},
		member.id,
		day(22)
	);
	await changeStatus(db, sign.id, { to: 'testing', reason: 'ติดป้ายหน้าห้องทะเบียนแล้ว' }, member.id, day(22));

	// 4. Phone booking for older people: born from the loop back, being built.
	const phone = await createPrototype(
		db,
		projectId,
		{
			title: 'บัตรคิวล่วงหน้าทางโทรศัพท์สำหรับผู้สูงอายุ',
			summary: 'ผู้สูงอายุโทรสายด่วนของเขตเพื่อจองคิว เจ้าหน้าที่ออกบัตรคิวล่วงหน้ารอไว้ที่ช่องบริการพิเศษ',
			audience: 'ผู้สูงอายุและผู้ที่ไม่ใช้สมาร์ตโฟน',
			learningGoal: 'ผู้สูงอายุจะโทรจองเองหรือให้ลูกหลานโทรแทน และจะมาตามเวลานัดหรือไม่',
			owner: facilitator.id,
			fidelity: 'paper',
			tags: 'คิว, ผู้สูงอายุ, โทรศัพท์'
		},
		facilitator,
		{
			ideas: [idea('demo-note-phone', 'ผู้สูงอายุโทรจองคิวได้ ไม่ต้องใช้แอป', 'ผู้สูงอายุ')],
			reason: 'เกิดจากผลทดสอบคิว LINE ที่ผู้สูงอายุใช้ไม่ได้',
			now: day(28)
		}
	);
	await addVersion(
		db,
		phone.id,
		{ changes: 'สคริปต์รับสายและสมุดจองคิวกระดาษสำหรับเจ้าหน้าที่', rationale: 'ทดลองขั้นตอนก่อนทำระบบ' },
		[],
		noFiles(facilitator.id, day(30))
	);
	await changeStatus(db, phone.id, { to: 'building', reason: 'เตรียมสคริปต์และสายด่วนทดลอง' }, facilitator.id, day(30));

	// 5. A talking ticket kiosk: dropped after costing it.
	const kiosk = await createPrototype(
		db,
		projectId,
		{
			title: 'ตู้กดบัตรคิวแบบมีเสียงพูด',
			summary: 'ตู้กดบัตรคิวที่อ่านเมนูออกเสียงภาษาไทย สำหรับผู้ที่มองเห็นไม่ชัด',
			audience: 'ผู้สูงอายุและผู้พิการทางการเห็น',
			learningGoal: 'เสียงพูดช่วยให้เลือกบริการได้ถูกต้องโดยไม่ต้องถามเจ้าหน้าที่หรือไม่',
			owner: member.id,
			fidelity: 'sketch',
			tags: 'คิว, การเข้าถึง'
		},
		facilitator,
		{ ideas: [idea('demo-note-kiosk', 'ตู้คิวที่พูดได้', 'การเข้าถึง')], now: day(18) }
	);
	await changeStatus(db, kiosk.id, { to: 'dropped', reason: 'ค่าใช้จ่ายตู้ใหม่สูงเกินงบปีนี้ และจุดตรวจเอกสารช่วยคนกลุ่มนี้ได้ดีกว่า' }, facilitator.id, day(25));

	// 6. SMS reminders: an idea nobody has touched for a month (needs attention).
	await createPrototype(
		db,
		projectId,
		{
			title: 'SMS เตือนเอกสารที่ต้องเตรียมก่อนมาเขต',
			summary: 'เมื่อจองคิวแล้ว ระบบส่ง SMS รายการเอกสารที่ต้องนำมาตามบริการที่เลือก',
			audience: 'ผู้ที่จองคิวล่วงหน้าทุกช่องทาง',
			learningGoal: 'การเตือนล่วงหน้าลดจำนวนคนที่ลืมเอกสารได้หรือไม่',
			owner: member.id,
			fidelity: 'sketch',
			tags: 'เอกสาร, SMS'
		},
		facilitator,
		{ ideas: [idea('demo-note-sms', 'ส่ง SMS บอกว่าต้องเอาเอกสารอะไรมา', 'หน้างาน')], now: now - 34 * DAY }
	);
}
