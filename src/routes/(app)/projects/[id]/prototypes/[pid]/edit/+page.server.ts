import { redirect } from '@sveltejs/kit';
import { requirePrototype } from '$lib/server/prototypes/guard';
import { listOwnerChoices, prototypeInputFrom, updatePrototype } from '$lib/server/prototypes/prototypes';
import { FIDELITIES } from '$lib/domain/prototype-lifecycle';
import { handlePrototypeForm } from '$lib/server/prototypes/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { access, prototype } = await requirePrototype(event, 'edit');
	return { prototype, owners: await listOwnerChoices(event.locals.db, access.projectId), fidelities: FIDELITIES };
};

export const actions: Actions = {
	default: async (event) => {
		const { access, prototype } = await requirePrototype(event, 'edit');
		const data = await event.request.formData();
		const result = await handlePrototypeForm(data, () => updatePrototype(event.locals.db, prototype.id, prototypeInputFrom(data)));
		if (!result.ok) return result.failure;
		redirect(303, `/projects/${access.projectId}/prototypes/${prototype.id}?saved=1`);
	}
};
