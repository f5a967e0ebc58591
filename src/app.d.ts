import type { Session, SessionUser } from '$lib/server/auth/session';
import type { Runtime } from '$lib/server/runtime';
import type { DB } from '$lib/server/db/open';
import type { GuestIdentity } from '$lib/server/auth/identity';

declare global {
	namespace App {
		interface Locals {
			runtime: Runtime;
			/** The request's id (X-Request-Id), in every log line about it. */
			requestId: string;
			db: DB;
			user: SessionUser | null;
			session: Session | null;
			/** A guest's cookie, checked: what they may reach and until when. */
			guest: GuestIdentity | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
