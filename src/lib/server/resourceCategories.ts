/**
 * The resource categories (地域資源の分類) of a council. They belong to the council's settings
 * (`resourceCategories`, domain/council/settings.ts): createApp points `categoriesFor` at the council
 * settings store (useCategorySource); without an app (unit tests) every council uses the defaults.
 */
import { DEFAULT_RESOURCE_CATEGORIES, type SettingsItem } from '../domain/council/settings';

export type CategorySource = (councilId: string) => Promise<SettingsItem[]>;

let source: CategorySource = async () => DEFAULT_RESOURCE_CATEGORIES.map((c) => ({ ...c }));

/** The council's resource categories, in its order. */
export function categoriesFor(councilId: string): Promise<SettingsItem[]> {
	return source(councilId);
}

/** Point the categories at the council settings store (createApp, app.ts). */
export function useCategorySource(next: CategorySource): void {
	source = next;
}
