// The clinician's reply and its stewardship check (./reply) are imported on their own: they carry the rule engine.
export * from './levels';
export * from './questionnaires';
export * from './route';
export * from './units';
export * from './flow';
export * from './build';
