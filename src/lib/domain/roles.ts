/** Site-wide roles. */
export const ROLES = ['admin', 'facilitator', 'official', 'member'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who may start a new project. */
export function canCreateProjects(role: Role): boolean {
	return role === 'admin' || role === 'facilitator';
}

/** Who sees every project (read-only unless also on its team): the portfolio audience. */
export function seesAllProjects(role: Role): boolean {
	return role === 'admin' || role === 'official';
}
