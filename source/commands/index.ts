import type {Command} from './command.js';

/**
 * A verb as the CLI finds it: its name, its aliases (`image ls`), and how to
 * load it. Only the verb asked for is imported, so `dockyard images` does not
 * load what `push` or `load` need. `aliases` repeat the command's own (a test
 * checks they agree); `powershell` verbs are matched in any case.
 */
export type Verb = {
	name: string;
	aliases?: string[];
	powershell?: boolean;
	load: () => Promise<Command>;
};

/** Every verb, in the order `dockyard --help` lists them. A new verb is one line here. */
export const verbs: Verb[] = [
	{name: 'images', aliases: ['image ls', 'image list'], load: async () => (await import('./images.js')).images},
	{name: 'search', load: async () => (await import('./search.js')).search},
	{name: 'pull', aliases: ['image pull'], load: async () => (await import('./pull.js')).pull},
	{name: 'push', aliases: ['image push'], load: async () => (await import('./push.js')).push},
	{name: 'history', aliases: ['image history'], load: async () => (await import('./history.js')).history},
	{name: 'tree', aliases: ['image tree'], load: async () => (await import('./tree.js')).tree},
	{name: 'inspect', aliases: ['image inspect'], load: async () => (await import('./inspect.js')).inspect},
	{name: 'tag', aliases: ['image tag'], load: async () => (await import('./tag.js')).tag},
	{name: 'untag', aliases: ['image untag'], load: async () => (await import('./tag.js')).untag},
	{name: 'rmi', aliases: ['image rm'], load: async () => (await import('./rmi.js')).rmi},
	{name: 'save', aliases: ['image save'], load: async () => (await import('./save.js')).saveCommand},
	{name: 'load', aliases: ['image load'], load: async () => (await import('./load.js')).loadCommand},
	{name: 'send', load: async () => (await import('./send.js')).send},
	{name: 'create', aliases: ['container create'], load: async () => (await import('./containers.js')).create},
	{name: 'ps', aliases: ['container ls'], load: async () => (await import('./containers.js')).ps},
	{name: 'cp', aliases: ['container cp'], load: async () => (await import('./containers.js')).cp},
	{name: 'commit', aliases: ['container commit'], load: async () => (await import('./commit.js')).commit},
	{name: 'rm', aliases: ['container rm'], load: async () => (await import('./containers.js')).rm},
	{name: 'os', load: async () => (await import('./os.js')).os},
	{name: 'prune', aliases: ['image prune'], load: async () => (await import('./maintenance.js')).prune},
	{name: 'fsck', load: async () => (await import('./maintenance.js')).fsck},
	{name: 'journal', load: async () => (await import('./journal.js')).journal},
	{name: 'reset', load: async () => (await import('./reset.js')).reset},
	{name: 'hub', load: async () => (await import('./hub.js')).hub},
	{name: 'engine', load: async () => (await import('./engine.js')).engine},
	{name: 'login', load: async () => (await import('./login.js')).login},
	{name: 'logout', load: async () => (await import('./login.js')).logout},
	{name: 'serve', load: async () => (await import('./serve.js')).serve},
	{name: 'lesson', load: async () => (await import('./lesson.js')).lesson},
	{name: 'Get-ContainerImage', powershell: true, load: async () => (await import('./get-containerimage.js')).getContainerImage},
	{name: 'Find-ContainerImage', powershell: true, load: async () => (await import('./os.js')).findContainerImage},
	{name: 'Install-ContainerImage', powershell: true, load: async () => (await import('./os.js')).installContainerImage},
	{name: 'New-ContainerImage', powershell: true, load: async () => (await import('./commit.js')).newContainerImage},
	{name: 'Remove-ContainerImage', powershell: true, load: async () => (await import('./rmi.js')).removeContainerImage},
	{name: 'Save-ContainerImage', powershell: true, load: async () => (await import('./save.js')).saveContainerImage},
	{name: 'Import-ContainerImage', powershell: true, load: async () => (await import('./load.js')).importContainerImage},
];

/** Every verb loaded: for `dockyard --help` and the tests that go through them all. */
export async function loadCommands(): Promise<Command[]> {
	return Promise.all(verbs.map(async verb => verb.load()));
}
