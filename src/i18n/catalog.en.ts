/** Every English string of the app, in the shape the screens look words up in (one part per capability). */
import core from './en.json';
import evisit from './evisit.en.json';
import measure from './measure.en.json';
import prompts from './prompts.en.json';
import voice from './voice.en.json';
import workspace from './workspace.en.json';

export default { ...core, voice, workspace, prompts, measure, evisit };
