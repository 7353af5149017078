/** Who is on the other end of a socket, decided before the websocket upgrade. */
import type { StaffRole } from '../auth/staff';

export type Principal =
	| { kind: 'staff'; userId: string; role: StaffRole; name: string }
	| { kind: 'participant'; participantId: string; workshopId: string; nickname: string | null; muted: boolean }
	| { kind: 'display'; workshopId: string };

/** Staff may write Yjs updates; displays and participants may not. */
export const canWriteDoc = (p: Principal) => p.kind === 'staff';
