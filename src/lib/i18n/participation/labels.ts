import { m } from '$lib/paraglide/messages.js';
import type { CallKind, ConsentKind, EntryStatus, InterviewKind, ReportReason } from '$lib/domain/participation';

/** Names of the participation module's enumerated values, from its catalogue. */

export function callKindLabel(kind: CallKind): string {
	return kind === 'idea' ? m.pt_kind_idea() : m.pt_kind_story();
}

/** A status as the team reads it. */
export function entryStatusLabel(status: EntryStatus): string {
	switch (status) {
		case 'new':
			return m.pt_status_new();
		case 'approved':
			return m.pt_status_approved();
		case 'hidden':
			return m.pt_status_hidden();
		case 'spam':
			return m.pt_status_spam();
	}
}

/** A status as the citizen who sent it reads it (hidden and spam alike: not shown). */
export function publicStatusLabel(status: string): string {
	if (status === 'approved') return m.pt_public_status_approved();
	if (status === 'new') return m.pt_public_status_new();
	return m.pt_public_status_not_shown();
}

export function reportReasonLabel(reason: ReportReason): string {
	switch (reason) {
		case 'offensive':
			return m.pt_reason_offensive();
		case 'personal_data':
			return m.pt_reason_personal_data();
		case 'spam':
			return m.pt_reason_spam();
		case 'off_topic':
			return m.pt_reason_off_topic();
	}
}

export function interviewKindLabel(kind: InterviewKind): string {
	switch (kind) {
		case 'note':
			return m.pt_interview_kind_note();
		case 'quote':
			return m.pt_interview_kind_quote();
		case 'photo':
			return m.pt_interview_kind_photo();
	}
}

export function consentKindLabel(kind: ConsentKind): string {
	switch (kind) {
		case 'verbal':
			return m.pt_consent_verbal();
		case 'written':
			return m.pt_consent_written();
		case 'recorded':
			return m.pt_consent_recorded();
	}
}
