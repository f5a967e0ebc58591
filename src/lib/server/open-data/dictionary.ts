import type { Dataset, DatasetName } from './datasets.ts';
import { m } from '$lib/paraglide/messages.js';

/**
 * The data dictionary of the open datasets: each column's type and meaning, in Thai and
 * English, served as a Frictionless Table Schema (`/open/ID/NAME.schema.json`) and linked from
 * the catalogue as what each distribution conforms to. Columns are looked up by their CSV header,
 * so a column added to a dataset without a line here fails tests/integration/open-catalog.test.ts.
 */

/** Table Schema field types used here. */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'datetime' | 'date';

type Describe = (options: { locale: 'th' | 'en' }) => string;

interface ColumnMeaning {
	type: FieldType;
	describe: Describe;
}

const m_ = m as unknown as Record<string, (params: object, options: { locale: 'th' | 'en' }) => string>;
/** The catalogue's message `api_col_<dataset>_<header>`, in either language. */
const text =
	(key: string): Describe =>
	({ locale }) =>
		m_[`api_col_${key}`]!({}, { locale });

const col = (type: FieldType, key: string): ColumnMeaning => ({ type, describe: text(key) });

const DICTIONARY: Record<DatasetName, Record<string, ColumnMeaning>> = {
	projects: {
		project_id: col('string', 'project_id'),
		title: col('string', 'title_th'),
		title_en: col('string', 'title_en'),
		challenge: col('string', 'challenge'),
		challenge_en: col('string', 'challenge_en'),
		agency: col('string', 'agency'),
		stage: col('string', 'stage'),
		tags: col('string', 'tags'),
		updated_at: col('datetime', 'updated_at')
	},
	stages: {
		from_stage: col('string', 'from_stage'),
		to_stage: col('string', 'to_stage'),
		reason: col('string', 'reason'),
		changed_at: col('datetime', 'changed_at')
	},
	prototypes: {
		prototype_id: col('string', 'prototype_id'),
		title: col('string', 'prototype_title'),
		title_en: col('string', 'prototype_title_en'),
		what_it_is: col('string', 'what_it_is'),
		what_it_is_en: col('string', 'what_it_is_en'),
		who_it_is_for: col('string', 'who_it_is_for'),
		what_we_want_to_learn: col('string', 'what_we_want_to_learn'),
		fidelity: col('string', 'fidelity'),
		status: col('string', 'status'),
		status_since: col('datetime', 'status_since'),
		versions: col('integer', 'versions'),
		latest_test_starts: col('date', 'latest_test_starts'),
		latest_test_ends: col('date', 'latest_test_ends'),
		latest_decision: col('string', 'latest_decision'),
		latest_decision_at: col('datetime', 'latest_decision_at')
	},
	feedback: {
		round_id: col('string', 'round_id'),
		round: col('string', 'round'),
		round_en: col('string', 'round_en'),
		prototype: col('string', 'prototype'),
		version: col('integer', 'version'),
		question: col('string', 'question'),
		question_en: col('string', 'question_en'),
		question_kind: col('string', 'question_kind'),
		answer: col('string', 'answer'),
		answer_en: col('string', 'answer_en'),
		count: col('integer', 'count'),
		answered: col('integer', 'answered'),
		mean: col('number', 'mean')
	},
	boards: {
		board_id: col('string', 'board_id'),
		stage: col('string', 'board_stage'),
		published_at: col('datetime', 'published_at'),
		section_id: col('string', 'section_id'),
		section: col('string', 'section'),
		note_id: col('string', 'note_id'),
		text: col('string', 'note_text'),
		color: col('string', 'color'),
		from_citizen_feedback: col('boolean', 'from_citizen_feedback')
	},
	participation: {
		source: col('string', 'source'),
		call_or_round_id: col('string', 'call_or_round_id'),
		title: col('string', 'call_or_round'),
		title_en: col('string', 'call_or_round_en'),
		channel: col('string', 'channel'),
		count: col('integer', 'participation_count')
	}
};

export interface DictionaryField {
	name: string;
	type: FieldType;
	description: { th: string; en: string };
}

/** Every column of a dataset with its type and meaning, in the dataset's order. */
export function datasetDictionary(dataset: Pick<Dataset<any>, 'name' | 'columns'>): DictionaryField[] {
	const meanings = DICTIONARY[dataset.name as DatasetName];
	return dataset.columns.map((column) => {
		const meaning = meanings?.[column.header];
		if (!meaning) throw new Error(`the data dictionary has no column ${dataset.name}.${column.header}`);
		return {
			name: column.header,
			type: meaning.type,
			description: { th: meaning.describe({ locale: 'th' }), en: meaning.describe({ locale: 'en' }) }
		};
	});
}

/**
 * A dataset's Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/): its
 * fields in order, each with its type, a Thai description (the base language) and an English
 * one (`description_en`); an empty cell is a missing value.
 */
export function tableSchema(dataset: Pick<Dataset<any>, 'name' | 'columns'>): Record<string, unknown> {
	return {
		fields: datasetDictionary(dataset).map((field) => ({
			name: field.name,
			type: field.type,
			...(field.type === 'datetime' ? { format: 'default' } : {}),
			description: field.description.th,
			description_en: field.description.en
		})),
		missingValues: ['']
	};
}
