/**
 * The resource categories (地域資源の分類) of a council. They belong to the council's settings
 * (`resourceCategories`, domain/council/settings.ts); until the settings store is wired in, every
 * council uses the defaults. This is the one place to re-point: `categoriesFor(councilId)`.
 */
import { DEFAULT_RESOURCE_CATEGORIES, type SettingsItem } from '../domain/council/settings';

export type CategorySource = (councilId: string) => Promise<SettingsItem[]>;

let source: CategorySource = async () => DEFAULT_RESOURCE_CATEGORIES.map((c) => ({ ...c }));

/** The council's resource categories, in its order. */
export function categoriesFor(councilId: string): Promise<SettingsItem[]> {
	return source(councilId);
}

/** Re-point the categories at the council settings store (app.ts): `useCategorySource((id) => settings.get(id).then((s) => s.resourceCategories))`. */
export function useCategorySource(next: CategorySource): void {
	source = next;
}
