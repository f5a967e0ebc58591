/**
 * What the open-data catalogue says of the deployment (/open/catalog.jsonld): who publishes it,
 * how to reach them, and under which licence. Read once from the environment (config.ts).
 */
export interface OpenDataConfig {
	/** The publishing agency's name in Thai and English (`OPEN_DATA_PUBLISHER`, `OPEN_DATA_PUBLISHER_EN`); the app's name when unset. */
	publisher: { th: string | undefined; en: string | undefined };
	/** The agency's web site (`OPEN_DATA_PUBLISHER_URL`); this site when unset. */
	publisherUrl: string | undefined;
	/** An e-mail address for questions about the data (`OPEN_DATA_CONTACT_EMAIL`). */
	contactEmail: string | undefined;
	/** The licence's URL and title (`OPEN_DATA_LICENSE_URL`, `OPEN_DATA_LICENSE_TITLE`). */
	license: { url: string; title: string };
}

/** CC BY 4.0, titled as CKAN's licence register titles its `cc-by` entry, so a harvest maps it. */
export const DEFAULT_LICENSE = { url: 'https://creativecommons.org/licenses/by/4.0/', title: 'Creative Commons Attribution' };

export function readOpenDataConfig(env: Record<string, string | undefined>): OpenDataConfig {
	const url = env.OPEN_DATA_LICENSE_URL?.trim();
	return {
		publisher: { th: env.OPEN_DATA_PUBLISHER?.trim() || undefined, en: env.OPEN_DATA_PUBLISHER_EN?.trim() || undefined },
		publisherUrl: env.OPEN_DATA_PUBLISHER_URL?.trim() || undefined,
		contactEmail: env.OPEN_DATA_CONTACT_EMAIL?.trim() || undefined,
		license: url ? { url, title: env.OPEN_DATA_LICENSE_TITLE?.trim() || url } : DEFAULT_LICENSE
	};
}
