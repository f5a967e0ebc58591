import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsonld from 'jsonld';
import { Parser, type Quad } from 'n3';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createProject } from '../../src/lib/server/projects/projects.ts';
import { DATASET_NAMES } from '../../src/lib/server/open-data/datasets.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeUser } from '../helpers/db.ts';
import { client } from '../helpers/http.ts';

/**
 * A CKAN harvest, simulated: what ckanext-dcat's DCAT-AP profile reads from /open/catalog.jsonld
 * (and the same graph as Turtle), checked against the database of a running server — every
 * published project's datasets are in it, nothing unpublished is, every dataset has the fields
 * a harvest needs, and every distribution URL answers with the media type it declares.
 */

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

let server: AppServer;
let db: DB;
let englishId: string;
let privateId: string;

beforeAll(async () => {
	server = await startAppServer();
	db = openDatabase(server.databasePath);
	const facilitator = await makeUser(db, 'facilitator');
	englishId = (
		await createProject(
			db,
			{
				title: 'ทางเท้าที่เดินได้',
				challenge: 'ทำอย่างไรให้ทางเท้าหน้าโรงเรียนเดินได้ปลอดภัย',
				titleEn: 'Walkable pavements',
				challengeEn: 'How might we make the pavement outside schools safe to walk on?',
				agency: 'สำนักงานเขตทดสอบ',
				tags: 'ทางเท้า, โรงเรียน',
				visibility: 'published'
			},
			facilitator
		)
	).id;
	privateId = (
		await createProject(
			db,
			{ title: 'ยังไม่เผยแพร่', challenge: 'โจทย์ภายในที่ยังไม่เปิดเผยต่อสาธารณะ', agency: 'กรมทดสอบ', tags: 'ลับ', visibility: 'private' },
			facilitator
		)
	).id;
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

/** The catalogue's triples, from its JSON-LD read by a JSON-LD processor (as a harvester does). */
async function harvestJsonLd(): Promise<Quad[]> {
	const response = await client(server).get('/open/catalog.jsonld');
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toMatch(/^application\/ld\+json/);
	expect(response.headers.get('access-control-allow-origin')).toBe('*');
	const doc = await response.json();
	const nquads = (await jsonld.toRDF(doc, { format: 'application/n-quads' })) as unknown as string;
	return new Parser({ format: 'N-Quads' }).parse(nquads);
}

class Graph {
	readonly quads: Quad[];
	constructor(quads: Quad[]) {
		this.quads = quads;
	}
	objects(subject: string, predicate: string): Quad['object'][] {
		return this.quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object);
	}
	values(subject: string, predicate: string): string[] {
		return this.objects(subject, predicate).map((o) => o.value);
	}
	subjectsOfType(type: string): string[] {
		return this.quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === type).map((q) => q.subject.value);
	}
}

const canonical = (quads: Quad[]) =>
	quads
		.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}@${'language' in q.object ? q.object.language : ''}`)
		.sort();

describe('the open-data catalogue (DCAT-AP, for CKAN)', () => {
	it('holds every dataset of every published project and nothing of an unpublished one', async () => {
		const graph = new Graph(await harvestJsonLd());
		const catalogs = graph.subjectsOfType(`${DCAT}Catalog`);
		expect(catalogs).toEqual([`${server.url}/open/catalog`]);
		const inCatalog = graph.values(catalogs[0]!, `${DCAT}dataset`).sort();
		expect(graph.subjectsOfType(`${DCAT}Dataset`).sort()).toEqual(inCatalog);

		const published = await db.selectFrom('projects').select('id').where('visibility', '=', 'published').execute();
		expect(published.map((p) => p.id)).toContain(englishId);
		const landingPages = new Set(inCatalog.flatMap((d) => graph.values(d, `${DCAT}landingPage`)));
		for (const { id } of published) expect(landingPages, id).toContain(`${server.url}/open/${id}`);
		expect(inCatalog).toContain(`${server.url}/open#dataset-projects`);
		for (const name of DATASET_NAMES) {
			expect(inCatalog).toContain(`${server.url}/open/${englishId}#dataset-${name}`);
		}
		const everything = graph.quads.map((q) => `${q.subject.value} ${q.object.value}`).join('\n');
		expect(everything).not.toContain(privateId);
		expect(everything).not.toContain('ยังไม่เผยแพร่');
		expect(everything).not.toContain('ลับ');
	});

	it('gives every dataset what a harvest needs: titles in Thai and English, publisher, licence, times, distributions', async () => {
		const graph = new Graph(await harvestJsonLd());
		const datasets = graph.subjectsOfType(`${DCAT}Dataset`);
		expect(datasets.length).toBeGreaterThan(5);
		for (const dataset of datasets) {
			const titles = graph.objects(dataset, `${DCT}title`);
			expect(titles.map((t) => (t as { language: string }).language).sort(), dataset).toEqual(['en', 'th']);
			expect(graph.values(dataset, `${DCT}description`).length, dataset).toBe(2);
			expect(graph.values(dataset, `${DCT}identifier`), dataset).toEqual([dataset]);
			expect(graph.values(dataset, `${DCT}publisher`), dataset).toEqual([`${server.url}/open/catalog#publisher`]);
			expect(graph.values(dataset, `${DCAT}contactPoint`).length, dataset).toBe(1);
			for (const time of ['issued', 'modified']) {
				const [value] = graph.objects(dataset, `${DCT}${time}`);
				expect((value as { datatype: { value: string } }).datatype.value, dataset).toBe('http://www.w3.org/2001/XMLSchema#dateTime');
				expect(Number.isNaN(Date.parse(value!.value)), dataset).toBe(false);
			}
			const [period] = graph.values(dataset, `${DCT}temporal`);
			expect(graph.values(period!, `${DCAT}startDate`)[0]! <= graph.values(period!, `${DCAT}endDate`)[0]!, dataset).toBe(true);
			const distributions = graph.values(dataset, `${DCAT}distribution`);
			expect(distributions.length, dataset).toBe(2);
			for (const distribution of distributions) {
				expect(graph.values(distribution, `${DCAT}downloadURL`).length, distribution).toBe(1);
				expect(graph.values(distribution, `${DCAT}mediaType`)[0], distribution).toMatch(/^http:\/\/www\.iana\.org\/assignments\/media-types\//);
				expect(graph.values(distribution, `${DCT}license`), distribution).toEqual(['https://creativecommons.org/licenses/by/4.0/']);
				expect(graph.values(distribution, `${DCT}conformsTo`).length, distribution).toBe(1);
			}
		}
		const publisher = `${server.url}/open/catalog#publisher`;
		expect(graph.subjectsOfType(`${FOAF}Organization`)).toContain(publisher);
		expect(graph.values(publisher, `${FOAF}name`).length).toBe(2);
	});

	it("uses a project's English title where it has one, and its tags as keywords", async () => {
		const graph = new Graph(await harvestJsonLd());
		const dataset = `${server.url}/open/${englishId}#dataset-prototypes`;
		const english = graph.objects(dataset, `${DCT}title`).find((t) => (t as { language: string }).language === 'en')!;
		const thai = graph.objects(dataset, `${DCT}title`).find((t) => (t as { language: string }).language === 'th')!;
		expect(english.value).toContain('Walkable pavements');
		expect(thai.value).toContain('ทางเท้าที่เดินได้');
		expect(graph.values(dataset, `${DCAT}keyword`).sort()).toEqual(['ทางเท้า', 'โรงเรียน']);
	});

	it('answers every distribution URL with the media type and byte size it declares', async () => {
		const graph = new Graph(await harvestJsonLd());
		const distributions = graph.subjectsOfType(`${DCAT}Distribution`);
		expect(distributions.length).toBe(graph.subjectsOfType(`${DCAT}Dataset`).length * 2);
		for (const distribution of distributions) {
			const [url] = graph.values(distribution, `${DCAT}downloadURL`);
			const mediaType = graph.values(distribution, `${DCAT}mediaType`)[0]!.replace('http://www.iana.org/assignments/media-types/', '');
			const response = await fetch(url!);
			expect(response.status, url).toBe(200);
			expect(response.headers.get('content-type')!.split(';')[0], url).toBe(mediaType);
			const bytes = (await response.arrayBuffer()).byteLength;
			expect(String(bytes), url).toBe(graph.values(distribution, `${DCAT}byteSize`)[0]);
		}
	});

	it('serves a data dictionary for every dataset, describing each of its columns in Thai and English', async () => {
		const graph = new Graph(await harvestJsonLd());
		for (const distribution of graph.subjectsOfType(`${DCAT}Distribution`)) {
			if (!graph.values(distribution, `${DCAT}mediaType`)[0]!.endsWith('/json')) continue;
			const [schemaUrl] = graph.values(distribution, `${DCT}conformsTo`);
			const schema = (await (await fetch(schemaUrl!)).json()) as {
				fields: { name: string; type: string; description: string; description_en: string }[];
			};
			const data = (await (await fetch(graph.values(distribution, `${DCAT}downloadURL`)[0]!)).json()) as { columns: string[] };
			expect(
				schema.fields.map((f) => f.name),
				schemaUrl
			).toEqual(data.columns);
			for (const field of schema.fields) {
				expect(field.description, `${schemaUrl} ${field.name}`).toMatch(/[\u0E00-\u0E7F]/);
				expect(field.description_en, `${schemaUrl} ${field.name}`).toMatch(/^[A-Za-z]/);
			}
		}
		expect((await client(server).get(`/open/${privateId}/prototypes.schema.json`)).status).toBe(404);
	});

	it('says the same in Turtle as in JSON-LD', async () => {
		const fromJsonLd = canonical(await harvestJsonLd());
		const response = await client(server).get('/open/catalog.ttl');
		expect(response.headers.get('content-type')).toMatch(/^text\/turtle/);
		const fromTurtle = canonical(new Parser({ format: 'Turtle', baseIRI: server.url }).parse(await response.text()));
		expect(fromTurtle).toEqual(fromJsonLd);
	});
});
