/** Every Spanish string of the app, in the shape the screens look words up in (one part per capability). */
import core from './es.json';
import evisit from './evisit.es.json';
import measure from './measure.es.json';
import prompts from './prompts.es.json';
import voice from './voice.es.json';
import workspace from './workspace.es.json';

export default { ...core, voice, workspace, prompts, measure, evisit };
