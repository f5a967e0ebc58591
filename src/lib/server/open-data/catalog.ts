import type { DB } from '../db/open.ts';
import { findProjectById } from '../projects/projects.ts';
import { listPublishedProjects } from '../projects/published.ts';
import { localizedChallenge, localizedTitle, type ProjectSummary } from '../../domain/projects.ts';
import { DATASET_NAMES, projectDataset, projectsDataset, type Dataset, type DatasetName, type SectionNamer } from './datasets.ts';
import { datasetFile } from './respond.ts';
import type { OpenDataConfig } from './config.ts';
import { iri, text, typed, type Curie, type RdfNode, type Term } from './rdf.ts';
import { m } from '$lib/paraglide/messages.js';

/**
 * The open-data catalogue in DCAT-AP, as ckanext-dcat's DCAT-AP profiles read it (its
 * `euro_dcat_ap_base.py` parser): a dcat:Catalog published by the deployment's agency, holding
 * every published project's datasets (and one of every published project). Each dataset has a
 * title and description in Thai and English (the project's English ones where it has them),
 * keywords (its tags), issued and modified times, a temporal coverage, a publisher and a
 * creator (the project's agency), a contact point, a landing page, a data dictionary
 * (foaf:page, and dct:conformsTo on each distribution: a Frictionless Table Schema), and two
 * distributions, CSV and JSON, each with its download URL, IANA media type, format, byte size
 * and licence (ckanext-dcat reads the licence from the distributions). Every node is named by
 * a stable IRI under the site's origin: the project's public page with a fragment.
 */

const LANGUAGES = ['th', 'en'] as const;
type Lang = (typeof LANGUAGES)[number];
const EU_LANGUAGE = {
	th: 'http://publications.europa.eu/resource/authority/language/THA',
	en: 'http://publications.europa.eu/resource/authority/language/ENG'
};
const PUBLIC_ACCESS = 'http://publications.europa.eu/resource/authority/access-right/PUBLIC';
const MEDIA_TYPES = { csv: 'text/csv', json: 'application/json' } as const;
export type Format = keyof typeof MEDIA_TYPES;
export const FORMATS = Object.keys(MEDIA_TYPES) as Format[];

/** The IANA IRI of a media type, as DCAT-AP names them. */
export function mediaTypeIri(format: Format): string {
	return `http://www.iana.org/assignments/media-types/${MEDIA_TYPES[format]}`;
}

const node = (id: string, types: Curie[], properties: [Curie, Term][]): RdfNode => ({ id, types, properties });
const both = (predicate: Curie, say: (lang: Lang) => string): [Curie, Term][] => LANGUAGES.map((lang) => [predicate, text(say(lang), lang)]);
const dateTime = (ms: number) => typed(new Date(ms).toISOString(), 'xsd:dateTime');
const date = (ms: number) => typed(new Date(ms).toISOString().slice(0, 10), 'xsd:date');

function datasetTitle(name: DatasetName, lang: Lang): string {
	const locale = { locale: lang };
	switch (name) {
		case 'projects':
			return m.open_dataset_project({}, locale);
		case 'stages':
			return m.open_dataset_stages({}, locale);
		case 'prototypes':
			return m.open_dataset_prototypes({}, locale);
		case 'feedback':
			return m.open_dataset_feedback({}, locale);
		case 'boards':
			return m.pub_dataset_boards({}, locale);
		case 'participation':
			return m.pt_dataset_participation({}, locale);
	}
}

function datasetDescription(name: DatasetName, lang: Lang): string {
	const locale = { locale: lang };
	switch (name) {
		case 'projects':
			return m.api_ds_projects_description({}, locale);
		case 'stages':
			return m.api_ds_stages_description({}, locale);
		case 'prototypes':
			return m.api_ds_prototypes_description({}, locale);
		case 'feedback':
			return m.api_ds_feedback_description({}, locale);
		case 'boards':
			return m.api_ds_boards_description({}, locale);
		case 'participation':
			return m.api_ds_participation_description({}, locale);
	}
}

export interface CatalogContext {
	db: DB;
	origin: string;
	config: OpenDataConfig;
	/** How the boards dataset names sections (the reader's language, as its download does). */
	sectionName?: SectionNamer;
	now?: number;
}

/** The latest time a dataset's rows speak of, if any. */
function latestIn(dataset: Dataset<any>): number | null {
	const times: number[] = [];
	for (const row of dataset.rows as Record<string, unknown>[]) {
		for (const key of ['updatedAt', 'changedAt', 'statusChangedAt', 'latestDecisionAt', 'publishedAt']) {
			const value = row[key];
			if (typeof value === 'number') times.push(value);
		}
	}
	return times.length > 0 ? Math.max(...times) : null;
}

/** When citizens last answered in the project's rounds (the feedback dataset changes then). */
async function latestResponse(db: DB, projectId: string): Promise<number | null> {
	const row = await db
		.selectFrom('feedback_responses')
		.innerJoin('feedback_rounds', 'feedback_rounds.id', 'feedback_responses.round_id')
		.innerJoin('prototypes', 'prototypes.id', 'feedback_rounds.prototype_id')
		.select((eb) => eb.fn.max('feedback_responses.submitted_at').as('latest'))
		.where('prototypes.project_id', '=', projectId)
		.executeTakeFirst();
	return row?.latest == null ? null : Number(row.latest);
}

/** When citizens last took part in the project's calls: stories, ideas, or supports of them. */
async function latestParticipation(db: DB, projectId: string): Promise<number | null> {
	const entries = await db
		.selectFrom('participation_entries')
		.innerJoin('participation_calls', 'participation_calls.id', 'participation_entries.call_id')
		.select((eb) => eb.fn.max('participation_entries.submitted_at').as('latest'))
		.where('participation_calls.project_id', '=', projectId)
		.executeTakeFirst();
	const supports = await db
		.selectFrom('participation_supports')
		.innerJoin('participation_entries', 'participation_entries.id', 'participation_supports.entry_id')
		.innerJoin('participation_calls', 'participation_calls.id', 'participation_entries.call_id')
		.select((eb) => eb.fn.max('participation_supports.created_at').as('latest'))
		.where('participation_calls.project_id', '=', projectId)
		.executeTakeFirst();
	const times = [entries?.latest, supports?.latest].filter((t) => t != null).map(Number);
	return times.length > 0 ? Math.max(...times) : null;
}

/** When a dataset last changed, as far as its rows or its sources tell. */
async function latestChange(db: DB, projectId: string, name: DatasetName, dataset: Dataset<any>): Promise<number | null> {
	switch (name) {
		case 'feedback':
			return latestResponse(db, projectId);
		case 'participation': {
			const times = [await latestResponse(db, projectId), await latestParticipation(db, projectId)].filter((t) => t != null);
			return times.length > 0 ? Math.max(...times) : null;
		}
		default:
			return latestIn(dataset);
	}
}

/** The URLs of one dataset: its files, its data dictionary, its node's IRI. */
export function datasetUrls(origin: string, projectId: string | null, name: DatasetName) {
	const base = projectId ? `${origin}/open/${projectId}/${name}` : `${origin}/open/projects`;
	return {
		id: projectId ? `${origin}/open/${projectId}#dataset-${name}` : `${origin}/open#dataset-projects`,
		landingPage: projectId ? `${origin}/open/${projectId}` : `${origin}/open`,
		file: (format: Format) => `${base}.${format}`,
		schema: `${base}.schema.json`
	};
}

interface DatasetFacts {
	projectId: string | null;
	name: DatasetName;
	dataset: Dataset<any>;
	title: (lang: Lang) => string;
	description: (lang: Lang) => string;
	keywords: string[];
	creator: string | null;
	issued: number;
	modified: number;
}

function datasetNode(facts: DatasetFacts, shared: { publisher: RdfNode; contact: RdfNode; license: RdfNode; origin: string }): RdfNode {
	const urls = datasetUrls(shared.origin, facts.projectId, facts.name);
	const temporal = node(
		`${urls.id}-period`,
		['dct:PeriodOfTime'],
		[
			['dcat:startDate', date(facts.issued)],
			['dcat:endDate', date(facts.modified)],
			// DCAT-AP 1 readers (ckanext-dcat's euro_dcat_ap profile) take the period from schema.org.
			['schema:startDate', date(facts.issued)],
			['schema:endDate', date(facts.modified)]
		]
	);
	const distributions = FORMATS.map((format) =>
		node(
			`${urls.id}-${format}`,
			['dcat:Distribution'],
			[
				...both('dct:title', (lang) => `${facts.title(lang)} (${format.toUpperCase()})`),
				['dcat:downloadURL', iri(urls.file(format))],
				['dcat:accessURL', iri(urls.file(format))],
				['dcat:mediaType', iri(mediaTypeIri(format))],
				['dct:format', text(format.toUpperCase())],
				['dcat:byteSize', typed(String(Buffer.byteLength(datasetFile(facts.dataset, format))), 'xsd:nonNegativeInteger')],
				['dct:license', { node: shared.license }],
				['dct:conformsTo', iri(urls.schema)],
				['dct:issued', dateTime(facts.issued)],
				['dct:modified', dateTime(facts.modified)]
			]
		)
	);
	return node(
		urls.id,
		['dcat:Dataset'],
		[
			...both('dct:title', facts.title),
			...both('dct:description', facts.description),
			['dct:identifier', text(urls.id)],
			...facts.keywords.map((keyword): [Curie, Term] => ['dcat:keyword', text(keyword, 'th')]),
			['dct:issued', dateTime(facts.issued)],
			['dct:modified', dateTime(facts.modified)],
			['dct:temporal', { node: temporal }],
			['dct:publisher', { node: shared.publisher }],
			...(facts.creator
				? [
						['dct:creator', { node: node(`${urls.landingPage}#agency`, ['foaf:Organization'], [['foaf:name', text(facts.creator, 'th')]]) }] as [
							Curie,
							Term
						]
					]
				: []),
			['dcat:contactPoint', { node: shared.contact }],
			['dcat:landingPage', iri(urls.landingPage)],
			['foaf:page', iri(urls.schema)],
			['dct:accessRights', iri(PUBLIC_ACCESS)],
			...LANGUAGES.map((lang): [Curie, Term] => ['dct:language', iri(EU_LANGUAGE[lang])]),
			...distributions.map((distribution): [Curie, Term] => ['dcat:distribution', { node: distribution }])
		]
	);
}

/** The datasets of one published project, with what the catalogue says of each. */
async function projectFacts(context: CatalogContext, summary: ProjectSummary): Promise<DatasetFacts[]> {
	const project = await findProjectById(context.db, summary.id);
	if (!project) return [];
	const facts: DatasetFacts[] = [];
	for (const name of DATASET_NAMES) {
		const dataset = await projectDataset(context.db, project.id, name, context.sectionName);
		if (!dataset) continue;
		const latest = await latestChange(context.db, project.id, name, dataset);
		facts.push({
			projectId: project.id,
			name,
			dataset,
			title: (lang) => `${datasetTitle(name, lang)} · ${localizedTitle(project, lang)}`,
			description: (lang) => `${datasetDescription(name, lang)}\n\n${localizedChallenge(project, lang)}`,
			keywords: project.tags,
			creator: project.agency,
			issued: project.createdAt,
			modified: Math.max(project.updatedAt, latest ?? 0)
		});
	}
	return facts;
}

/** The whole catalogue as an RDF tree (rdf.ts writes it as JSON-LD or Turtle). */
export async function buildCatalog(context: CatalogContext): Promise<RdfNode> {
	const { origin, config } = context;
	const publisherName = (lang: Lang) =>
		(lang === 'th' ? config.publisher.th : (config.publisher.en ?? config.publisher.th)) ?? m.app_name({}, { locale: lang });
	const homepage = config.publisherUrl ?? `${origin}/`;
	const publisher = node(
		`${origin}/open/catalog#publisher`,
		['foaf:Organization', 'foaf:Agent'],
		[
			...both('foaf:name', publisherName),
			['foaf:homepage', iri(homepage)],
			...(config.contactEmail ? [['foaf:mbox', iri(`mailto:${config.contactEmail}`)] as [Curie, Term]] : [])
		]
	);
	const contact = node(
		`${origin}/open/catalog#contact`,
		['vcard:Organization', 'vcard:Kind'],
		[
			...both('vcard:fn', publisherName),
			['vcard:hasURL', iri(`${origin}/open`)],
			...(config.contactEmail ? [['vcard:hasEmail', iri(`mailto:${config.contactEmail}`)] as [Curie, Term]] : [])
		]
	);
	const license = node(
		config.license.url,
		['dct:LicenseDocument'],
		[
			['dct:title', text(config.license.title)],
			['rdfs:label', text(config.license.title)]
		]
	);
	const shared = { publisher, contact, license, origin };

	const published = await listPublishedProjects(context.db);
	const facts: DatasetFacts[] = [];
	if (published.length > 0) {
		const all = await projectsDataset(context.db);
		facts.push({
			projectId: null,
			name: 'projects',
			dataset: all,
			title: (lang) => m.api_ds_all_projects_title({}, { locale: lang }),
			description: (lang) => m.api_ds_all_projects_description({}, { locale: lang }),
			keywords: [...new Set(published.flatMap((p) => p.tags))],
			creator: null,
			issued: Math.min(...(await Promise.all(published.map(async (p) => (await findProjectById(context.db, p.id))?.createdAt ?? p.updatedAt)))),
			modified: Math.max(...published.map((p) => p.updatedAt))
		});
	}
	for (const project of published) facts.push(...(await projectFacts(context, project)));

	const modified = facts.length > 0 ? Math.max(...facts.map((f) => f.modified)) : (context.now ?? Date.now());
	return node(
		`${origin}/open/catalog`,
		['dcat:Catalog'],
		[
			...both('dct:title', (lang) => m.api_catalog_title({ name: publisherName(lang) }, { locale: lang })),
			...both('dct:description', (lang) => m.api_catalog_description({}, { locale: lang })),
			['dct:publisher', { node: publisher }],
			['foaf:homepage', iri(`${origin}/open`)],
			['dct:license', { node: license }],
			...LANGUAGES.map((lang): [Curie, Term] => ['dct:language', iri(EU_LANGUAGE[lang])]),
			['dct:modified', dateTime(modified)],
			...facts.map((f): [Curie, Term] => ['dcat:dataset', { node: datasetNode(f, shared) }])
		]
	);
}
