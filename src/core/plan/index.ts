/**
 * The shared care plan: which CarePlan it is (`select`), how every view reads it (`view`), the
 * app's own words in the viewer's language (`words`), building and adopting it (`build`), its
 * narrative (`narrative`) and merging two writers' versions after a 412 (`merge`).
 */
export * from './select';
export * from './view';
export * from './words';
export * from './build';
export * from './narrative';
export * from './merge';
export * from './aids';
