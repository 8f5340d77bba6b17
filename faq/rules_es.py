"""Spanish scope rules: the Spanish counterpart of `faq.rules` (read the same way).

They read `Analysis.surface` of a Spanish question (folded: no accents, "ñ" as "n";
spelling fixed, clause punctuation kept). As in English: medical advice (doses, side
effects, symptoms, "¿debo tomar...?", what to eat, test results) and claims, bills and
other benefits (copays, deductibles, premiums, "¿cubre...?", dental, vision, pharmacy,
prior authorization, claims, billing, coding, credentialing) fall back with a reply that
says so; questions about something else altogether (the weather, recipes) fall back as no
match unless they also name the program, the portal or an account. A negation ("no",
"nunca", "sin", ...) in the five words before a match, within its clause, cancels it.
"""
from __future__ import annotations

import re

from faq.rules import BENEFITS, MEDICAL_ADVICE, Scope, make_rules
from faq.text import CLAUSE_MARKS

_NEGATIONS = frozenset({"no", "nunca", "sin", "ni", "tampoco", "jamas", "ningun", "ninguna", "ninguno", "niego"})
_CLAUSE_BREAKS = CLAUSE_MARKS | {"pero", "sino", "aunque", "embargo", "solo"}
_NOT_PROGRAM = r"(?! (el |la |este |esta |mi |un |una |del |al )?(programa|programas|collaborative|atencion colaborativa|coordinador\w*|inscripcion))"

SCOPE_RULES = make_rules(
    MEDICAL_ADVICE,
    r"\b(dosis|dosificacion|miligramos?|mg|mcg)\b",
    r"\befectos? (secundarios?|adversos?|colaterales)\b",
    r"\bcuant[oa]s? (\w+ ){0,2}(debo|puedo|tengo que|hay que|deberia) (tomar|tomarme|inyectar\w*|usar|comer|beber)\b",
    r"\bcuant[oa]s? (unidades|pastillas|tabletas|gotas|insulina|medicina|medicamento|pildoras)\b"
    r"|\bcuant[oa]s? (\w+ ){0,2}(me pongo|me inyecto|me tomo|le pongo|le doy|ponerme|ponerle|tomarme)\b",
    r"\b(debo|deberia|tengo que) (tomar|tomarme|dejar de tomar|empezar a tomar|preocuparme|ir al doctor|ir al medico|"
    r"ir a urgencias|ir al hospital|ver a un doctor|ver a un medico|hacerme (un|una|el|la) (examen|prueba|analisis)|"
    r"comer|beber|inyectar\w*)\b" + _NOT_PROGRAM,
    r"\b(puedo|podria|se puede) (tomar(?! parte)|mezclar|combinar|beber|comer)\b" + _NOT_PROGRAM,
    r"\bes (normal|malo|grave|peligroso|serio|saludable) (tener|que me duela|sentir)\b",
    r"\b(sintomas?|senales?|signos?) de\b",
    r"\bque (medicamento|medicamentos|medicina|medicinas|pastilla|pastillas|antibiotico|antibioticos|remedio|"
    r"remedios)\b",
    r"\b(receta medica|recetas medicas|recetar|recetarme|resurtir|surtir mi receta|antibioticos?|ibuprofeno|tylenol|"
    r"paracetamol|acetaminofen|aspirina|metformina|lisinopril|estatinas?)\b",
    r"\bcomo (puedo |debo |se puede |se )?(bajar|reducir|subir|aumentar|tratar|curar|quitar|controlar|quitarme) "
    r"(el|la|mi|los|las|este|esta) (\w+ )?(azucar|presion|colesterol|dolor|glucosa|fiebre|tos|sintomas?|a1c|"
    r"ansiedad|infeccion|diabetes|gripe|mareo)\b",
    r"\b(?<!ver mi )(?<!ver el )(diagnosticar|diagnosticarme|curar|curarme|cura para|remedio|remedios)\b",
    r"\b(dolor de cabeza|migrana|fiebre|tos|sarpullido|erupcion|nauseas?|vomitos?|vomitando|diarrea|mareos?|"
    r"mareado|mareada|dolor de garganta|infeccion|gripe|covid|me duele|le duele|duele|dolor|dolores|hinchado|"
    r"hinchada|hinchazon)\b",
    # what to eat or do about a condition, which doctor or therapist to see
    r"\bque (debo|deberia|puedo|puede|debe|deberiamos|podemos) (comer|beber|evitar|tomar)\b",
    r"\b(recomienda|recomiendame|recomiende|recomiendeme|recomendar|recomendarme|sugiere|sugiereme|sugiera|sugerir|"
    r"sugerirme) (me )?(un|una|algun|alguna)? ?"
    r"(buen |buena )?(terapeuta|consejero|consejera|psiquiatra|psicologo|psicologa|doctor|doctora|medico|medica|"
    r"dermatologo|cirujano|dentista|especialista|cardiologo|pediatra)s?\b",
    r"\b(vacuna|vacunas|vacunacion|vacunarme|refuerzo|resultados? de (mis |los |la |el |mi )?(analisis|examen|examenes|"
    r"estudios?|laboratorio|prueba|pruebas|sangre)|resultados? del laboratorio)\b",
    r"\b(debe|deberia|deberiamos|debo) (el doctor |el medico |mi doctor |mi medico |usted )?(aumentar|subir|bajar|"
    r"reducir|ajustar|recetar|suspender) (la|el|mi|su) (\w+ )?(dosis|medicamento|medicina|insulina|pastilla)\b",
    # a reading with its number: "mi azúcar está en 250", "la presión salió 168 102"
    r"\b(presion|azucar|glucosa|a1c|colesterol|pulso|temperatura|oxigeno|egfr|ldl|hdl) (\w+ ){0,2}(es|esta|fue|salio|"
    r"marca|marco|de|en|llego a|subio a|bajo a|anda en) (\w+ ){0,2}\d+",
    r"\b(presion|azucar|glucosa|a1c|colesterol|ritmo cardiaco|imc|nivel|niveles) (normal|normales|sano|sana|"
    r"saludable|ideal|bueno|buena|alto|alta|bajo|baja) (de|para|es|son|seria)\b|\bniveles? normal(es)? de\b",
    r"\b(generico|genericos|medicamento de marca)\b",
    r"\b(que causa|que lo causa|que la causa|contagioso|contagiosa|alergi\w*)\b",
    r"\b(incapacidad (medica|laboral)|nota medica|constancia medica|justificante medico|fmla|necesidad medica)\b",
) + make_rules(
    BENEFITS,
    r"\b(reclamo|reclamos|reclamacion|reclamaciones|eob|explicacion de beneficios|dental|dentista|dientes|vision|"
    r"lentes|anteojos|gafas|examen de la vista|farmacia|farmacias|formulario de medicamentos|autorizacion previa|"
    r"preautorizacion|pre autorizacion|cpt|icd|icd 10|hcpcs|tax id|fax|audifonos|aparatos auditivos|quiropractic\w*|"
    r"acupuntura|equipo medico duradero)\b",
    r"\b(mi|el|su|nuestro) (seguro|plan|poliza|aseguranza|seguranza)( medico| de salud)? (cubre|paga|incluye|cubrira|"
    r"pagara)\b" + _NOT_PROGRAM,
    r"\b(cubre|cubrira|cubriria|paga|pagara) (mi|el|su|nuestro) (seguro|plan|poliza|aseguranza|seguranza)\b"
    + _NOT_PROGRAM,
    r"\b(cuanto|cual) (es|son|sera|seria|fue|seran) (mi|su|el|la|los|las|nuestro) (\w+ ){0,2}(copagos?|deducibles?|"
    r"coaseguro|primas? del seguro|primas? mensual(es)?|gastos de bolsillo)\b",
    r"\b(mi|su|el|nuestro) (saldo|estado de cuenta)\b|\b(mi|su|la) factura del (hospital|doctor|medico|laboratorio)\b",
    r"\b(pagar|mandar|enviar) (mi|la|su|el) (\w+ )?(prima|factura|recibo)s?\b",
    r"\b(recibi|me llego|me llegaron|me mandaron|nos llego) (una|un|otra|otro|esta|este|mi) (\w+ ){0,2}(factura|cobro|"
    r"recibo)\b",
    r"\bpor que (me|nos|le|les) (cobraron|facturaron|cobran|cobro)\b",
    r"\btarjeta (del seguro|de seguro|de medicare|de medicaid|de miembro|de identificacion|del plan|de salud|"
    r"de aseguranza)\b",
    r"\bcuanto (cuesta|cuestan|cobran|sale|me cobran por) (una|un|la|el|mi) (\w+ ){0,2}(consulta|visita|examen|estudio|"
    r"resonancia|cirugia|procedimiento|radiografia|receta|medicamento|ambulancia|sala de emergencias|laboratorio|"
    r"terapia)\b",
    r"\b(agregar|anadir|incluir) (a )?(mi|un|una|nuestro|nuestra) (\w+ ){0,2}(bebe|recien nacido|esposo|esposa|hijo|"
    r"hija|dependiente)s? (a|al|en)\b",
    r"\b(urgencias|sala de emergencias|clinica) (cerca|mas cercana|cercana|en la red)\b|\b(la|el) (hospital|clinica|"
    r"sala de emergencias|urgencias) mas cercan[oa]\b",
    r"\b(proxima|siguiente) cita\b|\bcuando es (mi|la|su) (\w+ )?cita\b|\bcita con (el|la) (doctor|doctora|dr)\b",
    r"\b(hacer|programar|agendar|sacar|cancelar|cambiar|mover|reprogramar|pedir) (una|mi|la|su) (\w+ )?(cita|consulta)\b",
    r"\b(medicare advantage|medigap|plan suplementario)\b|\b(periodo de )?inscripcion abierta\b(?!.*\bprogramas?\b)",
    # an office's claims, contracts and payments outside Collaborative Care
    r"\b(remesa|remesas|remittance|835|837|eft|denegacion|denegaciones|denegado|denegada|apelacion|apelaciones|apelar|"
    r"sobrepago|pago de menos|modificador|modificadores|carc|rarc)\b",
    r"\b(credencializacion|credencialamiento|credencialar|recredencial\w*|caqh|tabla de honorarios|tarifas contratadas|"
    r"montos permitidos|codigos? de facturacion|codigos? de procedimiento|codigos? de diagnostico|cms 1500|ub 04|"
    r"clearinghouse|superbill)\b",
    r"\b(acreditar|credenciales? (de|del|para) (un |una |el |la |nuevo |nueva )?(medico|medica|doctor|doctora|"
    r"proveedor))\b|\bproceso de credenciales\b",
    r"\b(como|podemos|puedo|se puede|debemos) (facturar|codificar)\b" + _NOT_PROGRAM,
    r"\b(facturar|facturacion|codigo|codificar|codificacion|tarifa|tarifas|pagan|reembolso|cpt) (por |para |del |de )?"
    r"(el |la |codigo )?\d{5}\b",
    r"\b(precertificacion|pre certificacion|terapia escalonada|solicitud de autorizacion|estado de la autorizacion|"
    r"numero de autorizacion)\b",
    r"\bautorizaci(on|ones) (para|de|previa)\b",
    r"\b(w9|w 9|1099|rvus?|farmacia por correo)\b|\b(aceptando|acepta|aceptan) (nuevos )?pacientes( nuevos)?\b",
)

# Out of scope only when the question names nothing of the program or the portal ("¿mi prima
# sube?" is about the plan; "¿sube mi prima por este programa?" is cost-to-patient).
UNLESS_PROGRAM_RULES = make_rules(
    MEDICAL_ADVICE,
    r"\bque (\w+ ){0,2}(debo|debe|deberia|puedo|puede|tengo que|tiene que) (hacer|comer|beber|tomar|usar|darle)\b",
    r"\b(vitaminas?|suplementos?|calorias|carbohidratos|proteinas?|batidos de proteina|probioticos?|melatonina|keto|"
    r"ayuno|ejercicios?|rutina de ejercicio)\b",
    r"\b(mejor|buena|buen|sana|saludable|correcta) (dieta|dietas|ejercicio|ejercicios|comida|comidas|alimentacion)\b"
    r"|\b(dieta|comida|alimentacion|ejercicio) (sana|saludable|buena|bueno|correcta|recomendada)\b",
    r"\bque (\w+ )?(examenes|pruebas|vacunas|analisis|estudios|chequeos) (necesito|debo|necesita|debe|me tengo que|"
    r"se tiene que)\b",
) + make_rules(
    BENEFITS,
    r"\b(copagos?|deducibles?|coaseguro|fuera de la red|hsa|fsa|cuenta de ahorros para la salud)\b",
    r"\b(pagar|pago|pagos|costo|monto) (de )?(la|mi|su)? ?primas?\b|\bprimas? (del|de mi|de su|mensual|mensuales|del "
    r"seguro|del plan)\b",
    r"\b\w+ (es|son|esta|estan) (gratis|gratuit[oa]s?|cubiert[oa]s?)\b|\b(es|son|esta|estan) (gratis|gratuit[oa]s?|"
    r"cubiert[oa]s?) (la|el|mi|los|las|mis) \w+",
    r"\b(mi|la|esta|una|esa|nuestra|su) (\w+ )?(factura|facturas|recibo de pago|estado de cuenta)\b",
    r"\b(me|nos|le|les) (cobraron|cobran|facturaron) (dos veces|doble|de nuevo|otra vez)\b|\bdoble cobro\b",
    r"\b(tarifas?|montos?) de (reembolso|pago)\b",
    r"\b(seguro|aseguranza|seguranza|medicare|medicaid|poliza|plan) (\w+ ){0,3}(cubre|cubren|paga|pagan|cobertura)\b",
    r"\b(cubre|cubren|cubrira|cubriria|cubrir)\b",
    r"\bcubiert[oa]s? (por|bajo|con) (mi|el|su|nuestro) (\w+ )?(seguro|plan|poliza|medicare|medicaid)\b",
    r"\bcobertura\b(?! (geografica|del area|de area|por estado))",
    r"\b(asilo|casa de reposo|hogar de ancianos|cuidado en casa|salud en el hogar|hospicio|enfermeria especializada|"
    r"transporte|transportacion|traslado a)\b",
    r"\b(aceptan|acepta|toman|toma) (mi|nuestro|su) (\w+ )?(seguro|plan|medicare|medicaid|aseguranza)\b",
    r"\b(telesalud|telemedicina|consultas? virtual(es)?|visitas? virtual(es)?|videollamada)\b",
    r"\b(ir|voy|fui|vamos|llevarlo|llevarla) (a )?(la |una |el )?(urgencias|sala de emergencias|clinica sin cita|"
    r"urgent care)\b",
    r"\b(hacer|programar|agendar|sacar|cancelar|cambiar|mover|reprogramar|pedir|conseguir) (me )?(una |un |mi |la |su )?"
    r"(\w+ )?(cita|citas)\b",
    r"\b(que|cual|cuales|algun|alguna) (\w+ )?(hospitales?|laboratorios?|farmacias?|especialistas?|dentistas?|"
    r"terapeutas?) (esta |estan |es |son )?(en|dentro de|fuera de) (la )?red\b",
    # a referral to a specialist (needing one to join the program is the program's eligibility)
    r"\b(necesito|conseguir|obtener|dame|enviar|mandar|pedir|solicitar|estado de|revisar) (una |un |la |el |mi |"
    r"nuestra )?(nueva |nuevo )?(referencia|referido|remision|pase) (para|al|a|de)\b",
    r"\b(facturacion|codificacion|facturar)\b",
)

_PROGRAM_NAMED = re.compile(
    r"\b(collaborative|collab|collabcare|cac|colaborativ\w*|programas?|coordinador\w*|equipo de atencion|"
    r"por (este|el|ese) programa|pago por valor|basado en valor|unirme|unirse|inscrib\w*|inscripcion\w*|apuntarme|"
    r"portal|sitio|pagina|cuenta|app|aplicacion|coach\w*|clases?|llamadas?|enfermera)\b"
    r"|\b(cambia|cambiara|sube|subira|aumenta|aumentara|afecta|afectara|cuesta|costara) (esto|eso|el programa)\b"
)

OFF_TOPIC = re.compile(
    r"\b(clima|el tiempo (que hace|hoy|manana)|que tiempo (hace|va a hacer)|va a llover|pronostico|que hora es|hora es|recetas? (de|para) (cocina|cocinar|"
    r"comida|pollo|carne|pastel|sopa|postre|galletas|arroz|frijoles|tacos|ensalada|pan)|como cocinar|precio de las "
    r"acciones|bolsa de valores|sentido de la vida|chistes?|loteria|deportes|partido de|marcador del|impresoras?|"
    r"wifi|wi fi|copiadora|toner|gimnasio|peliculas?|restaurantes?|horoscopo|trafico|outlook|citrix|vpn|laptop|"
    r"teclado|futbol)\b"
    r"|\b(ehr|emr|epic|athena|nextgen|computadora|pantalla|sistema) (\w+ )?(se congela|se congelo|se trabo|se cayo|"
    r"no funciona|esta lento|esta lenta|me saca)"
)
_ANCHORS = re.compile(
    r"\b(programas?|collaborative|colaborativ\w*|portal|sitio|pagina|cuenta|contrasena|iniciar sesion|inscrib\w*|"
    r"inscripcion|coordinador\w*|equipo de atencion|enfermera|doctor|doctora|medico|pacientes?|miembros?|npi|"
    r"atribu\w*|verificar|api|asistente)\b"
)

# Frequent words of other languages (French, German, Portuguese, Italian) that Spanish lacks,
# and Spanish words that show a question is Spanish.
OTHER_LANGUAGE_WORDS = frozenset("""
    je vous nous est pour avec mon mes voudrais comment bonjour merci suis pas ne et mot passe inscrire
    ich und der die das ist nicht wie kann meinen mein arzt bitte danke hallo finden
    voce nao obrigado obrigada meu minha eu quero posso preciso senha inscrever
    sono grazie ciao vorrei della il mio
""".split())
_SPANISH_WORDS = frozenset("""
    como que por para el los las del una puedo quiero tengo necesito ayuda hola gracias donde cuando
    programa mi mis es esta estoy soy se me de la en y o con su
""".split())

SPANISH_SCOPE = Scope(SCOPE_RULES, UNLESS_PROGRAM_RULES, _PROGRAM_NAMED, OFF_TOPIC, _ANCHORS, OTHER_LANGUAGE_WORDS,
                      _SPANISH_WORDS, _NEGATIONS, _CLAUSE_BREAKS)
