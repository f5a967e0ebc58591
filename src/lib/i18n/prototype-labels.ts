import { m } from '$lib/paraglide/messages.js';
import { formatDate } from './format';
import type { DecisionOutcome, EvidenceKind, Fidelity, PrototypeStatus } from '$lib/domain/prototype-lifecycle';

/** Names of the prototype module's enumerated values (switches keep messages tree-shakeable). */
export function statusLabel(status: PrototypeStatus): string {
	switch (status) {
		case 'idea':
			return m.proto_status_idea();
		case 'building':
			return m.proto_status_building();
		case 'testing':
			return m.proto_status_testing();
		case 'piloting':
			return m.proto_status_piloting();
		case 'scaled':
			return m.proto_status_scaled();
		case 'dropped':
			return m.proto_status_dropped();
	}
}

export function fidelityLabel(fidelity: Fidelity): string {
	switch (fidelity) {
		case 'sketch':
			return m.proto_fidelity_sketch();
		case 'paper':
			return m.proto_fidelity_paper();
		case 'clickable':
			return m.proto_fidelity_clickable();
		case 'service_pilot':
			return m.proto_fidelity_service_pilot();
		case 'other':
			return m.proto_fidelity_other();
	}
}

export function outcomeLabel(outcome: DecisionOutcome): string {
	switch (outcome) {
		case 'iterate':
			return m.proto_outcome_iterate();
		case 'pilot':
			return m.proto_outcome_pilot();
		case 'scale':
			return m.proto_outcome_scale();
		case 'drop':
			return m.proto_outcome_drop();
	}
}

export function evidenceKindLabel(kind: EvidenceKind): string {
	switch (kind) {
		case 'feedback_round':
			return m.proto_evidence_feedback_round();
		case 'board_section':
			return m.proto_evidence_board_section();
		case 'figure':
			return m.proto_evidence_figure();
		case 'link':
			return m.proto_evidence_link();
	}
}

/** A calendar day 'YYYY-MM-DD' in the reader's calendar ("30 มิ.ย. 2569" / "30 Jun 2026"). */
export function formatCalendarDay(day: string): string {
	const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
	// Noon UTC is the same calendar day in Bangkok, where formatDate reads it.
	return formatDate(Date.UTC(y, mo - 1, d, 12));
}

/** "เวอร์ชัน 2" — for a version number, or "—" when there is none. */
export function versionLabel(n: number | null): string {
	return n === null ? '—' : m.proto_version_label({ number: n });
}
