/**
 * The plan snapshot's parts from 地区を知る, 将来像 and 振り返り (planSnapshot.ts): the district profile's
 * years (高齢化率 is computed by the document from population and aged65), the resources by the council's
 * categories (a contact only when it is public), and the text of 計画の推進と評価 from the council's
 * review scale and the reviews held. Pure: no IO.
 */
import type { DistrictProfile } from './profile';
import type { Resource } from './resources';
import type { ResourceCategory, SnapshotProfile, VisionBlock as SnapshotBlock } from './planSnapshot';
import type { VisionBlock } from './vision';
import type { ReviewScale, SettingsItem } from '../council/settings';
import { formatEraFiscalYear } from '../eraDate';

export function snapshotProfile(p: DistrictProfile | null): SnapshotProfile {
	if (!p) return { years: [], character: '' };
	return {
		years: p.years.map((y) => ({ year: y.year, population: y.population, households: y.households, aged65: y.aged65, associations: y.associations, welfareCommissioners: y.commissioners })),
		character: p.character
	};
}

/** The note printed beside a resource: place, what it does and, only if public, its contact. */
export function resourceNote(r: Pick<Resource, 'place' | 'what' | 'contact' | 'contactPublic'>): string {
	return [r.place, r.what, r.contactPublic && r.contact ? `連絡先：${r.contact}` : ''].filter((t) => t.trim() !== '').join('／');
}

/** The resources grouped by the council's categories, in its order (a category the council no longer has comes last as その他). */
export function snapshotResources(resources: readonly Resource[], categories: readonly SettingsItem[]): ResourceCategory[] {
	const known = new Set(categories.map((c) => c.id));
	const out: ResourceCategory[] = categories.map((c) => ({ id: c.id, label: c.label, resources: [] }));
	const other: ResourceCategory = { id: '', label: 'その他', resources: [] };
	for (const r of resources) {
		const into = known.has(r.category) ? out.find((c) => c.id === r.category)! : other;
		into.resources.push({ name: r.name, note: resourceNote(r) });
	}
	return other.resources.length ? [...out, other] : out;
}

/** 計画の推進と評価: how the plan is reviewed each year (the council's scale) and the reviews held so far. */
export function reviewText(scale: ReviewScale, held: readonly { fiscalYear: number; entries: number }[]): string {
	const levels = scale.levels.map((l) => `「${l.label}」`).join('');
	const lines = [
		`毎年度、取り組みごとに実施状況を振り返り、${levels}の${scale.levels.length}段階で評価します。`,
		'評価と住民の声をもとに、次の年度の取り組みを継続・拡充・見直し・終了のいずれかに決め、年次計画に反映します。'
	];
	const done = [...held].sort((a, b) => a.fiscalYear - b.fiscalYear).filter((h) => h.entries > 0);
	if (done.length) lines.push(`振り返りの実施：${done.map((h) => `${formatEraFiscalYear(h.fiscalYear)}（${h.entries}件の取り組み）`).join('、')}。`);
	return lines.join('\n');
}

/** The vision's explanation as the document prints it (a list item's runs as its plain text). */
export function snapshotVisionBlocks(blocks: readonly VisionBlock[]): SnapshotBlock[] {
	return blocks.map((b): SnapshotBlock => {
		if (b.type === 'heading') return { type: 'heading', level: b.level, text: b.text };
		if (b.type === 'paragraph') return { type: 'paragraph', runs: b.runs.map((r) => ({ ...r })) };
		const items = b.items.map((runs) => runs.map((r) => r.text).join(''));
		return b.levels ? { type: b.type, items, levels: [...b.levels] } : { type: b.type, items };
	});
}
