/** Who is on the other end of a socket, decided before the websocket upgrade. */
import type { StaffRole } from '../auth/staff';

export type StaffPrincipal = { kind: 'staff'; userId: string; role: StaffRole; name: string };

export type Principal =
	| StaffPrincipal
	| { kind: 'participant'; participantId: string; workshopId: string; nickname: string | null; muted: boolean }
	| { kind: 'display'; workshopId: string };

/** The principal of a signed-in staff member. */
export const staffPrincipal = (u: { id: string; role: StaffRole; name: string }): StaffPrincipal => ({ kind: 'staff', userId: u.id, role: u.role, name: u.name });
