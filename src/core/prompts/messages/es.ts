/**
 * The prompt text in Spanish, for the clinician (usted): the same meaning, numbers and thresholds as
 * en.ts, in plain clinical Spanish. The base entry is written without forms that depend on the
 * patient's gender; where natural Spanish needs one ("el/la paciente"), `key_female` / `key_male`
 * holds it.
 */
import type { MessageKey } from './en';

export type Catalog = Readonly<Record<MessageKey, string>> &
  Readonly<Partial<Record<`${MessageKey}_${'female' | 'male'}`, string>>>;

export const ES: Catalog = {
  'note.frailty': 'Mayor riesgo: caídas o fragilidad en el expediente.',
  'note.dementia': 'Mayor riesgo: demencia en el expediente.',
  'note.age80': 'Mayor riesgo: 80 años o más.',
  medication: 'medicamento',

  'R1.ldl': 'LDL-C más reciente: {{ldl}} ({{date}}).',
  'R1.ldlUndated': 'LDL-C más reciente: {{ldl}} (fecha desconocida).',
  'R1.intensify.summary':
    'Enfermedad cardiovascular con una estatina de baja intensidad: converse sobre pasar a una de alta intensidad.',
  'R1.intensify.detail':
    'Tiene enfermedad del corazón o de los vasos sanguíneos y toma una estatina de baja intensidad; hasta los 75 años se recomienda una estatina de alta intensidad. Converse con la persona sobre si desea aumentarla, o registre por qué no.',
  'R1.over75.summary':
    'Enfermedad cardiovascular, sin estatina en el expediente, más de 75 años: converse sobre si una estatina encaja con sus metas.',
  'R1.over75.detail':
    'Tiene más de 75 años, enfermedad del corazón o de los vasos sanguíneos y ninguna estatina en el expediente. Es razonable empezar o seguir una estatina de intensidad moderada o alta después de hablar de beneficios, daños y lo que le importa (por ejemplo, la carga de pastillas); o registre por qué no.',
  'R1.start.summary':
    'Enfermedad cardiovascular y ninguna estatina en el expediente: pregunte si desea empezar una (de alta intensidad hasta los 75 años).',
  'R1.start.detail':
    'Tiene enfermedad del corazón o de los vasos sanguíneos y ninguna estatina en el expediente; pregunte si desea empezar una (de alta intensidad hasta los 75 años), o registre por qué no.',
  'R1.reasonOnFile.summary':
    'Enfermedad cardiovascular, sin estatina y con un posible motivo para no usarla en el expediente: confírmelo.',
  'R1.reasonOnFile.note':
    'Hay en el expediente un posible motivo para no usar una estatina (síntomas musculares, enfermedad del hígado o de los riñones, o una orden de "no administrar"); confírmelo con la persona.',
  'R1.reasonOnFile.note_female':
    'Hay en el expediente un posible motivo para no usar una estatina (síntomas musculares, enfermedad del hígado o de los riñones, o una orden de "no administrar"); confírmelo con la paciente.',
  'R1.reasonOnFile.note_male':
    'Hay en el expediente un posible motivo para no usar una estatina (síntomas musculares, enfermedad del hígado o de los riñones, o una orden de "no administrar"); confírmelo con el paciente.',

  'R2.checkAspirin.summary':
    'ACV isquémico o AIT; solo hay un producto combinado con aspirina: pregunte si toma aspirina a diario para prevenir.',
  'R2.start.summary':
    'ACV isquémico o AIT sin antiagregante ni anticoagulante en el expediente: converse sobre empezar un antiagregante.',
  'R2.detail':
    'Tuvo un accidente cerebrovascular (ACV) isquémico o un AIT y no hay antiagregante ni anticoagulante en el expediente; converse sobre empezar aspirina, clopidogrel o aspirina con dipiridamol, salvo que haya un motivo para no hacerlo (por ejemplo, riesgo de sangrado).',
  'R2.checkAspirin.note':
    'Hay un producto combinado con aspirina en el expediente (por ejemplo, un analgésico): pregunte si toma aspirina a diario para prevención.',
  'R2-safety.summary':
    'Prasugrel activo después de un ACV isquémico o AIT: el prasugrel está contraindicado tras un ACV o AIT. Revíselo.',
  'R2-safety.detail':
    'El prasugrel tiene una advertencia de recuadro negro contra su uso después de un ACV o AIT (más riesgo de sangrado en el cerebro). Revise la elección del antiagregante con la persona y con quien lo recetó.',
  'R2-safety.detail_female':
    'El prasugrel tiene una advertencia de recuadro negro contra su uso después de un ACV o AIT (más riesgo de sangrado en el cerebro). Revise la elección del antiagregante con la paciente y con quien lo recetó.',
  'R2-safety.detail_male':
    'El prasugrel tiene una advertencia de recuadro negro contra su uso después de un ACV o AIT (más riesgo de sangrado en el cerebro). Revise la elección del antiagregante con el paciente y con quien lo recetó.',

  'R3.noCervix.summary':
    'Tamizaje cervical y el expediente indica que no hay cuello uterino: aquí el tamizaje no ayuda. Converse sobre dejarlo.',
  'R3.noCervix.detail':
    'El expediente muestra una histerectomía con extirpación del cuello uterino (o que no hay cuello uterino). En ese caso no se recomienda el tamizaje cervical, salvo antecedentes de NIC2+ o de cáncer de cuello uterino; revise esos antecedentes y converse sobre dejarlo.',
  'R3.noCervix.harms':
    'Sin cuello uterino, las pruebas no pueden encontrar cáncer de cuello uterino; pueden causar falsas alarmas y más procedimientos.',
  'R3.stop.summary':
    'Más de 65 años, tamizaje cervical previo normal y sin antecedentes de alto riesgo: hable de dejar el tamizaje.',
  'R3.stop.detail':
    'Después de los 65 años, el tamizaje cervical suele dejar de ser útil si los resultados previos fueron normales y no hay antecedentes de alto riesgo; converse con la persona sobre dejarlo.',
  'R3.stop.detail_female':
    'Después de los 65 años, el tamizaje cervical suele dejar de ser útil si los resultados previos fueron normales y no hay antecedentes de alto riesgo; converse con la paciente sobre dejarlo.',
  'R3.stop.detail_male':
    'Después de los 65 años, el tamizaje cervical suele dejar de ser útil si los resultados previos fueron normales y no hay antecedentes de alto riesgo; converse con el paciente sobre dejarlo.',
  'R3.stop.benefits':
    'Después de los 65 años, con un tamizaje previo adecuado y normal, más pruebas encuentran muy pocos cánceres.',
  'R3.stop.harms': 'Más pruebas traen falsas alarmas, procedimientos de seguimiento y molestias.',
  'R3.checkHistory.summary':
    'Tamizaje cervical después de los 65: revise los resultados previos; si fueron adecuados y normales, suele poder dejarse.',
  'R3.checkHistory.detail':
    'Tiene más de 65 años y se está pidiendo o se hizo un tamizaje cervical. El expediente no muestra con claridad un tamizaje previo adecuado y normal (3 citologías negativas o 2 pruebas conjuntas negativas en 10 años, la última en los últimos 5). Revise los antecedentes de tamizaje: si fue adecuado y no hay antecedentes de alto riesgo, por lo general puede dejarse.',

  'R4.note.amplifiers':
    'Mayor riesgo: hay en el expediente una hipoglucemia reciente o enfermedad renal avanzada.',
  'R4.note.beers':
    'Gliburida o glimepirida: los criterios de Beers de la AGS aconsejan evitarlas en personas mayores (más hipoglucemias).',
  'R4.note.veryLow': 'Una A1c de {{a1c}} es muy baja (menos de 6.5%).',
  'R4.summary':
    'A1c {{a1c}} con insulina o sulfonilurea a los {{age}} años: riesgo de hipoglucemia. Converse sobre relajar la meta y reducir el fármaco.',
  'R4.detail':
    'La A1c de esta persona mayor está por debajo de la meta con insulina o una sulfonilurea, lo que aumenta el riesgo de hipoglucemia; converse sobre relajar la meta de A1c (por ejemplo, menos de 8%) y reducir o suspender el medicamento que causa las bajas de azúcar.',
  'R4.insulinOnly.detail':
    'La A1c de esta persona mayor está por debajo de la meta con insulina, lo que aumenta el riesgo de hipoglucemia; converse sobre relajar la meta de A1c y reducir la dosis de insulina.',
  'R4.type1.summary':
    'A1c {{a1c}} con diabetes tipo 1 a los {{age}} años: converse sobre una meta de A1c más alta y revisar la dosis de insulina.',
  'R4.type1.detail':
    'Esta persona mayor con diabetes tipo 1 tiene una A1c baja, lo que aumenta el riesgo de hipoglucemia; converse sobre una meta de A1c más alta y sobre revisar la dosis de insulina. No suspenda la insulina.',
  'R4.comfort.summary':
    'A1c {{a1c}} con insulina o sulfonilurea, en cuidados paliativos o de hospicio: priorice evitar hipoglucemias y síntomas.',
  'R4.comfort.detail':
    'Recibe cuidados paliativos o de hospicio. Priorice evitar la hipoglucemia y aliviar los síntomas más que la A1c; converse sobre simplificar o reducir el medicamento que causa las bajas de azúcar.',
  'R4.comfort.detailType1':
    'Recibe cuidados paliativos o de hospicio. Priorice evitar la hipoglucemia y aliviar los síntomas más que la A1c; converse sobre simplificar o reducir el medicamento que causa las bajas de azúcar (no suspenda la insulina en la diabetes tipo 1).',
  'R4.benefits':
    'Una meta de A1c menos estricta (para muchas personas mayores, menos de 7.5–8%) mantiene los beneficios de un control moderado.',
  'R4.harms':
    'Una A1c menor de 7% con insulina o una sulfonilurea aumenta el riesgo de hipoglucemia, caídas y confusión.',

  'R5.comfort.summary':
    'PA cerca de {{bp}} con {{count}} clases de antihipertensivos, en cuidados paliativos o de hospicio: converse sobre quitar uno por comodidad.',
  'R5.summary':
    'PA cerca de {{bp}} con {{count}} clases de antihipertensivos a los {{age}} años: converse sobre reducir uno.',
  'R5.risk.summary':
    'PA cerca de {{bp}} con {{count}} clases de antihipertensivos a los {{age}} años y riesgo de caídas o mareo: converse sobre reducir uno.',
  'R5.comfort.detail':
    'Recibe cuidados paliativos o de hospicio y su presión arterial está baja con dos o más medicamentos para la presión; converse sobre suspender o bajar uno para reducir mareos, caídas y la carga de pastillas, de acuerdo con lo que más le importa.',
  'R5.detail':
    'La presión arterial de esta persona mayor está baja con dos o más medicamentos para la presión y tiene riesgo de caídas o mareo; converse sobre bajar la dosis o suspender un medicamento, de acuerdo con lo que más le importa.',
  'R5.note.mean': 'Promedio de las dos últimas lecturas: {{bp}} mmHg ({{dates}}).',
  'R5.note.classes': 'Clases: {{classes}}.',
  'R5.note.noFlag':
    'No hay en el expediente un indicador de riesgo de caídas o mareo; aparece solo por la edad o la fragilidad.',
  'R5.benefits':
    'En personas de 80 años o más, quitar un medicamento para la presión mantuvo un control de la presión casi igual de bueno (ensayo OPTIMISE).',
  'R5.harms':
    'Tanto bajar como subir el tratamiento tiene riesgos a corto plazo en personas mayores; por eso esto es una conversación, no una orden.',
  'bpClass.ACEi': 'inhibidor de la ECA',
  'bpClass.ARB': 'ARA II',
  'bpClass.ARNI': 'ARNI',
  'bpClass.beta_blocker': 'betabloqueante',
  'bpClass.CCB_dihydropyridine': 'calcioantagonista dihidropiridínico',
  'bpClass.CCB_nondihydropyridine': 'calcioantagonista no dihidropiridínico',
  'bpClass.thiazide_type': 'diurético tiazídico o similar',
  'bpClass.loop_diuretic': 'diurético de asa',
  'bpClass.K_sparing_or_MRA': 'diurético ahorrador de potasio o antagonista de mineralocorticoides',
  'bpClass.direct_vasodilator': 'vasodilatador directo',
  'bpClass.central_alpha2_agonist': 'agonista alfa-2 central',
  'bpClass.alpha1_blocker': 'bloqueador alfa-1',
  'bpClass.renin_inhibitor': 'inhibidor de la renina',

  'R6.summary':
    'Imagen lumbar por dolor de espalda de menos de 6 semanas, sin signos de alarma en el expediente: converse sobre posponerla.',
  'R6.detail':
    'El dolor de espalda que empezó hace menos de 6 semanas sin signos de alarma suele mejorar sin estudios; converse sobre posponer la radiografía, la TC o la RM y centrarse en la actividad y el alivio de los síntomas, salvo que aparezcan signos de alarma.',
  'R6.note':
    'Se revisan las respuestas sobre signos de alarma de la consulta en línea por dolor de espalda de esta aplicación, pero no las de otros formularios: pregunte por ellos (cambios en la vejiga o el intestino, debilidad, fiebre, cáncer, lesión).',
  'R6.benefits':
    'La mayoría de los dolores lumbares nuevos mejoran en unas semanas con actividad y alivio de los síntomas.',
  'R6.harms':
    'Los estudios tempranos rara vez cambian la atención y pueden llevar a más procedimientos; la radiografía y la TC suman radiación.',

  'R7.uri.summary':
    'Antibiótico para un resfriado o bronquitis aguda: casi siempre son virales. Considere tratar los síntomas en su lugar.',
  'R7.uri.detail':
    'Los resfriados y la bronquitis aguda casi siempre son virales y los antibióticos no ayudan; considere tratar los síntomas y dar un plan de qué hacer si empeora, salvo que se sospeche neumonía u otra infección bacteriana.',
  'R7.uri.benefits': 'Los antibióticos no acortan un resfriado ni una bronquitis viral.',
  'R7.uri.harms':
    'Causan efectos secundarios como diarrea y sarpullido, y aumentan la resistencia a los antibióticos.',
  'R7.strep.summary':
    'Antibiótico para dolor de garganta sin prueba de estreptococo positiva en el expediente: haga la prueba antes de tratar.',
  'R7.strep.detail':
    'El dolor de garganta se trata con antibióticos solo si una prueba de estreptococo del grupo A (prueba rápida o cultivo) es positiva; busque una prueba positiva, o considere tratar los síntomas y dar un plan de qué hacer si empeora.',

  'R8a.summary':
    'Tamizaje de cáncer colorrectal pendiente a los {{age}} años: ofrezca las opciones (prueba de heces en casa o colonoscopia) y ayúdele a elegir.',
  'R8a.detail':
    'Le corresponde el tamizaje de cáncer colorrectal; ofrezca las opciones (prueba de heces en casa o colonoscopia) y ayúdele a elegir la que mejor se ajuste a sus preferencias.',
  'R8a.note':
    'No hay en el expediente prueba de heces en 1 año, sDNA-FIT en 3, colonografía por TC o sigmoidoscopia en 5, ni colonoscopia en 10 años.',
  'R8b.over85.summary':
    'Tamizaje de cáncer colorrectal a los {{age}} años: no se recomienda después de los 85. Converse sobre si encaja con su salud y metas.',
  'R8b.over85.detail':
    'No se recomienda el tamizaje rutinario de cáncer de colon después de los 85 años; si se pide una prueba de tamizaje, converse sobre si encaja con la salud y las metas de la persona.',
  'R8b.selective.summary':
    'Tamizaje de cáncer colorrectal a los {{age}} años: solo de forma selectiva; considere tamizajes previos, salud y preferencias.',
  'R8b.selective.detail':
    'Entre los 76 y los 85 años, el tamizaje de cáncer de colon es una decisión selectiva e individual: considere los tamizajes previos, el estado de salud general, la esperanza de vida y las preferencias de la persona.',

  'R9a.summary':
    'Prueba de PSA a los {{age}} años sin cáncer de próstata ni seguimiento de PSA alto en el expediente: converse sobre no hacerla.',
  'R9a.detail':
    'No se recomienda el tamizaje con PSA a partir de los 70 años porque los daños superan a los beneficios; salvo que sea el seguimiento de un problema conocido (o el estudio de síntomas urinarios), converse sobre no hacer la prueba.',
  'R9a.harms':
    'A partir de los 70 años, los daños del tamizaje con PSA (falsas alarmas, biopsias, sobretratamiento) superan a los beneficios.',
  'R9b.review.summary':
    '{{age}} años, ansiedad en el expediente, toma una benzodiacepina o pastilla para dormir: revisen juntos beneficio y riesgo de caídas.',
  'R9b.review.detail':
    'Esta persona mayor con trastorno de ansiedad generalizada toma una benzodiacepina o un fármaco Z; revisen juntos si el beneficio todavía supera el riesgo de caídas y confusión, y si otros tratamientos podrían ayudar.',
  'R9b.taper.summary':
    'Benzodiacepina o somnífero a los {{age}} años: riesgo de caídas y confusión. Converse sobre una retirada gradual y opciones sin fármacos.',
  'R9b.taper.detail':
    'Las pastillas para dormir y las benzodiacepinas aumentan el riesgo de caídas, confusión y accidentes de tránsito en personas mayores; converse sobre una reducción gradual y opciones sin fármacos, como la terapia cognitivo-conductual para el insomnio.',
  'R9b.note.opioid': 'Revise si toma también un opioide (más riesgo de sobredosis).',
  'R9b.note.drug': 'Fármaco: {{drug}}.',
  'R9b.harms':
    'En personas mayores, estos fármacos aumentan el riesgo de caídas, fracturas, confusión y accidentes de tránsito.',
  'R9c.repeat.summary':
    'Densitometría ósea repetida antes de 2 años con osteoporosis en tratamiento: converse sobre esperar salvo que algo haya cambiado.',
  'R9c.repeat.detail':
    'Repetir la densitometría ósea antes de 2 años rara vez cambia el tratamiento de la osteoporosis; converse sobre esperar salvo que algo haya cambiado (una fractura nueva, o empezar o cambiar el tratamiento).',
  'R9c.repeat.benefits': 'Repetir el estudio antes de 2 años rara vez cambia el tratamiento.',
  'R9c.screening.summary':
    'Densitometría a los {{age}} años sin factor de riesgo de osteoporosis registrado: revise antes los factores de riesgo (o una escala de riesgo).',
  'R9c.screening.detail':
    'No se recomienda la densitometría ósea en mujeres menores de 65 años sin factores de riesgo; revise los factores de riesgo (o use una herramienta de riesgo como FRAX) antes de pedirla.',
  'R9c.screening.note':
    'Solo se revisaron los factores de riesgo codificados; pregunte por fracturas, corticoides, tabaco, alcohol y antecedentes familiares.',
  'R9d.summary':
    'Análisis de vitamina D sin afección de riesgo en el expediente: converse sobre si hace falta la prueba.',
  'R9d.detail':
    'Los análisis rutinarios de vitamina D en personas sin una afección de riesgo rara vez cambian la atención; converse sobre si hace falta la prueba.',
  'R9d.benefits': 'En personas sin una afección de riesgo, el resultado rara vez cambia la atención.',

  'R10.illness.summary':
    'Enfermedad grave y sin planificación anticipada de la atención en 5 años: pregunte por sus deseos de atención futura.',
  'R10.age.summary':
    '{{age}} años y sin planificación anticipada de la atención en 5 años: pregunte por sus deseos y quién debería hablar en su nombre.',
  'R10.detail':
    'Pregunte si ha pensado en sus deseos de atención futura o si los dejó por escrito; registre quién debería hablar en su nombre si no pudiera hacerlo.',

  // "La persona": without a subject, beside an instruction to the clinician, "expresó" reads as
  // the clinician's own priority.
  'priority.summary': '{{summary}} — según la prioridad que expresó la persona.',
  'priority.detail': 'Converse teniendo en cuenta la prioridad que expresó la persona: {{words}}. {{detail}}',
  'priority.quoted': '«{{text}}»',
  'priority.endOfLife': 'una meta para el final de la vida',
  'priority.burdensome': 'atención que le resulta una carga',

  'card.benefits': 'Beneficios: {{text}}',
  'card.harms': 'Daños: {{text}}',
  'card.source': 'Fuente: {{citation}}',
  'card.addToPlan': 'Añadir al plan de cuidado compartido: {{action}}',
  'card.proposeStatin': 'Proponer {{drug}} para que el clínico lo revise y firme',
  'card.proposeStatinInstead':
    'Proponer {{drug}} en lugar de la estatina de baja intensidad actual, para que el clínico lo revise y firme',
  'card.removeDraft': 'Quitar la orden en borrador: {{order}}',
  'card.openApp': 'Abrir Common Ground',

  'action.R1': 'Empezar una estatina',
  'action.R1.intensify': 'Pasar a una estatina de alta intensidad',
  'action.R2': 'Empezar un antiagregante plaquetario diario',
  'action.R2-safety': 'Suspender el prasugrel y elegir otro antiagregante',
  'action.R3': 'Dejar el tamizaje de cáncer de cuello uterino',
  'action.R4.comfort': 'Simplificar los medicamentos para la diabetes para evitar bajas de azúcar',
  'action.R4.type1': 'Relajar la meta de HbA1c y revisar la dosis de insulina',
  'action.R4': 'Relajar la meta de HbA1c y reducir el medicamento que causa bajas de azúcar',
  'action.R5': 'Revisar y reducir los medicamentos para la presión',
  'action.R6': 'No hacer estudios de imagen por este dolor de espalda por ahora',
  'action.R7': 'Sin antibiótico para esta infección',
  'action.R8a': 'Elegir juntos una prueba de tamizaje de cáncer colorrectal',
  'action.R8b.decide': 'Decidir juntos si seguir con el tamizaje de cáncer colorrectal',
  'action.R8b': 'Dejar el tamizaje de cáncer colorrectal',
  'action.R9a': 'Dejar el tamizaje con PSA',
  'action.R9b': 'Reducir poco a poco el medicamento para dormir',
  'action.R9c': 'No repetir la densitometría ósea por ahora',
  'action.R9d': 'No hacer el análisis rutinario de vitamina D',
  'action.R10': 'Hablar de los deseos de atención futura y de quién debería hablar en su nombre',

  'reason.patient-declined': 'La persona lo rechazó tras conversarlo',
  'reason.patient-declined_female': 'La paciente lo rechazó tras conversarlo',
  'reason.patient-declined_male': 'El paciente lo rechazó tras conversarlo',
  'reason.not-a-priority': 'No es una prioridad para la persona ahora',
  'reason.not-a-priority_female': 'No es una prioridad para la paciente ahora',
  'reason.not-a-priority_male': 'No es una prioridad para el paciente ahora',
  'reason.already-addressed': 'Ya se atendió en otro lugar',
  'reason.clinical-reason': 'Razón clínica (ver nota)',
  'reason.does-not-apply': 'No corresponde a esta persona',
  'reason.does-not-apply_female': 'No corresponde a esta paciente',
  'reason.does-not-apply_male': 'No corresponde a este paciente',
};
