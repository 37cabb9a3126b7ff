import {chooseBackend, engineNamed} from '../core/backend/open-backend.js';
import {EngineBackend} from '../core/engine/engine-backend.js';
import {sendFromDefaultStore} from '../core/engine/load-from-store.js';
import {DockyardError} from '../core/errors.js';
import {shellWord} from '../core/engine/host.js';
import type {Command} from './command.js';

/** `dockyard send IMAGE…`: store images into an engine, as `docker save IMAGE | docker -H … load`. */
export const send: Command = {
	name: 'send',
	usage: `Usage: dockyard send [--to HOST|CONTEXT] IMAGE [IMAGE...]

Load images of dockyard's own store into an engine (a tag sends that name, an
id every name of the image). The engine is --to (unix:///path.sock,
tcp://host:port or a docker context), else the one -H, --context,
DOCKER_HOST, DOCKER_CONTEXT, docker's currentContext or the engine setting
chooses.

Options:
      --to string   The engine to send to`,
	options: {to: {type: 'string'}},
	arity: [1, Number.POSITIVE_INFINITY],
	async plan({args, flags, environment, engineFlags}) {
		const to = typeof flags['to'] === 'string' ? flags['to'] : undefined;
		const choice = to === undefined ? chooseBackend(engineFlags, environment) : engineNamed(to, environment);
		if (choice.kind === 'store') {
			throw new DockyardError('send needs an engine to send to: name one with --to HOST|CONTEXT (or -H, --context, DOCKER_HOST)');
		}

		const prefix = to === undefined ? choice.dockerPrefix : choice.via === 'host' ? `docker -H ${shellWord(choice.host)}` : `docker --context ${shellWord(choice.name)}`;
		return {
			would: [`Would send ${args.join(', ')} from the embedded store to ${choice.host}`],
			equivalents: {docker: [`docker save ${args.map(arg => shellWord(arg)).join(' ')} | ${prefix} load`], powershell: {none: 'no PowerShell equivalent: the Containers module has no engine to send images to'}},
		};
	},
	async run({args, flags, out, explain, environment, engineFlags}) {
		const to = typeof flags['to'] === 'string' ? flags['to'] : undefined;
		const choice = to === undefined ? chooseBackend(engineFlags, environment) : engineNamed(to, environment);
		if (choice.kind === 'store') {
			throw new DockyardError('send needs an engine to send to: name one with --to HOST|CONTEXT (or -H, --context, DOCKER_HOST)');
		}

		const prefix = to === undefined ? choice.dockerPrefix : choice.via === 'host' ? `docker -H ${shellWord(choice.host)}` : `docker --context ${shellWord(choice.name)}`;
		const engine = new EngineBackend({host: choice.host, address: choice.address, dockerPrefix: prefix, environment});
		const result = await sendFromDefaultStore(async () => engine.client(), args, environment);
		for (const name of result.loaded) {
			out(`Loaded image: ${name}`);
		}

		explain({docker: [`docker save ${args.map(arg => shellWord(arg)).join(' ')} | ${prefix} load`], powershell: {none: 'no PowerShell equivalent: the Containers module has no engine to send images to'}});
	},
};
