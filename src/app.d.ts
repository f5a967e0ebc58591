import type { Session, SessionUser } from '$lib/server/auth/session';
import type { Runtime } from '$lib/server/runtime';
import type { DB } from '$lib/server/db/open';

declare global {
	namespace App {
		interface Locals {
			runtime: Runtime;
			db: DB;
			user: SessionUser | null;
			session: Session | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
