/** Server-side validation of participant operations (zod); the TypeScript type lives in messages.ts. */
import { z } from 'zod';
import { CLIENT_ID_PATTERN, ITEM_ID_PATTERN } from '../domain/ids';
import type { ParticipantOp } from './messages';

const clientId = z.string().regex(CLIENT_ID_PATTERN);
// Things staff created (themes, notes, tables): any short URL-safe id that is no Object.prototype name.
const itemId = z.string().regex(ITEM_ID_PATTERN);
// Texts are checked precisely by the domain (length after trimming, control characters);
// the bound here only stops absurd payloads early.
const rawText = z.string().max(2000);

// A cell of the action grid: ids of rows and columns staff or the council created.
const cell = z.object({ row: itemId, column: itemId }).strict();

export const ParticipantOpSchema = z.discriminatedUnion('op', [
	z.object({ op: z.literal('note.add'), id: clientId, text: rawText, kind: z.string().max(40), cell: cell.optional() }).strict(),
	z.object({ op: z.literal('note.edit'), id: clientId, noteId: clientId, text: rawText }).strict(),
	z.object({ op: z.literal('note.delete'), id: clientId, noteId: clientId }).strict(),
	z.object({ op: z.literal('vote.set'), id: clientId, itemId: itemId, dots: z.number().int().min(0).max(10), roundId: z.string().max(40).optional() }).strict(),
	z.object({ op: z.literal('table.choose'), id: clientId, tableId: itemId }).strict(),
	// category: an id of the council's settings, checked against the board's list by the domain
	z.object({ op: z.literal('resource.propose'), id: clientId, category: itemId, name: rawText, place: rawText, what: rawText }).strict(),
	z.object({ op: z.literal('review.rate'), id: clientId, actionId: itemId, value: z.string().max(10), comment: rawText }).strict()
]) satisfies z.ZodType<ParticipantOp>;
