import type * as Y from 'yjs';
import type { DB } from '../db/open.ts';
import { changeStoredBoard } from '../collab/stored-board.ts';
import { addNote, type NewNote } from '../../board/notes.ts';
import { boardRoots, NOTE_SIZE } from '../../board/schema.ts';
import { clusterNotes, findSectionByKey } from '../../board/sections.ts';
import { seedBoardTemplate } from '../../board/templates.ts';
import { BOARD_STAGES, type BoardStage } from '../../domain/stages.ts';

type Seed = Record<string, { text: string; by: 'facilitator' | 'member'; color?: string }[]>;

const DAY = 24 * 60 * 60 * 1000;

// What a real workshop on the demo challenge (queues at a district office) leaves on each board.
const NOTES: Record<BoardStage, Seed> = {
	empathize: {
		says: [
			{ text: '“มารอตั้งแต่เจ็ดโมง สิบโมงแล้วยังไม่ถึงคิว”', by: 'member' },
			{ text: '“ไม่รู้ว่าต้องเอาเอกสารอะไรมาบ้าง”', by: 'facilitator' },
			{ text: '“ลางานมาครึ่งวัน บ่ายต้องกลับเข้างาน”', by: 'member' }
		],
		thinks: [
			{ text: 'กลัวว่าเอกสารไม่ครบแล้วต้องกลับมาใหม่อีกวัน', by: 'member' },
			{ text: 'คิดว่ามีคนลัดคิว ระบบไม่ยุติธรรม', by: 'facilitator' }
		],
		does: [
			{ text: 'ยืนรอหน้าช่องบริการ ทั้งที่ยังไม่ถึงคิว', by: 'member' },
			{ text: 'โทรถามเพื่อนว่าต้องใช้เอกสารอะไร', by: 'member' },
			{ text: 'ถ่ายรูปบัตรคิวส่งให้ลูกหลานดู', by: 'facilitator' }
		],
		feels: [
			{ text: 'ร้อนและเหนื่อย ที่นั่งรอไม่พอ', by: 'member', color: 'pink' },
			{ text: 'หงุดหงิดเมื่อถูกส่งไปอีกช่องหนึ่ง', by: 'facilitator', color: 'pink' },
			{ text: 'โล่งใจเมื่อเจ้าหน้าที่อธิบายชัดเจน', by: 'member', color: 'green' }
		],
		personas: [
			{ text: 'ป้าสมศรี 68 ปี มาทำบัตรประชาชนใหม่ ไม่ใช้สมาร์ตโฟน มากับหลาน', by: 'facilitator', color: 'blue' },
			{ text: 'คุณต้น 32 ปี พนักงานบริษัท ลางานมาย้ายทะเบียนบ้าน อยากเสร็จในชั่วโมงเดียว', by: 'facilitator', color: 'blue' }
		],
		interviews: [
			{ text: 'สัมภาษณ์ผู้มาติดต่อ 24 คน: 17 คนรอเกินชั่วโมงครึ่ง', by: 'facilitator', color: 'gray' },
			{ text: 'เจ้าหน้าที่: ช่วง 9–11 โมงคิวล้น หนึ่งในสามเอกสารไม่ครบ', by: 'member', color: 'gray' }
		],
		journey_steps: [
			{ text: '1. เดินทางมาถึง', by: 'facilitator', color: 'blue' },
			{ text: '2. รับบัตรคิว', by: 'facilitator', color: 'blue' },
			{ text: '3. รอเรียก', by: 'facilitator', color: 'blue' },
			{ text: '4. ยื่นเอกสาร', by: 'facilitator', color: 'blue' },
			{ text: '5. ถ่ายรูปและลงนาม', by: 'facilitator', color: 'blue' },
			{ text: '6. รับบัตร', by: 'facilitator', color: 'blue' }
		],
		journey_pains: [
			{ text: 'ไม่มีป้ายบอกว่าต้องเริ่มที่ไหน', by: 'member', color: 'pink' },
			{ text: 'ไม่รู้ว่าต้องรออีกนานเท่าไร', by: 'member', color: 'pink' },
			{ text: 'เอกสารไม่ครบ ต้องกลับบ้านไปเอา', by: 'facilitator', color: 'pink' }
		]
	},
	ideate: {
		hmw: [
			{ text: 'เราจะทำให้ผู้มาติดต่อรู้เวลารอล่วงหน้าได้อย่างไร', by: 'facilitator', color: 'blue' },
			{ text: 'เราจะช่วยให้เตรียมเอกสารครบตั้งแต่ครั้งแรกได้อย่างไร', by: 'facilitator', color: 'blue' },
			{ text: 'เราจะดูแลผู้สูงอายุที่ไม่ใช้สมาร์ตโฟนได้อย่างไร', by: 'member', color: 'blue' }
		],
		brainstorm: [
			{ text: 'จองคิวล่วงหน้าผ่าน LINE', by: 'member' },
			{ text: 'เปิดบริการเช้าวันเสาร์เดือนละสองครั้ง', by: 'member' },
			{ text: 'อาสาสมัครช่วยกรอกแบบฟอร์ม', by: 'facilitator' },
			{ text: 'ตู้บริการตนเองสำหรับคัดสำเนาทะเบียนบ้าน', by: 'member' }
		],
		impact_high_effort_low: [
			{ text: 'จุดตรวจเอกสารก่อนรับคิว', by: 'facilitator', color: 'green' },
			{ text: 'ป้ายบอกเวลารอ', by: 'member', color: 'green' }
		],
		impact_high_effort_high: [{ text: 'คิวออนไลน์ผ่าน LINE', by: 'facilitator', color: 'orange' }],
		impact_low_effort_low: [{ text: 'เพิ่มเก้าอี้รอ', by: 'member', color: 'gray' }]
	},
	prototype: {
		proto_what: [{ text: 'บัตรคิวล่วงหน้าทางโทรศัพท์ พร้อม SMS รายการเอกสารและเวลานัด', by: 'facilitator' }],
		proto_who: [
			{ text: 'ผู้สูงอายุที่ไม่ใช้สมาร์ตโฟน', by: 'member', color: 'blue' },
			{ text: 'คนทำงานที่ต้องลางานมา', by: 'member', color: 'blue' }
		],
		proto_learn: [
			{ text: 'คนจะมาตรงเวลานัดไหม', by: 'facilitator', color: 'purple' },
			{ text: 'ลดเวลารอได้กี่นาที', by: 'facilitator', color: 'purple' },
			{ text: 'เจ้าหน้าที่รับสายจองไหวไหมในช่วงพีค', by: 'member', color: 'purple' }
		],
		proto_storyboard: [
			{ text: '1. โทรจองคิว', by: 'facilitator', color: 'orange' },
			{ text: '2. ได้ SMS รายการเอกสาร', by: 'facilitator', color: 'orange' },
			{ text: '3. มาถึงตามนัด ตรวจเอกสารที่จุดแรก', by: 'facilitator', color: 'orange' },
			{ text: '4. เสร็จภายในครึ่งชั่วโมง', by: 'facilitator', color: 'orange' }
		]
	},
	test: {
		test_worked: [
			{ text: 'ผู้สูงอายุ 9 ใน 10 คนโทรจองได้เอง', by: 'member', color: 'green' },
			{ text: 'เวลารอเฉลี่ยลดจาก 2 ชั่วโมงเหลือ 35 นาที', by: 'facilitator', color: 'green' }
		],
		test_change: [
			{ text: 'ข้อความ SMS ยาวและอ่านยาก ควรสั้นกว่านี้', by: 'member', color: 'pink' },
			{ text: 'ช่วงเที่ยงคิวยังคั่ง', by: 'facilitator', color: 'pink' }
		],
		test_questions: [{ text: 'ถ้าคนไม่มาตามนัด จะปล่อยคิวให้คนอื่นเมื่อไร', by: 'facilitator', color: 'blue' }],
		test_ideas: [{ text: 'เพิ่มปุ่ม “เลื่อนนัด” ในข้อความ SMS', by: 'member' }]
	},
	// The rollout the team is planning now that the pilot at one district office worked.
	implement: {
		impl_rollout: [
			{ text: 'ระยะที่ 1 (เดือน 1–2): ขยายนัดคิวทางโทรศัพท์ไปอีก 3 เขต', by: 'facilitator' },
			{ text: 'ระยะที่ 2 (เดือน 3–6): ทุกเขตในกรุงเทพฯ พร้อมคู่มือเจ้าหน้าที่', by: 'member' }
		],
		impl_stakeholders: [
			{ text: 'ผู้อำนวยการเขต: อนุมัติและจัดคนรับสาย', by: 'facilitator', color: 'purple' },
			{ text: 'ชมรมผู้สูงอายุ: ช่วยบอกต่อและทดสอบสคริปต์', by: 'member', color: 'purple' }
		],
		impl_risks: [
			{ text: 'สายไม่ว่างช่วงเช้า → เพิ่มคนรับสายเวลา 8–10 น.', by: 'member', color: 'pink' },
			{ text: 'คนไม่มาตามนัด → ปล่อยคิวหลังรอ 15 นาที', by: 'facilitator', color: 'pink' }
		],
		impl_metrics: [
			{ text: 'เวลารอเฉลี่ยของผู้สูงอายุต่ำกว่า 20 นาที', by: 'facilitator', color: 'green' },
			{ text: 'ผู้ใช้บริการพอใจ 80% ขึ้นไป (แบบสอบถาม)', by: 'member', color: 'green' }
		],
		impl_resources: [{ text: 'เบอร์โทรกลาง 1 เบอร์ และเจ้าหน้าที่ 2 คนต่อเขต', by: 'member' }],
		impl_scale: [{ text: 'สำนักงานที่ดินและทะเบียนราษฎร์ที่มีคิวยาวคล้ายกัน', by: 'facilitator', color: 'blue' }]
	}
};

// Ideas on the Ideate board that the team grouped during the workshop. Their ids are fixed so
// that the demo prototypes (demo/prototypes.ts) link to notes that exist.
const IDEATE_CLUSTERS: { title: string; notes: { id: string; text: string; by: 'facilitator' | 'member' }[] }[] = [
	{
		title: 'คิวออนไลน์',
		notes: [
			{ id: 'demo-note-line', text: 'จองคิวผ่าน LINE แล้วค่อยมาตามเวลา', by: 'member' },
			{ id: 'demo-note-notify', text: 'แจ้งเตือนก่อนถึงคิว จะได้ไม่ต้องนั่งรอที่เขต', by: 'facilitator' }
		]
	},
	{
		title: 'หน้างาน',
		notes: [
			{ id: 'demo-note-docs', text: 'ตรวจเอกสารให้ครบก่อนได้บัตรคิว', by: 'facilitator' },
			{ id: 'demo-note-sms', text: 'ส่ง SMS บอกว่าต้องเอาเอกสารอะไรมา', by: 'member' }
		]
	},
	{ title: 'ระหว่างรอ', notes: [{ id: 'demo-note-sign', text: 'บอกเวลารอให้รู้ จะได้ไปทำอย่างอื่นก่อน', by: 'member' }] },
	{ title: 'ผู้สูงอายุ', notes: [{ id: 'demo-note-phone', text: 'ผู้สูงอายุโทรจองคิวได้ ไม่ต้องใช้แอป', by: 'member' }] },
	{ title: 'การเข้าถึง', notes: [{ id: 'demo-note-kiosk', text: 'ตู้คิวที่พูดได้', by: 'facilitator' }] }
];

function seedStage(doc: Y.Doc, stage: BoardStage, authors: Record<'facilitator' | 'member', string>, start: number): void {
	seedBoardTemplate(doc, stage);
	let minute = 0;
	for (const [key, notes] of Object.entries(NOTES[stage])) {
		const section = findSectionByKey(doc, key);
		for (const note of notes) {
			const input: NewNote = {
				text: note.text,
				section: section?.id,
				author: authors[note.by],
				color: note.color,
				created: start + minute++ * 60_000
			};
			addNote(doc, input);
		}
	}
	if (stage === 'ideate') {
		const area = findSectionByKey(doc, 'clusters')!;
		IDEATE_CLUSTERS.forEach((cluster, i) => {
			const left = area.x + 48 + (i % 2) * 436;
			const top = area.y + 160 + Math.floor(i / 2) * 280;
			// The note log's create op, written directly because these ids are fixed (schema.ts).
			boardRoots(doc).noteOps.push(
				cluster.notes.map((note, j) => ({
					id: note.id,
					text: note.text,
					x: left + j * 196,
					y: top,
					w: NOTE_SIZE.w,
					h: NOTE_SIZE.h,
					color: 'yellow',
					section: area.id,
					author: authors[note.by],
					created: start + minute++ * 60_000
				}))
			);
			clusterNotes(
				doc,
				cluster.notes.map((n) => n.id),
				cluster.title
			);
		});
	}
}

/** Fills the demo project's five boards with a workshop's worth of Thai notes. */
export async function seedDemoBoards(db: DB, projectId: string, authors: Record<'facilitator' | 'member', string>, start: number): Promise<void> {
	const boards = await db.selectFrom('boards').select(['id', 'stage']).where('project_id', '=', projectId).execute();
	for (const board of boards) {
		if (!(BOARD_STAGES as readonly string[]).includes(board.stage)) continue;
		const stage = board.stage as BoardStage;
		const day = { empathize: 2, ideate: 11, prototype: 19, test: 35, implement: 49 }[stage];
		await changeStoredBoard(db, board.id, (doc) => seedStage(doc, stage, authors, start + day * DAY), start + day * DAY);
	}
}
