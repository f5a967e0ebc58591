/** The signed-in person, as every page sees them. */
import type { Role } from './roles.ts';

export interface SessionUser {
	id: string;
	email: string;
	name: string;
	role: Role;
}
