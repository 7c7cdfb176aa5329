/** Measuring co-production in the app: the post-visit CollaboRATE survey and goal follow-up. */
export * from './collaborate';
export * from './survey';
export * from './attainment';
