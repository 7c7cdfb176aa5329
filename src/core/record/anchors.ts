/**
 * Element ids of the entries the record screens list, so other parts of the page (a prompt's
 * evidence) can link to the entry itself.
 */
export function recordAnchor(resourceType: string, id: string): string | undefined {
  return resourceType === 'Condition' ? `record-condition-${id}` : undefined;
}
