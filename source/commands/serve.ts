import process from 'node:process';
import {openStoreBackend} from '../core/backend/store-backend.js';
import {DockyardError, UsageError} from '../core/errors.js';
import {storeName} from '../core/engine/host.js';
import {addressUrl, listenOn, parseListenAddress, removeSocket} from '../core/engine/server/listen.js';
import {apiVersion} from '../core/engine/server/respond.js';
import {packageVersion} from '../core/package-root.js';
import {engineApiServer} from '../core/engine/server/server.js';
import type {Command} from './command.js';

/**
 * `dockyard serve`: the embedded store over the Docker Engine API, so the
 * real docker CLI (`docker -H unix://…`) works on it, with the seed's rules.
 * It always serves the store: DOCKER_HOST and the engine setting (which may
 * well point at this very socket) are not read.
 */
export const serve: Command = {
	name: 'serve',
	usage: `Usage: dockyard serve [--socket PATH | -H unix://PATH | -H tcp://127.0.0.1:PORT]

Serve dockyard's store over the Docker Engine API v${apiVersion}, so that the real
docker CLI works on it: docker -H unix://PATH images|pull|rmi|history|tag|
commit|create|cp|rm|ps -a|save|load|events. The seed's rules hold (a stopped
container or a child image blocks rmi, whatever -f says; a hub image needs
its base OS image). No authentication: it listens only on a unix socket
(mode 0600, removed on exit) or on loopback. Ctrl-C stops it.

Options:
      --socket PATH   unix socket to listen on (default: dockyard.sock in the store's home)
  -H, --host ADDR     unix://PATH or tcp://127.0.0.1:PORT (tcp://[::1]:PORT)
      --debug         print each request on stderr`,
	options: {
		socket: {type: 'string'},
		host: {type: 'string', short: 'H'},
		debug: {type: 'boolean'},
	},
	arity: [0, 0],
	async plan() {
		return {would: ['Would serve the store over the Docker Engine API until Ctrl-C'], equivalents: {docker: ['dockerd'], powershell: {none: 'no PowerShell equivalent: the Containers module serves no API; on Windows too it is dockerd'}}};
	},
	async run({flags, out, err, engineFlags, explain}) {
		const chosen = engineFlags.host ?? engineFlags.context;
		if (chosen !== undefined && chosen !== storeName) {
			throw new DockyardError(`serve serves dockyard's own store, not an engine: put the address after the verb (dockyard serve -H ${chosen})`);
		}

		if (flags['socket'] !== undefined && flags['host'] !== undefined) {
			throw new UsageError('give --socket or -H, not both');
		}

		const backend = openStoreBackend();
		const home = backend.capabilities.files?.home ?? '';
		const given = (flags['socket'] ?? flags['host']) as string | undefined;
		const wanted = parseListenAddress(given ?? `${home}/dockyard.sock`);
		const productVersion = packageVersion();
		const running = engineApiServer({
			backend,
			product: 'dockyard',
			productVersion,
			onRequest: flags['debug'] ? line => {
				err(line);
			} : undefined,
		});
		const address = await listenOn(running.server, wanted);
		const url = addressUrl(address);
		out(`dockyard serve: the Docker Engine API v${apiVersion} over the store at ${home}`);
		out(`Listening on ${url}${address.kind === 'unix' ? ' (mode 0600)' : ''}`);
		out('No authentication: anyone who can open it can change the store.');
		out(`Try: docker -H ${url} images    (Ctrl-C stops the server)`);
		// What a docker user runs to get an API on a socket: the daemon itself.
		explain({docker: [`dockerd -H ${url}`], powershell: {none: 'no PowerShell equivalent: the Containers module serves no API; on Windows too it is dockerd'}});

		await new Promise<void>(resolve => {
			let stopping = false;
			// The handlers stay until the server has closed: signal-exit (proper-lockfile's, loaded at the
			// first write) re-raises a signal that no other listener is left to handle, which would kill the
			// process before it has closed and said so.
			const stop = () => {
				if (stopping) {
					return;
				}

				stopping = true;
				running.close().finally(() => {
					process.off('SIGINT', stop);
					process.off('SIGTERM', stop);
					removeSocket(address);
					resolve();
				});
			};

			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		});
		out('dockyard serve: stopped');
		return 0;
	},
};
