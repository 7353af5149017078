// Entry of the Word renderer thread: worker threads do not inherit the tsx loader the server runs
// under, so the TypeScript worker is loaded through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./docxRenderer.worker.ts', import.meta.url);
