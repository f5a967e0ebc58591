import type { DB } from '../db/open.ts';
import type { SessionUser } from '../auth/session.ts';
import { bangkokDay, createRound } from '../feedback/rounds.ts';
import { addQuestion, listQuestions, type QuestionInput } from '../feedback/questions.ts';
import { checkSubmission, fieldsFrom, storeResponse } from '../feedback/responses.ts';
import { addNote, setStatus, setTags } from '../feedback/moderation.ts';
import { answerField, type Channel, type Question, type Round } from '../../domain/feedback.ts';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/**
 * The demo's citizen feedback on the LINE booking prototype: a closed round on version 1 (a
 * dozen answers typed in at the counter during the usability test, lukewarm) and an open round
 * on version 2 with a few dozen answers from the QR poster, the link, the counter, the phone
 * and LINE over the past week, some moderated and tagged, a few with consented contact details.
 * Deterministic: the same demo every time.
 */
export async function seedDemoFeedback(
	db: DB,
	projectId: string,
	people: { facilitator: SessionUser; member: SessionUser },
	now = Date.now()
): Promise<void> {
	const line = await db
		.selectFrom('prototypes')
		.select('id')
		.where('project_id', '=', projectId)
		.where('title', '=', 'จองคิวออนไลน์ผ่าน LINE OA ของเขต')
		.executeTakeFirst();
	if (!line) return;
	const versions = await db
		.selectFrom('prototype_versions')
		.select(['id', 'number', 'created_at'])
		.where('prototype_id', '=', line.id)
		.orderBy('number')
		.execute();
	const [v1, v2] = versions;
	if (!v1 || !v2) return;
	const { facilitator, member } = people;
	const random = seeded(2569);

	// Round 1: version 1, tested with a dozen people at the district office, closed.
	const v1At = Number(v1.created_at);
	const round1 = await createRound(
		db,
		projectId,
		{
			versionId: v1.id,
			titleTh: 'ทดลองจองคิวผ่าน LINE (รุ่นแรก)',
			titleEn: '',
			introTh: 'ต้นแบบคลิกได้ของการจองคิวงานทะเบียนผ่าน LINE OA ของเขต',
			introEn: '',
			purposeTh: 'เราทดลองให้ประชาชนจองคิวผ่าน LINE และอยากรู้ว่าขั้นตอนเข้าใจง่ายหรือไม่ คำตอบไม่ระบุตัวตน ใช้เพื่อปรับปรุงต้นแบบนี้เท่านั้น',
			purposeEn: '',
			offerEnglish: '',
			opensOn: bangkokDay(v1At + 2 * DAY),
			closesOn: bangkokDay(v1At + 4 * DAY),
			collectContact: '',
			retentionDays: ''
		},
		facilitator.id,
		v1At + DAY
	);
	for (const q of STARTER) await addQuestion(db, round1.id, q);
	const q1 = await listQuestions(db, round1.id);
	const round1Answers: [number, string, string][] = [
		[2, 'ตัวหนังสือเล็กมาก อ่านไม่ออก', 'อยากให้ตัวใหญ่กว่านี้'],
		[4, 'เลือกเวลาได้เอง สะดวก', ''],
		[3, 'จองได้ แต่หาเมนูไม่เจอตอนแรก', 'เมนูบริการควรอยู่หน้าแรก'],
		[1, '', 'ใช้ไม่เป็น ไม่มีไลน์ อยากให้มีเบอร์โทรจองแทน'],
		[4, 'ดีกว่ามานั่งรอทั้งเช้า', 'แจ้งเตือนก่อนถึงคิวด้วย'],
		[2, '', 'ขั้นตอนเยอะเกินไป กดหลายหน้า'],
		[5, 'จองเสร็จในไม่ถึงสองนาที', ''],
		[3, 'การออกแบบบริการภาครัฐแบบนี้ดี แต่ยังต้องปรับ', 'ปุ่มยืนยันเล็กไป'],
		[2, '', 'ลูกต้องจองให้ เพราะแม่ใช้ไม่เป็น'],
		[4, 'เห็นเวลาว่างชัดเจน', 'อยากเลื่อนนัดได้เอง'],
		[3, '', 'ตัวอักษรควรใหญ่ขึ้นสำหรับผู้สูงอายุ'],
		[4, 'ไม่ต้องลางานทั้งวัน', '']
	];
	let i = 0;
	for (const [rating, worked, change] of round1Answers) {
		await seedResponse(
			db,
			round1,
			q1,
			{ rating, worked, change, recommend: rating >= 3 ? 'yes' : 'no' },
			'counter',
			member.id,
			v1At + 2 * DAY + (i++ % 3) * DAY + 9 * HOUR + i * 17 * 60_000
		);
	}

	// Round 2: version 2, in the field now, open for another week.
	const round2 = await createRound(
		db,
		projectId,
		{
			versionId: v2.id,
			titleTh: 'ทดลองจองคิวผ่าน LINE และให้เจ้าหน้าที่โทรกลับ (รุ่นที่ 2)',
			titleEn: 'Booking a queue on LINE, with a call-back option (version 2)',
			introTh: 'สำนักงานเขตเปิดให้จองคิวงานทะเบียนผ่าน LINE OA หรือขอให้เจ้าหน้าที่โทรกลับเพื่อจองให้ เป็นเวลาสองสัปดาห์',
			introEn: 'For two weeks the district office lets you book a registration queue on LINE, or ask staff to call you back and book for you.',
			purposeTh:
				'เราอยากรู้ว่าการจองคิวแบบนี้ช่วยให้ท่านรอน้อยลงหรือไม่ และควรปรับอะไร คำตอบไม่ระบุตัวตน ใช้เพื่อปรับปรุงบริการนี้เท่านั้น เฉพาะทีมโครงการของสำนักงานเขตบางกอกน้อยที่เห็นคำตอบ',
			purposeEn:
				'We want to know whether booking this way means less waiting for you, and what to change. Answers are anonymous, used only to improve this service, and seen only by the Bangkok Noi district project team.',
			offerEnglish: 'yes',
			opensOn: bangkokDay(now - 6 * DAY),
			closesOn: bangkokDay(now + 8 * DAY),
			collectContact: 'yes',
			retentionDays: '60'
		},
		facilitator.id,
		now - 7 * DAY
	);
	for (const q of [...STARTER, ...ROUND2_EXTRA]) await addQuestion(db, round2.id, q);
	const q2 = await listQuestions(db, round2.id);
	const channels: Channel[] = ['qr', 'qr', 'qr', 'web', 'web', 'counter', 'qr', 'line', 'web', 'phone'];
	const round2Answers: [number, string, string, string][] = [
		[5, 'จองง่ายมาก มาถึงก็ได้รับบริการเลย', '', 'id_card'],
		[4, 'เจ้าหน้าที่โทรกลับเร็ว พูดจาดี', 'อยากให้โทรกลับนอกเวลาราชการได้ด้วย', 'house'],
		[5, 'ไม่ต้องลางานครึ่งวันเหมือนก่อน', '', 'id_card'],
		[3, 'จองได้ แต่ยังต้องรอที่เขตอีก 20 นาที', 'เวลานัดควรตรงกว่านี้', 'house'],
		[4, 'แม่โทรจองเองได้แล้ว ไม่ต้องพึ่งลูก', '', 'birth'],
		[2, '', 'ลิงก์ใน LINE เปิดไม่ได้ในมือถือรุ่นเก่า', 'id_card'],
		[5, 'บริการดีมาก ขอบคุณครับ', '', 'id_card'],
		[4, 'การออกแบบบริการภาครัฐแบบนี้ควรมีทุกเขต', 'เพิ่มบริการอื่น ๆ ให้จองได้ด้วย', 'other'],
		[4, 'แจ้งเตือนก่อน 30 นาทีดีมาก', '', 'house'],
		[3, '', 'หาปุ่มขอให้โทรกลับไม่เจอ ควรอยู่หน้าแรก', 'id_card'],
		[5, 'ใช้เวลาทั้งหมดไม่ถึงชั่วโมง', '', 'id_card'],
		[4, 'เจ้าหน้าที่อธิบายเอกสารที่ต้องเตรียมตอนโทรกลับ', 'ส่งรายการเอกสารทาง SMS ด้วยจะดีมาก', 'house'],
		[1, '', 'จองแล้วแต่มาถึงระบบบอกว่าไม่มีคิว ต้องรอใหม่', 'id_card'],
		[4, 'ที่นั่งรอมีพอ ไม่แออัด', '', 'birth'],
		[5, 'สะดวก รวดเร็ว', '', 'id_card'],
		[3, 'ดีขึ้นกว่าเดิม', 'ตัวหนังสือในไลน์ยังเล็กไปสำหรับผู้สูงอายุ', 'house'],
		[4, '', 'อยากให้เลือกเจ้าหน้าที่ที่พูดภาษาอังกฤษได้', 'other'],
		[5, 'Booking on LINE was quick and the staff were kind', '', 'id_card'],
		[4, 'โทรกลับตามเวลาที่ขอ', '', 'house'],
		[2, 'เจ้าหน้าที่ใจดี', 'รอสายนานกว่าจะมีคนโทรกลับ เกือบสองวัน', 'id_card'],
		[4, 'บริการรวดเร็วกว่าเดิมมาก', '', 'id_card'],
		[5, 'ได้คิวตามเวลาจริง', '', 'birth'],
		[3, '', 'ที่จอดรถไม่พอ', 'house'],
		[4, 'ขั้นตอนเหลือแค่ 3 หน้าจอ เข้าใจง่าย', '', 'id_card'],
		[5, 'ดีมาก อยากให้ใช้ต่อไป', '', 'house'],
		[4, '', 'ควรแจ้งว่าต้องใช้เอกสารตัวจริงหรือสำเนา', 'id_card'],
		[3, 'โอเค', 'ยังงง ๆ ตอนเลือกประเภทบริการ', 'other'],
		[5, 'ลูกจองให้ผ่านไลน์ แม่มาตามนัดได้เลย', '', 'id_card'],
		[4, 'The call-back option helped my grandmother', 'An English menu would help foreigners', 'house'],
		[4, 'มาตรงเวลาแล้วได้รับบริการทันที', '', 'id_card'],
		[5, 'ประทับใจ บริการดีมาก', '', 'birth'],
		[2, '', 'คลิกลิงก์จากโปสเตอร์แล้วต้องเพิ่มเพื่อนก่อน ยุ่งยาก', 'id_card'],
		[4, 'ไม่ต้องมาแต่เช้ามืด', '', 'house'],
		[5, 'ดีมากครับ', '', 'id_card'],
		[0, 'ซื้อสินค้าราคาถูก คลิกเลย www.example-spam.test', '', ''],
		[4, 'ระบบเตือนทาง LINE ดี', 'ให้ยกเลิกนัดได้เองในไลน์', 'house']
	];
	const windowStart = now - 6 * DAY;
	const windowMs = 6 * DAY - 2 * HOUR;
	const stored: { id: string; rating: number }[] = [];
	i = 0;
	for (const [rating, worked, change, topic] of round2Answers) {
		const channel = rating === 0 ? 'web' : channels[i % channels.length]!;
		const at = windowStart + Math.floor((windowMs * i) / round2Answers.length) + Math.floor(random() * 3 * HOUR);
		const staff = channel === 'counter' || channel === 'phone' || channel === 'line' ? member.id : null;
		const contact = CONTACTS[[3, 12, 19].indexOf(i)];
		const id = await seedResponse(
			db,
			round2,
			q2,
			{
				// The one spam entry (rating 0 in the table) ticks 5 like a bot would.
				rating: rating || 5,
				worked,
				change,
				recommend: rating === 0 || rating >= 3 ? 'yes' : 'no',
				topic: topic || undefined,
				ways: rating === 0 ? undefined : WAYS[i % WAYS.length],
				contact
			},
			channel,
			staff,
			at
		);
		stored.push({ id, rating });
		i++;
	}
	// The team has been through the first days: published the useful ones, tagged, one spam.
	const early = stored.slice(0, 20);
	await setStatus(
		db,
		round2.id,
		early.filter((r) => r.rating > 0).map((r) => r.id),
		'published',
		facilitator.id,
		now - 2 * DAY
	);
	const spam = stored.find((r) => r.rating === 0);
	if (spam) await setStatus(db, round2.id, [spam.id], 'spam', facilitator.id, now - DAY);
	await setTags(db, round2.id, stored[5]!.id, 'มือถือรุ่นเก่า, ลิงก์');
	await setTags(db, round2.id, stored[12]!.id, 'ระบบคิว, ต้องติดตาม');
	await setTags(db, round2.id, stored[19]!.id, 'โทรกลับช้า, ต้องติดตาม');
	await setTags(db, round2.id, stored[15]!.id, 'ผู้สูงอายุ, ตัวอักษร');
	await addNote(db, round2.id, stored[12]!.id, 'ตรวจแล้ว: คิวจาก LINE ไม่ซิงก์กับตู้กดบัตรในเช้าวันอังคาร แก้แล้ว โทรขอโทษผู้ตอบแล้ว', facilitator.id, now - 3 * DAY);
	await addNote(db, round2.id, stored[19]!.id, 'ช่วงนั้นมีคำขอโทรกลับ 40 รายการต่อวัน เจ้าหน้าที่ไม่พอ ต้องคุยเรื่องกำลังคน', member.id, now - 2 * DAY);
}

interface DemoAnswers {
	rating?: number | undefined;
	worked?: string;
	change?: string;
	recommend?: 'yes' | 'no' | undefined;
	topic?: string | undefined;
	ways?: string[] | undefined;
	contact?: { contact_name: string; contact_phone: string; contact_email: string } | undefined;
}

async function seedResponse(
	db: DB,
	round: Round,
	questions: Question[],
	a: DemoAnswers,
	channel: Channel,
	enteredBy: string | null,
	at: number
): Promise<string> {
	const form = new URLSearchParams();
	const byKind = (kind: string, n = 0) => questions.filter((q) => q.kind === kind)[n];
	const set = (q: Question | undefined, value: string | undefined) => {
		if (q && value) form.append(answerField(q.id), value);
	};
	set(byKind('rating'), a.rating ? String(a.rating) : undefined);
	set(byKind('text', 0), a.worked);
	set(byKind('text', 1), a.change);
	set(byKind('yes_no'), a.recommend);
	set(byKind('single'), a.topic ? TOPIC_IDS[a.topic] : undefined);
	for (const way of a.ways ?? []) set(byKind('multiple'), way);
	if (a.contact) {
		for (const [k, v] of Object.entries(a.contact)) form.append(k, v);
		form.append('consent', 'yes');
	}
	const checked = checkSubmission(round, questions, fieldsFrom(form));
	const { id } = await storeResponse(db, round, checked, {
		channel,
		locale: /[a-z]{4}/i.test(a.worked ?? '') ? 'en' : 'th',
		enteredBy,
		consentText:
			'ข้าพเจ้ายินยอมให้ทีมงานโครงการเก็บข้อมูลติดต่อข้างต้นไว้เพื่อติดต่อกลับเรื่องความคิดเห็นนี้เท่านั้น ข้อมูลติดต่อจะถูกลบเมื่อครบกำหนด และข้าพเจ้าถอนความยินยอมได้ทุกเมื่อด้วยรหัสอ้างอิง',
		requireOpen: false,
		now: at
	});
	return id;
}

const q = (kind: string, labelTh: string, labelEn: string, required = false, optionsTh = '', optionsEn = ''): QuestionInput => ({
	kind,
	labelTh,
	labelEn,
	helpTh: '',
	helpEn: '',
	required: required ? 'yes' : '',
	optionsTh,
	optionsEn
});

const STARTER: QuestionInput[] = [
	q('rating', 'โดยรวมแล้ว ท่านพอใจกับบริการนี้มากน้อยเพียงใด', 'Overall, how satisfied are you with this service?', true),
	q('text', 'อะไรที่ใช้ได้ดีสำหรับท่าน', 'What worked well for you?'),
	q('text', 'อะไรที่เราควรเปลี่ยนหรือปรับปรุง', 'What should we change or improve?'),
	q('yes_no', 'ท่านจะแนะนำบริการนี้ให้คนรู้จักหรือไม่', 'Would you recommend this service to people you know?')
];

const ROUND2_EXTRA: QuestionInput[] = [
	q(
		'single',
		'วันนี้ท่านมาติดต่อเรื่องอะไร',
		'What did you come for today?',
		false,
		'ทำบัตรประชาชน\nย้ายหรือแก้ไขทะเบียนบ้าน\nแจ้งเกิด\nเรื่องอื่น',
		'ID card\nHouse registration\nRegistering a birth\nSomething else'
	),
	q(
		'multiple',
		'ท่านอยากจองคิวผ่านช่องทางใดบ้าง',
		'How would you like to book a queue?',
		false,
		'LINE\nโทรศัพท์\nเว็บไซต์\nมาที่เขตเหมือนเดิม',
		'LINE\nPhone\nWebsite\nCome to the office as before'
	)
];

const TOPIC_IDS: Record<string, string> = { id_card: 'o1', house: 'o2', birth: 'o3', other: 'o4' };
const WAYS: string[][] = [['o1'], ['o1', 'o2'], ['o2'], ['o1', 'o3'], ['o4'], ['o1']];

const CONTACTS = [
	{ contact_name: 'คุณสมศรี', contact_phone: '081 234 5678', contact_email: '' },
	{ contact_name: 'ประยุทธ', contact_phone: '', contact_email: 'prayut.demo@example.test' },
	{ contact_name: 'คุณวันดี', contact_phone: '089-765-4321', contact_email: '' }
];

/** A small deterministic generator (mulberry32): the demo is the same every time. */
function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
