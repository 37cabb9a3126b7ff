import {chooseBackend, isHostValue, keepEngineSetting} from '../core/backend/open-backend.js';
import {resolveEngine, storeName} from '../core/engine/host.js';
import {noPowershell} from '../core/teach.js';
import {ownPlan} from './plans.js';
import type {Command} from './command.js';

/**
 * `dockyard engine [HOST|CONTEXT|dockyard]`: which backend commands run on
 * and why, or the setting used when -H, --context, DOCKER_HOST,
 * DOCKER_CONTEXT and docker's currentContext all say nothing. Connects to
 * nothing: it only says (or keeps) the choice.
 */
export const engine: Command = {
	name: 'engine',
	usage: `Usage: dockyard engine [HOST|CONTEXT|dockyard]

Show which backend commands run on and what chose it, or keep a default in
settings.json: a Docker or Podman engine (unix:///path.sock, tcp://host:port),
a docker context's name, or dockyard (the embedded store). The default has the
lowest precedence: -H, --context, DOCKER_HOST, DOCKER_CONTEXT and docker's
currentContext come first.

Options:
      --json   Print JSON`,
	arity: [0, 1],
	async plan({args, environment}) {
		const value = args[0];
		if (value === undefined) {
			return undefined;
		}

		if (value !== storeName) {
			resolveEngine(isHostValue(value) ? {host: value} : {context: value}, {env: {...environment, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined}});
		}

		return ownPlan(`Would make ${value === storeName ? 'the embedded store' : value} the default backend (the engine setting)`, value !== storeName && !isHostValue(value) ? [`docker context use ${value}`] : []);
	},
	async run({args, flags, out, explain, environment, engineFlags}) {
		const value = args[0];
		if (value !== undefined) {
			// Checked now (a bad host, an unknown context), not at the next command.
			if (value !== storeName) {
				resolveEngine(isHostValue(value) ? {host: value} : {context: value}, {env: {...environment, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined}});
			}

		}

		const home = keepEngineSetting(value, environment);

		const choice = chooseBackend(engineFlags, environment);
		const where = choice.kind === 'store' ? `${storeName} (the embedded store, ${home})` : choice.host;
		if (flags['json']) {
			out(JSON.stringify({engine: choice.kind === 'store' ? storeName : choice.host, context: choice.kind === 'engine' ? choice.name : undefined, chosenBy: choice.reason, docker: choice.dockerPrefix}));
		} else {
			out(`Engine: ${where}, chosen by ${choice.reason}`);
			if (choice.kind === 'engine') {
				out(`docker: ${choice.dockerPrefix}`);
			}
		}

		explain({docker: choice.kind === 'engine' && choice.via === 'context' ? [`docker context use ${choice.name}`] : [], powershell: {none: noPowershell.own}});
	},
};
