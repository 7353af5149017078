/**
 * The vision text's editor schema (将来像の説明文): StarterKit with only what the schema of
 * src/lib/domain/plan/vision.ts has (paragraphs, headings h2/h3, bold, bullet and ordered lists).
 * Everything else is off, and so is StarterKit's undo/redo: with Collaboration, undo is y-undo's,
 * which undoes one's own changes only. Used by the vision page (with Collaboration and its caret)
 * and, schema only, by the server (demo data) and the tests.
 */
import { StarterKit } from '@tiptap/starter-kit';
import { getSchema, type AnyExtension } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';

export function visionStarterKit(): AnyExtension {
	return StarterKit.configure({
		heading: { levels: [2, 3] },
		blockquote: false,
		code: false,
		codeBlock: false,
		hardBreak: false,
		horizontalRule: false,
		italic: false,
		strike: false,
		underline: false,
		link: false,
		undoRedo: false,
		dropcursor: false,
		gapcursor: false,
		trailingNode: false
	});
}

/** The ProseMirror schema of the vision text. */
export function visionSchema(): Schema {
	return getSchema([visionStarterKit()]);
}
