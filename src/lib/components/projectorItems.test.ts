import { describe, it, expect } from 'vitest';
import { projectorItems, continuedTheme } from './projectorItems';
import type { Note } from '../domain/board/board';
import type { Theme } from '../domain/board/themes';

const note = (id: string, over: Partial<Note> = {}): Note => ({
	id, text: id, kind: 'concern', authorId: 'a', authorRole: 'participant', nickname: null, x: 0, y: 0, createdAt: 0, hidden: false, themeId: null, tableId: 'main', cell: null, actionId: null, ...over
});
const theme = (id: string, x: number, y: number): Theme => ({ id, title: id, catchphrase: '', tableId: 'main', x, y, createdAt: 0, priority: null, votes: null });

describe('projector items', () => {
	it('lists themes top to bottom, left to right, each with its notes, then free notes as written', () => {
		const themes = [theme('lower', 0, 900), theme('right', 800, 0), theme('left', 0, 10)];
		const notes = [
			note('late', { createdAt: 3 }),
			note('in-right', { themeId: 'right' }),
			note('early', { createdAt: 1 }),
			note('in-left', { themeId: 'left' }),
			note('orphan', { themeId: 'gone', createdAt: 2 })
		];
		const items = projectorItems(notes, themes);
		expect(items.map((i) => (i.kind === 'theme' ? `theme:${i.theme.id}:${i.count}` : i.note.id))).toEqual([
			'theme:left:1', 'in-left', 'theme:right:1', 'in-right', 'theme:lower:0', 'early', 'orphan', 'late'
		]);
		expect(continuedTheme(items, 1)?.id).toBe('left');
		expect(continuedTheme(items, 0)).toBeNull();
		expect(continuedTheme(items, 6)).toBeNull();
	});
});
