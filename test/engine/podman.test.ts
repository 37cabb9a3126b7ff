/** The engine client against podman's API service (vfs, runc, a socket in a temp dir). */
import {engineSuite} from './engine-suite.js';

engineSuite('podman');
