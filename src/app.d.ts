import type { StaffUser } from '$lib/server/auth/staff';

declare global {
	namespace App {
		interface Locals {
			user: StaffUser | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
