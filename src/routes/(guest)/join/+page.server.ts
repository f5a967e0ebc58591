import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { MAX_GUEST_NAME, redeemJoinCode } from '$lib/server/guests/join-codes';
import { redeemWorkshopJoinCode } from '$lib/server/guests/workshop-guests';
import { setGuestCookie } from '$lib/server/http/cookies';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({
	code: (url.searchParams.get('code') ?? '').slice(0, 20),
	left: url.searchParams.has('left')
});

export const actions: Actions = {
	/** A guest joins: code and name in, a guest cookie for that one board (or that workshop's boards) out. */
	default: async ({ request, locals, cookies, url, getClientAddress }) => {
		const data = await request.formData();
		const code = String(data.get('code') ?? '')
			.trim()
			.slice(0, 20);
		const name = String(data.get('name') ?? '')
			.normalize('NFC')
			.trim();
		const values = { code, name };
		if (!code || !name || [...name].length > MAX_GUEST_NAME) return fail(400, { message: m.board_join_error_fields(), values });
		// Only wrong codes count: a room of 40 on one Wi-Fi (one address) all get in, a guesser does not.
		const failures = locals.runtime.limiters.joinFailures;
		const address = getClientAddress();
		if ((await failures.peek(address)).remaining <= 0) return fail(429, { message: m.board_join_error_too_many(), values });
		// A board's code, else a workshop's (its boards, for its duration).
		const guest = (await redeemJoinCode(locals.db, { code, name })) ?? (await redeemWorkshopJoinCode(locals.db, { code, name }));
		if (!guest) {
			await failures.penalty(address);
			return fail(400, { message: m.board_join_error_code(), values });
		}
		setGuestCookie(cookies, url, guest.token, new Date(guest.expiresAt));
		redirect(303, '/guest');
	}
};
