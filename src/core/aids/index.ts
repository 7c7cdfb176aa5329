/** Decision aids (issue 13): the numbers with their sources (`data`) and what each screen shows (`select`). */
export * from './data';
export * from './select';
export * from './rules';
