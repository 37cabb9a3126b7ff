import {need} from '../core/backend/backend.js';
import {hubLabels, parseHubChoice, type Settings} from '../core/settings.js';
import {noPowershell} from '../core/teach.js';
import {ownPlan} from './plans.js';
import type {Command} from './command.js';

function describe(hub: Settings['hub']): string {
	return hub === 'offline'
		? 'docker.io names go to the offline catalog bundled with dockyard'
		: 'docker.io names go to Docker Hub (registry-1.docker.io, search on index.docker.io)';
}

export const hub: Command = {
	name: 'hub',
	usage: `Usage: dockyard hub [offline|dockerhub]

Show the hub docker.io names go to, or choose it (kept in settings.json):
  offline     the offline catalog bundled with dockyard (the default)
  dockerhub   Docker Hub itself

References with a registry domain (e.g. 127.0.0.1:5000/app) always go to
that registry. The global flag --hub offline|dockerhub (dockyard --hub
dockerhub search nginx) chooses the hub for one command only.

Options:
      --json   Print JSON`,
	arity: [0, 1],
	async plan({args}) {
		return args[0] === undefined ? undefined : ownPlan(`Would send docker.io names to ${parseHubChoice(args[0], 'the hub')} from now on (the setting in settings.json)`);
	},
	async run({args, flags, backend, out, explain, environment}) {
		const settings = need(backend(), 'settings', 'dockyard hub');
		if (args[0] !== undefined) {
			const choice = parseHubChoice(args[0], 'the hub');
			settings.write({hub: choice});
			if (flags['json']) {
				out(JSON.stringify({hub: choice, label: hubLabels[choice]}));
			} else {
				out(`Hub: ${choice} (${hubLabels[choice]}): ${describe(choice)}`);
			}

			explain({docker: [], powershell: {none: noPowershell.own}});
			return;
		}

		const current = settings.read(environment).hub;
		const saved = settings.read({}).hub;
		if (flags['json']) {
			out(JSON.stringify({hub: current, label: hubLabels[current], ...(current === saved ? {} : {setting: saved})}));
		} else {
			out(`Hub: ${current} (${hubLabels[current]}): ${describe(current)}`);
			if (current !== saved) {
				out(`(chosen by --hub / DOCKYARD_HUB for this command; the setting is ${saved})`);
			}
		}

		explain({docker: [], powershell: {none: noPowershell.own}});
	},
};
