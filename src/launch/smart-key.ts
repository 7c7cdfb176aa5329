/** The storage key under which fhirclient keeps the current state key (its settings' SMART_KEY). */
export const SMART_KEY = 'SMART_KEY';
