import { m } from '$lib/paraglide/messages.js';
import { lastOpenMoment, type Round } from '../../domain/feedback.ts';
import type { PosterContent } from './poster/poster.ts';

/** What a round's poster says: Thai first, English beneath when the round offers it. */
export function posterContent(round: Round, options: { origin: string; agency: string }): PosterContent {
	const th = { locale: 'th' as const };
	const en = { locale: 'en' as const };
	const english = round.languages.includes('en');
	const link = `${options.origin}/f/${round.slug}`;
	const until = (locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'Asia/Bangkok' }).format(lastOpenMoment(round));
	return {
		brand: `${m.app_name({}, th)} · Prachalab`,
		headline: m.fb_poster_headline({}, th),
		headlineSecond: english ? m.fb_poster_headline({}, en) : undefined,
		title: round.title.th,
		titleSecond: english ? round.title.en : undefined,
		scanLine: english ? `${m.fb_poster_scan({}, th)} · ${m.fb_poster_scan({}, en)}` : m.fb_poster_scan({}, th),
		qrUrl: `${link}?via=qr`,
		shortLink: link.replace(/^https?:\/\//, ''),
		details: [
			`${m.fb_poster_no_account({}, th)} ${m.fb_poster_until({ date: until('th-TH-u-ca-buddhist') }, th)}`,
			...(english ? [`${m.fb_poster_no_account({}, en)} ${m.fb_poster_until({ date: until('en-GB') }, en)}`] : [])
		],
		footer: `${options.agency} · ${m.fb_poster_footer({}, th)}`,
		documentTitle: `${round.title.th} · ${m.app_name({}, th)}`
	};
}
