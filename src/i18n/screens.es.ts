/** The Spanish words of every screen past the first, one part per capability (the first screen's are ./es.json). */
import evisit from './evisit.es.json';
import measure from './measure.es.json';
import prompts from './prompts.es.json';
import voice from './voice.es.json';
import workspace from './workspace.es.json';

export default { voice, workspace, prompts, measure, evisit };
