"""Spanish conversational phrases: picks, rejections, small talk and follow-ups (see
`faq.conversation` for how a turn is read). Read on folded text: "opción" is "opcion"."""
from __future__ import annotations

import re

from faq.conversation import Dialogue

_ORDINALS = {
    "1": 0, "uno": 0, "primero": 0, "primera": 0, "primer": 0, "1a": 0, "1o": 0, "1ra": 0, "1ro": 0, "1er": 0,
    "2": 1, "dos": 1, "segundo": 1, "segunda": 1, "2a": 1, "2o": 1, "2da": 1, "2do": 1,
    "3": 2, "tres": 2, "tercero": 2, "tercera": 2, "tercer": 2, "3a": 2, "3o": 2, "3ra": 2, "3ro": 2,
    "4": 3, "cuatro": 3, "cuarto": 3, "cuarta": 3, "4a": 3, "4o": 3, "4ta": 3, "4to": 3,
    "5": 4, "cinco": 4, "quinto": 4, "quinta": 4, "ultimo": -1, "ultima": -1,
}
_OPTION = r"(?:opcion|numero|pregunta|respuesta|enlace|link|liga|tema)"

SPANISH_DIALOGUE = Dialogue(
    ordinals=_ORDINALS,
    # "2", "la opción 3", "la última", "sí, la segunda", "quiero la primera por favor", "el número dos"
    pick=re.compile(
        r"^(?:(?:si|sip|ok|okey|vale|claro|bueno|pues|por|favor|porfa|quiero|quisiera|me|interesa|dame|deme|"
        r"muestrame|muestreme|elijo|escojo|selecciono|prefiero|a|ver|con|esa|ese|de|en|la|el|lo)\s+)*"
        r"(?:la\s+|el\s+|lo\s+)?(?:" + _OPTION + r"\s+)?(?:de\s+)?(?:la\s+|el\s+)?(?:" + _OPTION + r"\s+)?"
        r"(?P<n>" + "|".join(_ORDINALS) + r")(?:\s+" + _OPTION + r")?(?:\s+de\s+(?:la lista|arriba|abajo))?"
        r"(?:\s+(?:por favor|porfa|gracias|pls))?$"
    ),
    # "no, eso no es lo que quería", "respuesta equivocada", "ninguna", "ninguna de esas"
    reject=re.compile(
        r"^(?:no+|nop|nel)$|^(?:no+ )?(?:ninguna|ninguno|nada de eso)(?: de (?:estas|esas|ellas|estos|esos|ellos"
        r"|las anteriores|los anteriores))?\b"
        r"|\bno (?:es|era|fue) (?:lo que|eso lo que|eso que) (?:queria|quiero|quise|preguntaba|pregunte|pregunto|buscaba|"
        r"busco|necesito|necesitaba|estaba buscando|pedi)"
        r"|^(?:no+ )?(?:eso|esto|esa|esta|ese|este) no (?:es|era|fue)\b"
        r"|^(?:no+ )?(?:eso|esto) (?:esta|es) (?:mal|equivocado|incorrecto)\b"
        r"|^(?:no+ )?(?:eso|esto|esa|esta) no (?:responde|contesta|ayuda|me ayuda|me sirve|sirve|me ayudo)"
        r"|\brespuesta (?:equivocada|incorrecta|erronea|mala)\b|\b(?:tema|cosa) equivocad[oa]\b"
        r"|\bno (?:responde|contesta|respondio|contesto|responde a|contesta a) mi pregunta\b"
        r"|^no+ (?:eso|esa|ese|esto|es eso|era eso|es esa|era esa|asi)\b|\bno me (?:entendio|entendiste|entiende)\b"
        r"|^(?:equivocad[oa]|incorrect[oa]|para nada|nada que ver)\b"
    ),
    # "No, ...": read with its punctuation, since "no puedo entrar" is a question, not a rejection
    reject_marked=re.compile(r"^(?:no+|nop|nel) [,.;!]"),
    reject_lead=re.compile(
        r"^(?:(?:no+|nop|nel|perdon|disculpa|disculpe|lo siento|eso|esto|esa|ese|esta|este|es|era|fue|lo|que|queria|quiero"
        r"|quise|decir|me|referia|refiero|referi|pregunte|preguntaba|preguntando|pregunto|buscaba|busco|estaba|buscando"
        r"|sino|mas bien|a|sobre|de|del|la|el|respuesta|equivocada|equivocado|incorrecta|incorrecto|erronea|mala|ninguna"
        r"|ninguno|estas|esas|ellas|las|anteriores|mal|yo|mi|pregunta|tema|otra|cosa|saber|nada|para|nada que ver)"
        r"(?:\s+|$))+"
    ),
    not_rejecting=re.compile(r"^no+ (?:gracias|muchas gracias|grax|mil gracias|esta bien|gracias asi esta bien)\b"),
    small_talk={
        **dict.fromkeys((
            "gracias", "muchas gracias", "mil gracias", "muchisimas gracias", "gracias por todo", "muy amable",
            "muy amable gracias", "ok gracias", "okey gracias", "vale gracias", "bueno gracias", "perfecto",
            "perfecto gracias", "genial", "genial gracias", "excelente", "excelente gracias", "listo", "listo gracias",
            "entendido", "entendido gracias", "de acuerdo", "ok", "okey", "vale", "bueno", "adios", "hasta luego",
            "chao", "chau", "nos vemos", "eso es todo", "es todo", "nada mas", "eso era todo", "me ayudo",
            "me sirvio", "muy util", "gracias me sirvio", "gracias me ayudo", "no gracias", "no muchas gracias",
            "ya entendi", "ya entendi gracias", "esta bien", "esta bien gracias", "todo bien", "gracias por la ayuda",
            "gracias por su ayuda", "gracias por tu ayuda",
        ), "closing"),
        **dict.fromkeys((
            "hola", "buenos dias", "buenas tardes", "buenas noches", "buenas", "que tal", "hola que tal", "saludos",
            "hola buenos dias", "hola buenas tardes", "hola buenas noches", "hola buenas", "hey", "hola hola",
            "hola como estas", "hola como esta", "como estas", "como esta", "buen dia", "hola buen dia",
        ), "greeting"),
    },
    # "¿y para el corazón?", "¿y la de diabetes?", "¿y eso cuánto cuesta?", "lo mismo para mi esposo"
    follow_up=re.compile(
        r"^(?:y|tambien|ademas|entonces|ok y|okey y|vale y|bueno y|y que tal|que tal|y sobre|y para|para el|para la"
        r"|para los|para las|lo mismo para|lo mismo con|lo mismo pero|igual para|igual con|y con|y si|y en|y el|y la"
        r"|y los|y las|y de|y eso|y esto|es eso|eso es|se puede|puedo hacerlo|como lo hago|donde lo|a quien le|cuando lo"
        r"|hay uno|hay una|y como|y donde|y cuanto|y quien|y cuando|que pasa con|que hay de|y que hay de)\b"
        r"|\b(?:tambien|igual|de igual manera)$"
    ),
    anaphora=frozenset({"eso", "esto", "ese", "esa", "este", "esos", "esas", "estos", "ello", "ellos", "ellas", "alli",
                        "ahi", "aquello", "aquel", "mio", "mia", "suyo", "suya", "lo"}),
    filler=("programa programas uno una unos unas opcion mismo misma cosa cosas informacion detalles detalle tipo "
            "el la los las de del para sobre que y tambien"),
)
