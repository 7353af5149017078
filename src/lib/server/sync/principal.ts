/** Who is on the other end of a socket, decided before the websocket upgrade. */
import type { StaffRole } from '../auth/staff';

export type Principal =
	| { kind: 'staff'; userId: string; role: StaffRole; name: string }
	| { kind: 'participant'; participantId: string; workshopId: string; nickname: string | null; muted: boolean }
	| { kind: 'display'; workshopId: string };

/**
 * Facilitators and admins may write Yjs updates to a board. Editors (committee members who edit
 * the plan between workshops) see boards read-only: moderation and workshop controls live in the
 * board document, and editors may not moderate. Displays and participants never write.
 */
export const canWriteDoc = (p: Principal) => p.kind === 'staff' && p.role !== 'editor';
