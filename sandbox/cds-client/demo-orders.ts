/**
 * The demo orders a tester can "choose" in the sandbox chart, sent as `context.draftOrders` of an
 * order-select hook. Codes from the project's clinical code lists (CPT 72148 from the CEVR lists
 * for R6; LOINC 2857-1 and CPT 84153 for PSA, R9a; RxNorm 308182 from the VSAC antibiotic lists, R7).
 */
import type { MedicationRequest, ServiceRequest } from 'fhir/r4';
import { CPT, LOINC, RXNORM } from '../../src/core/fhir/vocabulary';

export const DEMO_ORDERS = {
  'lumbar-mri': 'Lumbar spine MRI',
  psa: 'PSA blood test',
  amoxicillin: 'Amoxicillin',
} as const;
export type DemoOrder = keyof typeof DEMO_ORDERS;

export function isDemoOrder(v: string | null): v is DemoOrder {
  return v !== null && Object.hasOwn(DEMO_ORDERS, v);
}

/** The draft, as an EHR's order entry holds it before signing. */
export function demoDraft(
  order: DemoOrder,
  patientId: string,
  today: string,
): ServiceRequest | MedicationRequest {
  const id = `draft-${order}-${patientId}`;
  const subject = { reference: `Patient/${patientId}` };
  switch (order) {
    case 'lumbar-mri':
      return {
        resourceType: 'ServiceRequest',
        id,
        status: 'draft',
        intent: 'order',
        subject,
        authoredOn: today,
        code: {
          coding: [{ system: CPT, code: '72148', display: 'MRI lumbar spine without contrast' }],
          text: DEMO_ORDERS[order],
        },
      };
    case 'psa':
      return {
        resourceType: 'ServiceRequest',
        id,
        status: 'draft',
        intent: 'order',
        subject,
        authoredOn: today,
        code: {
          coding: [
            {
              system: LOINC,
              code: '2857-1',
              display: 'Prostate specific Ag [Mass/volume] in Serum or Plasma',
            },
            { system: CPT, code: '84153' },
          ],
          text: DEMO_ORDERS[order],
        },
      };
    case 'amoxicillin':
      return {
        resourceType: 'MedicationRequest',
        id,
        status: 'draft',
        intent: 'order',
        subject,
        authoredOn: today,
        medicationCodeableConcept: {
          coding: [{ system: RXNORM, code: '308182', display: 'amoxicillin 250 MG Oral Capsule' }],
          text: 'Amoxicillin 250 mg capsule',
        },
      };
  }
}
