import { m } from '$lib/paraglide/messages.js';
import { projectRoleLabel, roleLabel, stageLabel } from '$lib/i18n/labels';
import { outcomeLabel } from '$lib/i18n/prototype-labels';
import { statusLabel as moderationLabel } from '$lib/i18n/feedback/labels';
import { boardStageLabel } from '$lib/components/publication/labels';
import { formatNumber } from '$lib/i18n/format';
import { isRole } from '$lib/domain/roles';
import { isStatus } from '$lib/domain/feedback';
import { isStage, PROJECT_ROLES, type ProjectRole } from '$lib/domain/stages';
import { DECISION_OUTCOMES, type DecisionOutcome } from '$lib/domain/prototype-lifecycle';
import type { AuditAction, AuditEvent } from '$lib/domain/audit';

type MessageFn = () => string;

/** What an action is called: "moved the project to another stage". */
export function actionLabel(action: AuditAction): string {
	const message = (m as unknown as Record<string, MessageFn | undefined>)[`trail_action_${action.replace('.', '_')}`];
	return message ? message() : action;
}

const isProjectRole = (value: unknown): value is ProjectRole => (PROJECT_ROLES as readonly string[]).includes(value as string);
const isOutcome = (value: unknown): value is DecisionOutcome => (DECISION_OUTCOMES as readonly string[]).includes(value as string);

/** A role as stored with an event: a team role when the event is a project's, else a site role. */
export function auditRoleLabel(role: string, inProject: boolean): string {
	if (inProject && isProjectRole(role)) return projectRoleLabel(role);
	if (isRole(role)) return roleLabel(role);
	return role;
}

/** Who did it: the person's name (with their role) for the team; the role alone for the public. */
export function actorLabel(event: {
	actorKind: AuditEvent['actorKind'];
	actorRole: string;
	projectId: string | null;
	actorName?: string | null;
}): string {
	switch (event.actorKind) {
		case 'citizen':
			return m.trail_actor_citizen();
		case 'anonymous':
			return m.trail_actor_anonymous();
		case 'system':
			return m.trail_actor_system();
		case 'user': {
			const role = event.actorRole ? auditRoleLabel(event.actorRole, !!event.projectId) : '';
			if (event.actorName === undefined) return role || m.trail_actor_unknown();
			const name = event.actorName ?? m.trail_actor_unknown();
			return role ? m.trail_actor_with_role({ name, role }) : name;
		}
	}
}

/** The facts of an event in words ("Empathize → Ideate", "to “Published”, 3 responses"); '' when it has none to tell. */
export function detailsLabel(event: Pick<AuditEvent, 'action' | 'details' | 'targetKind' | 'projectId'> & { targetName?: string | null }): string {
	const d = event.details;
	const parts: string[] = [];
	const inProject = !!event.projectId || event.action.startsWith('team.');
	if (isStage(d.from) && isStage(d.to)) parts.push(m.trail_detail_stage({ from: stageLabel(d.from), to: stageLabel(d.to) }));
	if (typeof d.stage === 'string') parts.push(m.trail_detail_board({ stage: boardStageLabel(d.stage) }));
	if (typeof d.role === 'string') parts.push(m.trail_detail_role({ role: auditRoleLabel(d.role, inProject) }));
	if (isStatus(d.status)) parts.push(m.trail_detail_status({ status: moderationLabel(d.status) }));
	if (typeof d.count === 'number' && event.action !== 'audit.purged') parts.push(m.trail_detail_count({ count: formatNumber(d.count) }));
	if (isOutcome(d.outcome)) parts.push(m.trail_detail_outcome({ outcome: outcomeLabel(d.outcome) }));
	if (typeof d.version === 'number') parts.push(m.trail_detail_version({ number: d.version }));
	if (d.knownAccount === false) parts.push(m.trail_detail_unknown_account());
	if (typeof d.deleted === 'number' && typeof d.retentionDays === 'number') {
		parts.push(m.trail_detail_purged({ count: formatNumber(d.deleted), days: formatNumber(d.retentionDays) }));
	}
	if (event.targetKind === 'user' && event.targetName) parts.push(m.trail_detail_target({ name: event.targetName }));
	return parts.join(' · ');
}
