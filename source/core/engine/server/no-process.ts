/**
 * What the store cannot do, refused in one sentence the docker CLI prints as
 * it is: no process ever runs in a dockyard container (they hold the files
 * `docker cp` put there, for `docker commit`), the store builds nothing, and
 * it keeps no volumes or networks.
 *
 * `docker run` cannot be told from `docker create` by its create request
 * (the same body, unless `-d`), so a container is "fresh" from its create
 * until anything looks at it; an attach to a fresh one is `docker run`
 * (`docker start -a` and `docker attach` inspect first). Its start is then
 * refused and the container it made removed, so `docker run` leaves nothing
 * behind. `docker run -d` asks for no output at all and is refused before a
 * container is made.
 */
import type {Socket} from 'node:net';
import type {Handler, ServeContext} from './context.js';
import {HttpError} from './respond.js';

export const noProcessSentence = 'dockyard serve runs no process: its containers hold files for docker cp and docker commit; make one with docker create';
export const noBuildSentence = 'dockyard serve builds no images: make one from a container with docker create, docker cp and docker commit, as the seed does';
export const noVolumesSentence = 'dockyard serve keeps no volumes: its containers hold only the files docker cp puts in them';
export const noNetworksSentence = 'dockyard serve keeps no networks: no process runs in its containers';

/** Per server: containers made through it that nothing has looked at yet, and those a `docker run` attached to. */
export type RunTracker = {
	fresh: Set<string>;
	/** A docker run's attach (closed once its start is refused) and who waits for its removal. */
	runs: Map<string, {socket?: Socket; removed: Promise<void>; done: () => void}>;
};

export function runTracker(): RunTracker {
	return {fresh: new Set(), runs: new Map()};
}

type CreateBody = {AttachStdin?: unknown; AttachStdout?: unknown; AttachStderr?: unknown};

/** `docker run -d` (no stream attached at all): refused before anything is created. */
export function refuseDetachedRun(body: CreateBody): void {
	if (body.AttachStdin === false && body.AttachStdout === false && body.AttachStderr === false) {
		throw new HttpError(409, noProcessSentence);
	}
}

/** Anything that looks at a container but an attach: it was made by `docker create`, not `docker run`. */
export function noteLookedAt(tracker: RunTracker, id: string): void {
	tracker.fresh.delete(id);
}

/** The full id a request names, when it names a container the store has (else the request's own error follows). */
export async function containerIdOf(context: ServeContext, target: string): Promise<string | undefined> {
	try {
		return (await context.backend.snapshot()).container(target).id;
	} catch {
		return undefined;
	}
}

/**
 * `POST /containers/{id}/attach` as an HTTP upgrade: docker's raw stream,
 * which stays silent (nothing runs) until the start is refused. An attach
 * to a fresh container marks it as `docker run`'s.
 */
export async function attachUpgrade(context: ServeContext, target: string, socket: Socket): Promise<void> {
	const id = await containerIdOf(context, target);
	if (id === undefined) {
		socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(notFound(target))}\r\n\r\n${notFound(target)}`);
		return;
	}

	socket.write('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
	// Nothing will ever be written: end it after the start's refusal, or soon in any case.
	const timer = setTimeout(() => socket.end(), 30_000);
	timer.unref();
	socket.once('close', () => {
		clearTimeout(timer);
	});
	socket.on('error', () => {});
	if (context.runs.fresh.has(id)) {
		context.runs.fresh.delete(id);
		let done = () => {};
		const removed = new Promise<void>(resolve => {
			done = resolve;
		});
		context.runs.runs.set(id, {socket, removed, done});
	} else {
		socket.end();
	}
}

function notFound(target: string): string {
	return `${JSON.stringify({message: `No such container: ${target}`})}\n`;
}

/** `POST /containers/{id}/start`: refused; the container a `docker run` made is removed first. */
export const startContainer: Handler = async (_request, context, [target]) => {
	const id = await containerIdOf(context, target!);
	if (id === undefined) {
		throw new HttpError(404, `No such container: ${target!}`);
	}

	const run = context.runs.runs.get(id);
	if (run) {
		context.runs.runs.delete(id);
		try {
			await context.backend.removeContainer(id);
		} finally {
			run.socket?.end();
			run.done();
		}
	}

	throw new HttpError(409, noProcessSentence);
};

/**
 * `POST /containers/{id}/wait`: a `docker run`'s wait ends when its
 * container is removed; nothing else ever runs, so it has exited. The
 * headers go out at once, as dockerd sends them: the client waits for them
 * before it goes on to start the container.
 */
export const waitContainer: Handler = async ({response}, context, [target]) => {
	const id = await containerIdOf(context, target!);
	if (id === undefined) {
		throw new HttpError(404, `No such container: ${target!}`);
	}

	response.writeHead(200, {'Content-Type': 'application/json'});
	response.flushHeaders();
	await context.runs.runs.get(id)?.removed;
	response.end(`${JSON.stringify({StatusCode: 0, Error: null})}\n`);
};

/** Drains what the client sends (a build context) before answering, so it reads the sentence, not a broken pipe. */
async function drained(request: Parameters<Handler>[0], limit = 1024 ** 3): Promise<void> {
	let size = 0;
	for await (const chunk of request.incoming) {
		size += (chunk as Buffer).length;
		if (size > limit) {
			break;
		}
	}
}

export const refuseExec: Handler = async () => {
	throw new HttpError(409, noProcessSentence);
};

export const refuseBuild: Handler = async request => {
	await drained(request);
	throw new HttpError(501, noBuildSentence);
};

export const refuseVolumes: Handler = async () => {
	throw new HttpError(501, noVolumesSentence);
};

export const refuseNetworks: Handler = async () => {
	throw new HttpError(501, noNetworksSentence);
};
