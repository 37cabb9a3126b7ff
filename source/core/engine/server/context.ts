import type {Backend} from '../../backend/backend.js';
import type {RunTracker} from './no-process.js';
import type {ApiRequest} from './request.js';

/** What every handler works on: the backend it serves (the store), reached only through the Backend seam. */
export type ServeContext = {
	backend: Backend;
	/** `Server` header and `version`'s words, e.g. `dockyard/0.1.0`. */
	product: string;
	productVersion: string;
	/** Open event streams: ended when the server stops. */
	streams: Set<() => void>;
	/** Which containers a `docker run` made (no-process.ts): removed when their start is refused. */
	runs: RunTracker;
};

/** A handler gets the request, the context and the path's captured parts (an image name may hold slashes). */
export type Handler = (request: ApiRequest, context: ServeContext, params: string[]) => Promise<void>;
