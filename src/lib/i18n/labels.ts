import { m } from '$lib/paraglide/messages.js';
import type { ProjectRole, Stage, Visibility } from '$lib/domain/stages';
import type { Role } from '$lib/domain/roles';

/** Names of enumerated values, from the catalogue (switches keep messages tree-shakeable). */
export function stageLabel(stage: Stage): string {
	switch (stage) {
		case 'empathize':
			return m.stage_empathize();
		case 'ideate':
			return m.stage_ideate();
		case 'prototype':
			return m.stage_prototype();
		case 'test':
			return m.stage_test();
		case 'implement':
			return m.stage_implement();
	}
}

export function roleLabel(role: Role): string {
	switch (role) {
		case 'admin':
			return m.role_admin();
		case 'facilitator':
			return m.role_facilitator();
		case 'official':
			return m.role_official();
		case 'member':
			return m.role_member();
	}
}

export function projectRoleLabel(role: ProjectRole): string {
	switch (role) {
		case 'facilitator':
			return m.project_role_facilitator();
		case 'member':
			return m.project_role_member();
		case 'viewer':
			return m.project_role_viewer();
	}
}

export function visibilityLabel(visibility: Visibility): string {
	return visibility === 'published' ? m.visibility_published() : m.visibility_private();
}
