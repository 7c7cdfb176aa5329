/** The English words of every screen past the first, one part per capability (the first screen's are ./en.json). */
import evisit from './evisit.en.json';
import measure from './measure.en.json';
import prompts from './prompts.en.json';
import voice from './voice.en.json';
import workspace from './workspace.en.json';

export default { voice, workspace, prompts, measure, evisit };
