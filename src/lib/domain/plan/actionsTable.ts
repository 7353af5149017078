/**
 * The actions table as the actions page shows it (取り組み): every action of the plan document with its 課題
 * followed through merges (an action of an issue merged into another is shown under that one), and the
 * priority issues it is grouped by. One reader for the server's first render and the page's live copy of
 * `plan.<id>`, so both show the same table. Also: whether the action a person is editing was changed by
 * someone else since the form was opened. Pure: no IO.
 */
import type * as Y from 'yjs';
import { readActions, changedFields, ACTION_FIELDS, type Action, type ActionField, type ActionFields } from './actions';
import { issueRoots, priorityIssues } from './issues';

/** A 課題 actions are written for: a priority issue (重点), by id and title. */
export type IssueRef = { id: string; title: string };

export type ActionsTable = { actions: Action[]; issues: IssueRef[] };

/** The plan's priority issues as listed (none merged into another), in the plan's order. */
export function issueRefs(doc: Y.Doc): IssueRef[] {
	return priorityIssues(doc).map((i) => ({ id: i.id, title: i.title }));
}

/** Every action (its issue followed through merges) and the priority issues, as the table shows them. */
export function readActionsTable(doc: Y.Doc): ActionsTable {
	const roots = issueRoots(doc);
	return {
		actions: readActions(doc).map((a) => ({ ...a, issueId: roots.get(a.issueId) ?? a.issueId })),
		issues: issueRefs(doc)
	};
}

const fieldsOf = (a: Action): ActionFields => Object.fromEntries(ACTION_FIELDS.map((f) => [f, a[f]])) as ActionFields;

/**
 * What happened to the action under edit since its form was opened with `opened`: nothing, changed (the
 * fields that differ now), or removed. `now` is the action as the live document has it (null: gone).
 */
export type EditDrift = { kind: 'same' } | { kind: 'changed'; fields: ActionField[] } | { kind: 'removed' };

export function editDrift(opened: Action, now: Action | null): EditDrift {
	if (!now) return { kind: 'removed' };
	const fields = Object.keys(changedFields(fieldsOf(opened), fieldsOf(now))) as ActionField[];
	return fields.length === 0 ? { kind: 'same' } : { kind: 'changed', fields };
}

/**
 * The 担い手 suggestions: the district's resources (地域資源) by name and the groups already named in the plan,
 * each once (trimmed, blanks dropped), sorted in Japanese order.
 */
export function responsibleSuggestions(resourceNames: readonly string[], planResponsible: readonly string[]): string[] {
	const names = new Set([...resourceNames, ...planResponsible].map((n) => n.trim()).filter(Boolean));
	return [...names].sort((a, b) => a.localeCompare(b, 'ja'));
}
